"""Need-to-know: tip handlers see everything, other contributors only what
was shared with their organisation, and every look at a tip is audited."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from portal.models import AuditEvent, Membership, Role
from portal.tests.factories import MembershipFactory, MunicipalityFactory, OrganisationFactory, UserFactory
from tips.models import TipShare, TipStatus
from tips.tests.factories import TipFactory

pytestmark = pytest.mark.django_db

NAME, PHONE = "Anna Resident", "070-123 45 67"


@pytest.fixture
def housing(municipality_a):
    return OrganisationFactory(name="Botkyrkabyggen A", kind="housing", municipalities=[municipality_a])


@pytest.fixture
def tenant_officer(municipality_a, housing):
    user = UserFactory(username="bovard-a")
    MembershipFactory(user=user, municipality=municipality_a, organisation=housing, role=Role.CONTRIBUTOR)
    return user


@pytest.fixture
def tip(municipality_a):
    return TipFactory(municipality=municipality_a, contact_name=NAME, contact_phone=PHONE, description="Langning")


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def detail(municipality, tip) -> str:
    return reverse("tips:tip-detail", args=[municipality.slug, tip.pk])


def share(client, municipality, tip, **data):
    return client.post(reverse("tips:tip-share", args=[municipality.slug, tip.pk]), data)


def test_a_contributor_outside_the_handlers_gets_404_until_the_tip_is_shared(
    coordinator_a, tenant_officer, municipality_a, housing, tip
):
    officer = as_user(tenant_officer)
    assert officer.get(detail(municipality_a, tip)).status_code == 404
    listed = officer.get(reverse("tips:tip-list", args=[municipality_a.slug])).context["page_obj"]
    assert list(listed) == []
    assert share(as_user(coordinator_a), municipality_a, tip, organisation=housing.pk).status_code == 302
    response = officer.get(detail(municipality_a, tip))
    content = response.content.decode()
    assert response.status_code == 200 and "Langning" in content
    assert NAME not in content and PHONE not in content
    assert "Inte delade med din organisation." in content
    assert "Meddelanden med invånaren" not in content  # the thread is the handlers'
    listed = officer.get(reverse("tips:tip-list", args=[municipality_a.slug])).context["page_obj"]
    assert [t.pk for t in listed] == [tip.pk]
    assert officer.get(reverse("tips:tip-export", args=[municipality_a.slug])).status_code == 403


def test_contact_details_are_shared_only_with_a_reason(coordinator_a, tenant_officer, municipality_a, housing, tip):
    coordinator = as_user(coordinator_a)
    response = share(coordinator, municipality_a, tip, organisation=housing.pk, include_contact="on", reason="  ")
    assert response.status_code == 400
    assert "Ange varför organisationen behöver invånarens kontaktuppgifter." in response.content.decode()
    assert not TipShare.objects.exists()
    reason = "Bovärden ska ringa upp om trasig belysning"
    share(coordinator, municipality_a, tip, organisation=housing.pk, include_contact="on", reason=reason)
    content = as_user(tenant_officer).get(detail(municipality_a, tip)).content.decode()
    assert NAME in content and PHONE in content
    event = AuditEvent.objects.get(action="tip.shared")
    assert (event.actor, event.object_id) == (coordinator_a, str(tip.pk))
    assert "contact=yes" in event.detail and reason in event.detail


def test_a_share_to_another_municipalitys_organisation_answers_404(coordinator_a, municipality_a, tip):
    foreign = OrganisationFactory(name="Bostad B", municipalities=[MunicipalityFactory()])
    assert share(as_user(coordinator_a), municipality_a, tip, organisation=foreign.pk).status_code == 404
    assert share(as_user(coordinator_a), municipality_a, tip, organisation="x").status_code == 404
    assert not TipShare.objects.exists()


def test_unsharing_takes_access_away_and_is_audited(coordinator_a, tenant_officer, municipality_a, housing, tip):
    TipShare.objects.create(tip=tip, organisation=housing)
    officer = as_user(tenant_officer)
    assert officer.get(detail(municipality_a, tip)).status_code == 200
    url = reverse("tips:tip-unshare", args=[municipality_a.slug, tip.pk, housing.pk])
    assert as_user(coordinator_a).post(url).status_code == 302
    assert officer.get(detail(municipality_a, tip)).status_code == 404
    assert AuditEvent.objects.filter(action="tip.unshared", object_id=str(tip.pk)).count() == 1


def test_a_removed_handler_loses_access_at_once_in_an_open_session(contributor_a, municipality_a, tip):
    session = as_user(contributor_a)  # a tip handler in the tips tests
    assert session.get(detail(municipality_a, tip)).status_code == 200
    Membership.objects.filter(user=contributor_a).update(is_tip_handler=False)
    assert session.get(detail(municipality_a, tip)).status_code == 404
    assert session.get(reverse("tips:tip-export", args=[municipality_a.slug])).status_code == 403
    Membership.objects.filter(user=contributor_a).delete()
    assert session.get(reverse("tips:tip-list", args=[municipality_a.slug])).status_code == 404


def test_a_coordinator_names_a_handler_on_the_member_page(coordinator_a, tenant_officer, municipality_a, tip):
    membership = tenant_officer.memberships.get()
    url = reverse("portal:member-edit", args=[municipality_a.slug, membership.pk])
    data = {"organisation": membership.organisation_id, "role": Role.CONTRIBUTOR, "is_tip_handler": "on"}
    assert as_user(coordinator_a).post(url, data).status_code == 302
    membership.refresh_from_db()
    assert membership.is_tip_handler
    content = as_user(tenant_officer).get(detail(municipality_a, tip)).content.decode()
    assert NAME in content


def test_forwarding_to_the_police_shares_the_tip_with_the_police(
    coordinator_a, municipality_a, police_a, tip, django_user_model
):
    police_officer = UserFactory(username="polis-ej-handlaggare")
    MembershipFactory(user=police_officer, municipality=municipality_a, organisation=police_a, role=Role.CONTRIBUTOR)
    url = reverse("tips:tip-status", args=[municipality_a.slug, tip.pk])
    assert as_user(coordinator_a).post(url, {"status": TipStatus.FORWARDED_TO_POLICE}).status_code == 302
    share = TipShare.objects.get(tip=tip)
    assert (share.organisation, share.include_contact) == (police_a, False)
    content = as_user(police_officer).get(detail(municipality_a, tip)).content.decode()
    assert "Langning" in content and PHONE not in content


def test_opening_listing_and_exporting_are_audited_per_tip(contributor_a, municipality_a, tip, time_machine):
    time_machine.move_to("2025-03-05 23:30:00+01:00", tick=False)
    client = as_user(contributor_a)
    list_url = reverse("tips:tip-list", args=[municipality_a.slug])
    for _ in range(3):
        client.get(list_url)
    listed = AuditEvent.objects.filter(action="tip.listed", object_id=str(tip.pk), actor=contributor_a)
    assert listed.count() == 1  # once per tip and day, not per request
    time_machine.shift(3600)  # past midnight: a new day
    client.get(list_url)
    assert listed.count() == 2
    client.get(detail(municipality_a, tip))
    assert AuditEvent.objects.filter(action="tip.viewed", object_id=str(tip.pk)).count() == 1
    client.get(reverse("tips:tip-export", args=[municipality_a.slug]))
    assert AuditEvent.objects.filter(action="tip.exported", object_id=str(tip.pk)).count() == 1


def test_the_export_is_for_handlers_and_holds_their_tips_only(coordinator_a, municipality_a, municipality_b, tip):
    TipFactory(municipality=municipality_b, description="Annan kommun")
    response = as_user(coordinator_a).get(reverse("tips:tip-export", args=[municipality_a.slug]))
    content = b"".join(response.streaming_content).decode()
    assert "Langning" in content and "Annan kommun" not in content
    assert PHONE not in content and NAME not in content


def test_readers_see_no_tips_even_when_shared(reader_a, organisation_a, municipality_a, tip):
    TipShare.objects.create(tip=tip, organisation=organisation_a)
    assert as_user(reader_a).get(detail(municipality_a, tip)).status_code == 403
