"""Every URL of analyses and plans, for every persona (pretix test_permissions)."""

import pytest
from django.urls import reverse

from agreements.tests.factories import AgreementFactory
from portal.tests.factories import PlaceFactory
from situation_reports.analyses.models import AnalysisLink

from .factories import AnnualPlanFactory, PeriodAnalysisFactory, PlanMeasureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(municipality_a, frozen):
    analysis = PeriodAnalysisFactory(municipality=municipality_a)
    link = AnalysisLink.objects.create(analysis=analysis, place=PlaceFactory(municipality=municipality_a))
    plan = AnnualPlanFactory(municipality=municipality_a)
    PlanMeasureFactory(plan=plan)
    return {"analysis": analysis.pk, "link": link.pk, "plan": plan.pk}


# (url name, extra args, minimum role for GET, minimum role for POST)
URLS = [
    ("analysis-list", (), "reader", None),
    ("analysis-create", (), "contributor", "contributor"),
    ("analysis-detail", ("analysis",), "reader", None),
    ("analysis-edit", ("analysis",), "contributor", "contributor"),
    ("analysis-approve", ("analysis",), "coordinator", "coordinator"),
    ("analysis-delete", ("analysis",), "coordinator", "coordinator"),
    ("analysis-link-create", ("analysis",), "contributor", "contributor"),
    ("analysis-link-edit", ("analysis", "link"), "contributor", "contributor"),
    ("analysis-link-delete", ("analysis", "link"), "contributor", "contributor"),
    ("plan-create", (), "coordinator", "coordinator"),
    ("plan-detail", ("plan",), "reader", None),
    ("plan-edit", ("plan",), "coordinator", "coordinator"),
    ("plan-approve", ("plan",), "coordinator", "coordinator"),
    ("plan-delete", ("plan",), "coordinator", "coordinator"),
    ("plan-print", ("plan",), "reader", None),
    ("plan-pdf", ("plan",), "reader", None),
]


def _url(name, args, municipality, objects):
    return reverse(f"situation_reports:{name}", args=[municipality.slug, *(objects[a] for a in args)])


@pytest.mark.parametrize(("name", "args", "get_role", "post_role"), URLS)
def test_anonymous_visitors_are_sent_to_login(client, municipality_a, objects, name, args, get_role, post_role):
    response = client.get(_url(name, args, municipality_a, objects))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "args", "get_role", "post_role"), URLS)
def test_members_of_another_municipality_get_404(
    official_b_client, municipality_a, objects, name, args, get_role, post_role
):
    url = _url(name, args, municipality_a, objects)
    assert official_b_client.get(url).status_code == 404
    assert official_b_client.post(url).status_code == 404


@pytest.mark.parametrize(("name", "args", "get_role", "post_role"), [u for u in URLS if u[1]])
def test_objects_of_another_municipality_are_404_through_ones_own_slug(
    official_b_client, municipality_a, municipality_b, objects, name, args, get_role, post_role
):
    url = _url(name, args, municipality_b, objects)
    assert official_b_client.get(url).status_code == 404
    assert official_b_client.post(url).status_code == 404


@pytest.mark.parametrize(("name", "args", "get_role", "post_role"), [u for u in URLS if u[2] != "reader"])
def test_readers_may_not_write(reader_client, municipality_a, objects, name, args, get_role, post_role):
    url = _url(name, args, municipality_a, objects)
    assert reader_client.get(url).status_code == 403
    assert reader_client.post(url).status_code == 403


@pytest.mark.parametrize(("name", "args", "get_role", "post_role"), [u for u in URLS if u[2] == "coordinator"])
def test_contributors_may_not_approve_delete_or_write_the_plan(
    contributor_client, municipality_a, objects, name, args, get_role, post_role
):
    url = _url(name, args, municipality_a, objects)
    assert contributor_client.get(url).status_code == 403
    assert contributor_client.post(url).status_code == 403


@pytest.mark.parametrize(("name", "args", "get_role", "post_role"), [u for u in URLS if u[2] == "reader"])
def test_readers_may_read(reader_client, municipality_a, objects, name, args, get_role, post_role):
    response = reader_client.get(_url(name, args, municipality_a, objects))
    assert response.status_code in (200, 302)


def test_an_agreement_of_another_municipality_shows_no_analyses(official_b_client, municipality_b, objects):
    agreement = AgreementFactory(municipality=municipality_b)
    response = official_b_client.get(reverse("agreements:agreement-detail", args=[municipality_b.slug, agreement.pk]))
    assert response.status_code == 200
    assert "Tertial" not in response.content.decode()
