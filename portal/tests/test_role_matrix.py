"""One table of expected status codes: every internal URL x every role.

Columns are reader, contributor and coordinator of the URL's own
municipality (the contributor works for the police, is not a tip handler and
has nothing shared with it: tips are need-to-know), for GET and then POST (an empty POST: a form answers 200 with
its errors, an action redirects, a malformed action answers 400). Anonymous
visitors are always sent to the login page and officials of another
municipality always get 404; both are checked for every row too. 405 is a
POST-only URL answering GET.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from portal.tests.test_tenant_isolation import PUBLIC_PREFIX, build_url, scoped_patterns
from portal.tests.world import build_side

pytestmark = pytest.mark.django_db

EXPECTED = {
    "portal:municipality-home": ("200 200 200", "200 200 200"),
    "portal:place-list": ("200 200 200", "200 200 200"),
    "portal:place-create": ("403 403 200", "403 403 200"),
    "portal:place-edit": ("403 403 200", "403 403 200"),
    "portal:partner-organisation-add": ("403 403 200", "403 403 200"),
    "portal:resident-languages": ("403 403 200", "403 403 200"),
    "portal:member-list": ("200 200 200", "200 200 200"),
    "portal:member-invite": ("403 403 200", "403 403 200"),
    "portal:member-edit": ("403 403 200", "403 403 200"),
    "portal:member-remove": ("403 403 200", "403 403 302"),
    "portal:member-resend-invitation": ("405 405 405", "403 403 302"),
    "portal:delivery-failed-list": ("403 403 200", "403 403 200"),
    "portal:delivery-resend": ("405 405 405", "403 403 302"),
    "portal:delivery-resend-all": ("403 403 200", "403 403 302"),
    "agreements:agreement-list": ("200 200 200", "200 200 200"),
    "agreements:agreement-create": ("403 403 200", "403 403 200"),
    "agreements:agreement-detail": ("200 200 200", "200 200 200"),
    "agreements:agreement-edit": ("403 403 200", "403 403 200"),
    "agreements:agreement-pdf": ("404 404 404", "404 404 404"),
    "agreements:pledge-list": ("200 200 200", "200 200 200"),
    "agreements:pledge-create": ("403 403 200", "403 403 200"),
    "agreements:pledge-detail": ("200 200 200", "200 200 200"),
    "agreements:pledge-edit": ("403 403 200", "403 403 200"),
    "agreements:commitments-edit": ("403 403 200", "403 403 200"),
    "agreements:pledge-publish": ("403 403 200", "403 403 302"),
    "agreements:evaluation-edit": ("403 403 200", "403 403 200"),
    "agreements:pledge-next-period": ("403 403 200", "403 403 200"),
    "agreements:commitment-detail": ("200 200 200", "403 200 200"),
    "agreements:progress-update-correct": ("403 403 200", "403 403 200"),
    "agreements:commitment-due": ("200 200 200", "200 200 200"),
    "tips:tip-list": ("403 200 200", "403 200 200"),
    "tips:tip-export": ("403 403 200", "403 403 200"),
    "tips:tip-register": ("403 403 200", "403 403 200"),
    "tips:tip-detail": ("403 404 200", "403 404 200"),
    "tips:tip-status": ("405 405 405", "403 404 400"),
    "tips:tip-triage": ("405 405 405", "403 404 302"),
    "tips:tip-message": ("405 405 405", "403 404 400"),
    "tips:tip-review": ("405 405 405", "403 404 302"),
    "tips:tip-photo": ("403 404 404", "403 404 404"),
    "tips:tip-share": ("405 405 405", "403 404 400"),
    "tips:tip-unshare": ("405 405 405", "403 404 302"),
    "tips:tip-settings": ("403 403 200", "403 403 200"),
    "tips:reply-template-list": ("403 200 200", "403 200 200"),
    "tips:reply-template-create": ("403 403 200", "403 403 200"),
    "tips:reply-template-edit": ("403 403 200", "403 403 200"),
    "tips:reply-template-delete": ("403 403 200", "403 403 302"),
    "situation_reports:week-current": ("302 302 302", "302 302 302"),
    "situation_reports:week-jump": ("302 302 302", "302 302 302"),
    "situation_reports:week-detail": ("200 200 200", "200 200 200"),
    "situation_reports:report-edit": ("403 403 200", "403 403 200"),
    "situation_reports:week-close": ("403 403 200", "403 403 302"),
    "situation_reports:week-publish": ("403 403 302", "403 403 302"),
    "situation_reports:week-print": ("200 200 200", "200 200 200"),
    "situation_reports:week-csv": ("200 200 200", "200 200 200"),
    "situation_reports:observation-create": ("403 200 200", "403 200 200"),
    "situation_reports:action-create": ("403 403 200", "403 403 200"),
    "situation_reports:observation-list": ("200 200 200", "200 200 200"),
    "situation_reports:observation-csv": ("200 200 200", "200 200 200"),
    "situation_reports:observation-edit": ("403 403 200", "403 403 200"),
    "situation_reports:observation-delete": ("403 403 200", "403 403 302"),
    "situation_reports:action-edit": ("403 200 200", "403 200 200"),
    "situation_reports:action-delete": ("403 403 200", "403 403 302"),
    "situation_reports:place-detail": ("200 200 200", "200 200 200"),
    "situation_reports:week-reopen": ("403 403 302", "403 403 302"),
    "situation_reports:presence-create": ("403 200 200", "403 200 200"),
    "situation_reports:presence-edit": ("403 200 200", "403 200 200"),
    "situation_reports:presence-delete": ("403 200 200", "403 302 302"),
    "situation_reports:meeting-edit": ("403 403 200", "403 403 200"),
    "situation_reports:decision-delete": ("403 403 405", "403 403 302"),
    "situation_reports:observation-from-tip": ("403 405 405", "403 404 400"),
    "situation_reports:dashboard": ("200 200 200", "200 200 200"),
    "situation_reports:reminder-overview": ("403 403 200", "403 403 200"),
    "situation_reports:reminder-schedule": ("403 403 200", "403 403 200"),
    "situation_reports:reminder-resend": ("405 405 405", "403 403 302"),
    "situation_reports:analysis-list": ("200 200 200", "200 200 200"),
    "situation_reports:analysis-create": ("403 200 200", "403 200 200"),
    "situation_reports:analysis-detail": ("200 200 200", "200 200 200"),
    "situation_reports:analysis-edit": ("403 200 200", "403 200 200"),
    "situation_reports:analysis-approve": ("403 403 200", "403 403 302"),
    "situation_reports:analysis-delete": ("403 403 200", "403 403 302"),
    "situation_reports:analysis-link-create": ("403 200 200", "403 200 200"),
    "situation_reports:analysis-link-edit": ("403 200 200", "403 200 200"),
    "situation_reports:analysis-link-delete": ("403 200 200", "403 302 302"),
    "situation_reports:plan-create": ("403 403 200", "403 403 200"),
    "situation_reports:plan-detail": ("200 200 200", "200 200 200"),
    "situation_reports:plan-edit": ("403 403 200", "403 403 200"),
    "situation_reports:plan-approve": ("403 403 200", "403 403 302"),
    "situation_reports:plan-delete": ("403 403 200", "403 403 302"),
    "situation_reports:plan-print": ("200 200 200", "200 200 200"),
    "situation_reports:plan-pdf": ("200 200 200", "200 200 200"),
    "legal:page-list": ("403 403 200", "403 403 200"),
    "legal:privacy-edit": ("403 403 200", "403 403 200"),
    "legal:accessibility-edit": ("403 403 200", "403 403 200"),
    "legal:contact-edit": ("403 403 200", "403 403 200"),
    "walks:walk-list": ("200 200 200", "200 200 200"),
    "walks:walk-create": ("403 200 200", "403 400 400"),
    "walks:walk-detail": ("200 200 200", "200 200 200"),
    "walks:walk-edit": ("403 200 200", "403 400 400"),
    "walks:finding-create": ("403 200 200", "403 400 400"),
    "walks:walk-hold": ("405 405 405", "403 302 302"),
    "walks:walk-report": ("403 403 200", "403 403 302"),
    "walks:finding-action": ("403 200 200", "403 400 400"),
    "walks:finding-photo": ("404 404 404", "404 404 404"),
}

ROLES = ("reader", "contributor", "coordinator")
INTERNAL = [(name, route) for name, route in scoped_patterns() if not route.startswith(PUBLIC_PREFIX)]


def test_the_table_covers_every_internal_url():
    assert set(EXPECTED) == {name for name, _ in INTERNAL}


@pytest.mark.parametrize("name,route", INTERNAL, ids=[name for name, _ in INTERNAL])
def test_each_role_gets_the_expected_status(name, route):
    a, b = build_side("A"), build_side("B")
    url = build_url(name, route, slug_side=a, object_side=a)
    expected_get, expected_post = (codes.split() for codes in EXPECTED[name])
    for method, expected in (("get", expected_get), ("post", expected_post)):
        anonymous = getattr(Client(), method)(url)
        assert anonymous.status_code in (302, 405)
        assert "/konto/logga-in/" in anonymous.get("Location", "/konto/logga-in/")
        outsider = Client()
        outsider.force_login(b.coordinator)
        assert getattr(outsider, method)(url).status_code in (404, 405), f"{method} {url} as another municipality"
        for role, code in zip(ROLES, expected, strict=True):
            client = Client()
            client.force_login(getattr(a, role))
            with transaction.atomic():  # each role meets the same data, whatever the one before did
                status = getattr(client, method)(url).status_code
                transaction.set_rollback(True)
            assert str(status) == code, f"{method.upper()} {url} as {role}"


# --- The organisation dimension of the tips -----------------------------------
#
# Columns: a contributor of the municipality's own organisation whom a
# coordinator named tip handler; a contributor of the housing company, with
# whom the tip was shared (without contact details); a contributor of the
# school, with whom nothing was shared. GET, then an empty POST.
TIP_ORGANISATION_EXPECTED = {
    "tips:tip-list": ("200 200 200", "200 200 200"),
    "tips:tip-export": ("200 403 403", "200 403 403"),
    "tips:tip-register": ("200 403 403", "200 403 403"),
    "tips:tip-detail": ("200 200 404", "200 200 404"),
    "tips:tip-status": ("405 405 405", "400 403 404"),
    "tips:tip-triage": ("405 405 405", "302 403 404"),
    "tips:tip-message": ("405 405 405", "400 403 404"),
    "tips:tip-review": ("405 405 405", "302 403 404"),
    "tips:tip-photo": ("404 403 404", "404 403 404"),
    "tips:tip-share": ("405 405 405", "400 403 404"),
    "tips:tip-unshare": ("405 405 405", "302 403 404"),
    "tips:tip-settings": ("403 403 403", "403 403 403"),
    "tips:reply-template-list": ("200 200 200", "200 200 200"),
    "tips:reply-template-create": ("403 403 403", "403 403 403"),
    "tips:reply-template-edit": ("403 403 403", "403 403 403"),
    "tips:reply-template-delete": ("403 403 403", "403 403 403"),
    "situation_reports:observation-from-tip": ("405 405 405", "400 400 404"),
    "situation_reports:dashboard": ("200 200 200", "200 200 200"),
    "situation_reports:place-detail": ("200 200 200", "200 200 200"),
}
ORGANISATIONS = ("handler", "shared", "unshared")
TIP_INTERNAL = [(name, route) for name, route in INTERNAL if name in TIP_ORGANISATION_EXPECTED]


def tip_people(side) -> dict[str, object]:
    """Three contributors of `side` who differ only in their organisation
    (and whether a coordinator named them tip handler); the side's tip is
    shared with the housing company."""
    from portal.models import Role
    from portal.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
    from tips.models import TipShare

    municipality = side.municipality
    own = side.coordinator.memberships.get().organisation
    housing = OrganisationFactory(name=f"Bostad {side.slug}", kind="housing", municipalities=[municipality])
    school = OrganisationFactory(name=f"Skola {side.slug}", kind="school", municipalities=[municipality])
    TipShare.objects.create(tip=side.tip, organisation=housing, shared_by=side.coordinator)
    people = {}
    for label, organisation, handler in (
        ("handler", own, True),
        ("shared", housing, False),
        ("unshared", school, False),
    ):
        people[label] = UserFactory(username=f"{label}-{side.slug}")
        MembershipFactory(
            user=people[label],
            municipality=municipality,
            organisation=organisation,
            role=Role.CONTRIBUTOR,
            is_tip_handler=handler,
        )
    return people


def test_the_organisation_table_covers_every_tip_url():
    tip_urls = {name for name, _ in INTERNAL if name.startswith("tips:")}
    assert tip_urls <= set(TIP_ORGANISATION_EXPECTED)


@pytest.mark.parametrize("name,route", TIP_INTERNAL, ids=[name for name, _ in TIP_INTERNAL])
def test_each_organisation_gets_the_expected_status_on_tips(name, route):
    a = build_side("A")
    people = tip_people(a)
    url = build_url(name, route, slug_side=a, object_side=a)
    expected_get, expected_post = (codes.split() for codes in TIP_ORGANISATION_EXPECTED[name])
    for method, expected in (("get", expected_get), ("post", expected_post)):
        for label, code in zip(ORGANISATIONS, expected, strict=True):
            client = Client()
            client.force_login(people[label])
            with transaction.atomic():
                status = getattr(client, method)(url).status_code
                transaction.set_rollback(True)
            assert str(status) == code, f"{method.upper()} {url} as the {label} organisation"


# --- The organisation dimension of the walks ----------------------------------
#
# The walk names the municipality's own organisation as taking part. Columns:
# a contributor of that organisation; a contributor of the housing company,
# which does not take part; a coordinator of the housing company (coordinators
# work on every walk). An organisation not taking part reads the walk and its
# findings (places, not people) but records nothing, changes nothing, holds
# nothing and makes no actions (403), and sees only published photos (404 for
# the rest). GET, then an empty POST.
WALK_ORGANISATION_EXPECTED = {
    "walks:walk-list": ("200 200 200", "200 200 200"),
    "walks:walk-create": ("200 200 200", "400 400 400"),
    "walks:walk-detail": ("200 200 200", "200 200 200"),
    "walks:walk-edit": ("200 403 200", "400 403 400"),
    "walks:finding-create": ("200 403 200", "400 403 400"),
    "walks:walk-hold": ("405 405 405", "302 403 302"),
    "walks:walk-report": ("403 403 200", "403 403 302"),
    "walks:finding-action": ("200 403 200", "400 403 400"),
    "walks:finding-photo": ("200 404 200", "200 404 200"),
}
WALK_PEOPLE = ("taking_part", "not_taking_part", "coordinator_not_taking_part")
WALK_INTERNAL = [(name, route) for name, route in INTERNAL if name in WALK_ORGANISATION_EXPECTED]


def walk_people(side) -> dict[str, object]:
    """Members of `side` who differ in whether their organisation takes part
    in the side's walk; its photo is a real, unpublished file."""
    from django.core.files.base import ContentFile

    from portal.models import Role
    from portal.tests.factories import MembershipFactory, OrganisationFactory, UserFactory

    municipality = side.municipality
    own = side.coordinator.memberships.get().organisation
    housing = OrganisationFactory(name=f"Bostad {side.slug}", kind="housing", municipalities=[municipality])
    side.walk.organisations.set([own])
    photo = side.finding_photo
    photo.is_public = False
    photo.image.save("photo.jpg", ContentFile(b"\xff\xd8\xff\xd9"), save=True)
    people = {}
    for label, organisation, role in (
        ("taking_part", own, Role.CONTRIBUTOR),
        ("not_taking_part", housing, Role.CONTRIBUTOR),
        ("coordinator_not_taking_part", housing, Role.COORDINATOR),
    ):
        people[label] = UserFactory(username=f"{label}-{side.slug}")
        MembershipFactory(user=people[label], municipality=municipality, organisation=organisation, role=role)
    return people


def test_the_organisation_table_covers_every_walk_url():
    assert {name for name, _ in INTERNAL if name.startswith("walks:")} == set(WALK_ORGANISATION_EXPECTED)


@pytest.mark.parametrize("name,route", WALK_INTERNAL, ids=[name for name, _ in WALK_INTERNAL])
def test_each_organisation_gets_the_expected_status_on_walks(name, route, settings, tmp_path):
    settings.TIP_PHOTO_ROOT = tmp_path
    a = build_side("A")
    people = walk_people(a)
    url = build_url(name, route, slug_side=a, object_side=a)
    expected_get, expected_post = (codes.split() for codes in WALK_ORGANISATION_EXPECTED[name])
    for method, expected in (("get", expected_get), ("post", expected_post)):
        for label, code in zip(WALK_PEOPLE, expected, strict=True):
            client = Client()
            client.force_login(people[label])
            with transaction.atomic():
                status = getattr(client, method)(url).status_code
                transaction.set_rollback(True)
            assert str(status) == code, f"{method.upper()} {url} as {label}"


# --- The organisation dimension of every other URL ------------------------------
#
# A partner organisation's contributor (the housing company's, with whom the
# side's tip is shared, and the school's) gets what the municipality's police
# contributor gets in EXPECTED, except where an object belongs to an
# organisation: the police's action and presence entry. Columns: housing,
# school; GET, then an empty POST. The tip URLs have their own table above.
PARTNER_DIFFERENCES = {
    "situation_reports:action-edit": ("403 403", "403 403"),
    "situation_reports:presence-edit": ("403 403", "403 403"),
    "situation_reports:presence-delete": ("403 403", "403 403"),
}
PARTNERS = ("shared", "unshared")
PARTNER_INTERNAL = [(name, route) for name, route in INTERNAL if name not in TIP_ORGANISATION_EXPECTED]


def _partner_expected(name: str) -> tuple[list[str], list[str]]:
    if name in PARTNER_DIFFERENCES:
        return [codes.split() for codes in PARTNER_DIFFERENCES[name]]
    contributor = ROLES.index("contributor")
    return [[codes.split()[contributor]] * len(PARTNERS) for codes in EXPECTED[name]]


def test_the_partner_differences_name_real_urls():
    assert set(PARTNER_DIFFERENCES) <= {name for name, _ in PARTNER_INTERNAL}


@pytest.mark.parametrize("name,route", PARTNER_INTERNAL, ids=[name for name, _ in PARTNER_INTERNAL])
def test_each_partner_organisation_gets_the_expected_status(name, route):
    from portal.tests.test_tenant_isolation import has_object
    from portal.tests.world import snapshot

    a, b = build_side("A"), build_side("B")
    people = tip_people(a)
    url = build_url(name, route, slug_side=a, object_side=a)
    foreign = build_url(name, route, slug_side=a, object_side=b) if has_object(route) else None
    before = snapshot(b)
    for method, expected in zip(("get", "post"), _partner_expected(name), strict=True):
        for label, code in zip(PARTNERS, expected, strict=True):
            client = Client()
            client.force_login(people[label])
            with transaction.atomic():
                status = getattr(client, method)(url).status_code
                transaction.set_rollback(True)
            assert str(status) == code, f"{method.upper()} {url} as the {label} organisation's contributor"
            if foreign:  # another municipality's object through the partner's own municipality
                assert getattr(client, method)(foreign).status_code in (403, 404, 405), f"{method} {foreign}"
    assert snapshot(b) == before
