"""Tenant isolation across the whole application (as pretix's
test_permissions.py): every URL pattern of the project is either exercised
across the municipality boundary here or exempted below with a reason."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from portal.tests.world import Side, build_side, snapshot, url_patterns

pytestmark = pytest.mark.django_db

# URL name -> which object of a Side fills its `pk`.
PK_OBJECT = {
    "portal:place-edit": "place",
    "portal:member-edit": "membership",
    "portal:member-remove": "membership",
    "portal:member-resend-invitation": "membership",
    "agreements:agreement-detail": "agreement",
    "agreements:agreement-edit": "agreement",
    "agreements:agreement-pdf": "agreement",
    "agreements:pledge-detail": "pledge",
    "agreements:pledge-edit": "pledge",
    "agreements:commitments-edit": "pledge",
    "agreements:pledge-publish": "pledge",
    "agreements:evaluation-edit": "pledge",
    "agreements:pledge-next-period": "pledge",
    "agreements:commitment-detail": "commitment",
    "agreements:progress-update-correct": "progress_update",
    "agreements:public-agreement-detail": "agreement",
    "agreements:public-agreement-pdf": "agreement",
    "agreements:public-pledge-detail": "pledge",
    "agreements:public-pledge-follow": "pledge",
    "tips:tip-detail": "tip",
    "tips:tip-status": "tip",
    "tips:tip-triage": "tip",
    "tips:tip-message": "tip",
    "tips:tip-review": "tip",
    "tips:tip-photo": "tip",
    "tips:tip-share": "tip",
    "tips:tip-unshare": "tip",
    "tips:reply-template-edit": "reply_template",
    "tips:reply-template-delete": "reply_template",
    "situation_reports:observation-edit": "observation",
    "situation_reports:observation-delete": "observation",
    "situation_reports:action-edit": "action",
    "situation_reports:action-delete": "action",
    "situation_reports:place-detail": "place",
    "situation_reports:presence-edit": "presence",
    "situation_reports:presence-delete": "presence",
    "situation_reports:decision-delete": "decision",
    "situation_reports:analysis-detail": "analysis",
    "situation_reports:analysis-edit": "analysis",
    "situation_reports:analysis-approve": "analysis",
    "situation_reports:analysis-delete": "analysis",
    "situation_reports:analysis-link-create": "analysis",
    "situation_reports:analysis-link-edit": "analysis",
    "situation_reports:analysis-link-delete": "analysis",
    "situation_reports:plan-detail": "plan",
    "situation_reports:plan-edit": "plan",
    "situation_reports:plan-approve": "plan",
    "situation_reports:plan-delete": "plan",
    "situation_reports:plan-print": "plan",
    "situation_reports:plan-pdf": "plan",
    "walks:walk-detail": "walk",
    "walks:walk-edit": "walk",
    "walks:finding-create": "walk",
    "walks:walk-hold": "walk",
    "walks:walk-report": "walk",
    "walks:finding-action": "finding",
    "walks:finding-photo": "finding_photo",
    "walks:public-walk-detail": "walk",
    "walks:public-walk-photo": "finding_photo",
    "walks:public-walk-follow": "walk",
}

# URL patterns that take no municipality or object, or whose argument is a
# secret token rather than an id: nothing of another tenant can be named.
EXEMPT = {
    "portal:home": "public start page, lists every municipality by design",
    "portal:my-municipalities": "lists only the user's own memberships",
    "portal:account": "the user's own account",
    "portal:two-factor-setup": "the user's own two-factor device",
    "portal:two-factor-verify": "the user's own two-factor device",
    "portal:two-factor-recovery-codes": "the user's own recovery codes (tested in test_two_factor_everywhere)",
    "portal:language-switch": "sets the visitor's language cookie",
    "portal:health": "no data",
    "login": "authentication",
    "logout": "authentication",
    "password_change": "the user's own password",
    "password_change_done": "static confirmation",
    "password_reset": "answers the same for every address",
    "password_reset_done": "static confirmation",
    "password_reset_confirm": "a signed one-time token, not an id",
    "password_reset_complete": "static confirmation",
    "agreements:commitment-due-all": "across the user's own municipalities only (tested in agreements)",
    "agreements:public-follow-confirm": "a signed one-time token, not an id",
    "agreements:public-unfollow": "a signed token, not an id",
    "tips:follow-up": "the receipt code is the only key (tested in tips)",
    "tips:follow-up-recent": "the resident's own signed cookie holds the code (tested in tips)",
    "legal:robots": "no data",
    "legal:favicon": "no data",
    "legal:overview": "lists every municipality's public legal pages by design",
    "situation_reports:dashboard-combined": "across the user's own municipalities only (tested in situation_reports)",
    "walks:public-resident-finding": "a signed token naming the walk, not an id (tested in walks)",
    "walks:public-follow-confirm": "a signed one-time token, not an id",
    "walks:public-unfollow": "a signed token, not an id",
}

PUBLIC_PREFIX = "kommun/"


def build_url(name: str, route: str, *, slug_side: Side, object_side: Side) -> str:
    kwargs: dict[str, object] = {}
    for param in re.findall(r"<(?:\w+:)?(\w+)>", route):
        if param in ("municipality_slug", "slug"):
            kwargs[param] = slug_side.slug
        elif param == "pk":
            kwargs[param] = getattr(object_side, PK_OBJECT[name]).pk
        elif param == "link_pk":
            kwargs[param] = object_side.analysis_link.pk
        elif param == "area_pk":
            kwargs[param] = object_side.focus_area.pk
        elif param == "photo_pk":
            kwargs[param] = 1
        elif param == "organisation_pk":
            kwargs[param] = object_side.membership.organisation_id
        elif param == "tip_pk":
            kwargs[param] = object_side.tip.pk
        elif param == "year":
            kwargs[param] = object_side.report.iso_year
        elif param == "week":
            kwargs[param] = object_side.report.iso_week
        else:
            raise AssertionError(f"{name}: no value for <{param}>; extend build_url")
    return reverse(name, kwargs=kwargs)


def scoped_patterns() -> list[tuple[str, str]]:
    return [(name, route) for name, route in url_patterns() if name not in EXEMPT]


def has_object(route: str) -> bool:
    return bool(re.search(r"<(?:\w+:)?(pk|area_pk|tip_pk|link_pk)>", route))


def isolation_cases() -> list[tuple[str, str]]:
    """Scoped patterns that can name another tenant's data: every internal
    one, and public ones with an object id (a municipality's public page
    without one is public by design)."""
    return [(n, r) for n, r in scoped_patterns() if not r.startswith(PUBLIC_PREFIX) or has_object(r)]


@pytest.fixture
def sides(db):
    return build_side("A"), build_side("B")


def test_every_url_pattern_is_in_the_matrix_or_exempted_with_a_reason():
    names = {name for name, _ in url_patterns()}
    unnamed = [route for name, route in url_patterns() if not name]
    assert not unnamed, f"name these URL patterns so the matrix can refer to them: {unnamed}"
    uncovered = []
    for name, route in scoped_patterns():
        params = set(re.findall(r"<(?:\w+:)?(\w+)>", route))
        if not params & {"municipality_slug", "slug"}:
            uncovered.append(f"{name} ({route}) takes no municipality: exempt it with a reason or scope it")
        if "pk" in params and name not in PK_OBJECT:
            uncovered.append(f"{name} ({route}): add to PK_OBJECT which object its pk names")
    assert not uncovered, "\n".join(uncovered)
    assert not set(EXEMPT) - names, f"stale exemptions: {set(EXEMPT) - names}"


@pytest.mark.parametrize("name,route", isolation_cases(), ids=[name for name, _ in isolation_cases()])
def test_another_municipalitys_objects_answer_404_and_stay_unchanged(name, route, sides):
    a, b = sides
    client = Client()
    client.force_login(a.coordinator)
    before = snapshot(b)
    targets = []
    if not route.startswith(PUBLIC_PREFIX):
        targets.append(build_url(name, route, slug_side=b, object_side=b))  # B's slug: not a member
    if has_object(route):
        targets.append(build_url(name, route, slug_side=a, object_side=b))  # own slug, B's object id
    for url in targets:
        assert client.get(url).status_code in (404, 405), f"GET {url}"
        assert client.post(url, {"name": "kapad", "status": "closed"}).status_code == 404, f"POST {url}"
    assert snapshot(b) == before
