"""Every internal URL of the app, for every persona (pretix test_permissions)."""

import pytest
from django.urls import reverse

from situation_reports.tests.factories import ActionFactory, ObservationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(report_a, place_a):
    observation = ObservationFactory(report=report_a, place=place_a)
    action = ActionFactory(report=report_a)
    return {"observation": observation.pk, "action": action.pk, "place": place_a.pk}


WEEK = ("2025", "10")
# (url name, extra args, minimum role for GET, minimum role for POST)
URLS = [
    ("week-current", (), "reader", None),
    ("week-jump", (), "reader", None),
    ("week-detail", WEEK, "reader", None),
    ("week-print", WEEK, "reader", None),
    ("week-csv", WEEK, "reader", None),
    ("report-edit", WEEK, "coordinator", "coordinator"),
    ("week-close", WEEK, "coordinator", "coordinator"),
    ("week-publish", WEEK, "coordinator", "coordinator"),
    ("observation-create", WEEK, "contributor", "contributor"),
    ("action-create", WEEK, "coordinator", "coordinator"),
    ("observation-edit", ("observation",), "contributor", "contributor"),
    ("observation-delete", ("observation",), "contributor", "contributor"),
    ("action-edit", ("action",), "contributor", "contributor"),
    ("action-delete", ("action",), "coordinator", "coordinator"),
    ("observation-list", (), "reader", None),
    ("observation-csv", (), "reader", None),
    ("place-detail", ("place",), "reader", None),
    ("dashboard", (), "reader", None),
]


def _url(name, args, municipality, objects):
    resolved = [objects.get(arg, arg) for arg in args]
    return reverse(f"situation_reports:{name}", args=[municipality.slug, *resolved])


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


WITH_OBJECTS = [u for u in URLS if set(u[1]) & {"observation", "action", "place"}]


@pytest.mark.parametrize(("name", "args", "get_role", "post_role"), WITH_OBJECTS)
def test_objects_of_another_municipality_are_404_through_ones_own_slug(
    official_b_client, municipality_a, municipality_b, objects, name, args, get_role, post_role
):
    url = _url(name, args, municipality_b, objects)
    assert official_b_client.get(url).status_code == 404


@pytest.mark.parametrize(("name", "args", "get_role", "post_role"), [u for u in URLS if u[2] != "reader"])
def test_readers_may_not_write(reader_client, municipality_a, objects, name, args, get_role, post_role):
    url = _url(name, args, municipality_a, objects)
    assert reader_client.get(url).status_code == 403
    assert reader_client.post(url).status_code == 403


@pytest.mark.parametrize(("name", "args", "get_role", "post_role"), [u for u in URLS if u[2] == "coordinator"])
def test_contributors_may_not_do_what_coordinators_do(
    contributor_client, municipality_a, objects, name, args, get_role, post_role
):
    url = _url(name, args, municipality_a, objects)
    assert contributor_client.post(url).status_code == 403


@pytest.mark.parametrize(("name", "args", "get_role", "post_role"), [u for u in URLS if u[2] == "reader"])
def test_readers_see_the_reading_pages(reader_client, municipality_a, objects, name, args, get_role, post_role):
    response = reader_client.get(_url(name, args, municipality_a, objects))
    assert response.status_code in (200, 302)
