"""Every internal URL of the app, for every persona (pretix's URL matrix):
anonymous → login, another municipality → 404, too low a role → 403."""

import pytest
from django.urls import reverse

from agreements.models import Agreement, CitizenPledge, Commitment, ProgressUpdate
from agreements.tests.factories import AgreementFactory, CommitmentFactory, FocusAreaFactory, PledgeFactory

pytestmark = pytest.mark.django_db

C, W, R = "coordinator", "contributor", "reader"

# (url name, kwargs keys, the lowest role that may GET, the lowest role that may POST)
URLS = [
    ("agreement-list", [], R, None),
    ("agreement-create", [], C, C),
    ("agreement-detail", ["agreement"], R, None),
    ("agreement-edit", ["agreement"], C, C),
    ("pledge-list", [], R, None),
    ("pledge-create", [], C, C),
    ("pledge-detail", ["pledge"], R, None),
    ("pledge-edit", ["pledge"], C, C),
    ("commitments-edit", ["pledge", "area"], C, C),
    ("pledge-publish", ["pledge"], None, C),
    ("evaluation-edit", ["pledge"], C, C),
    ("pledge-next-period", ["pledge"], C, C),
    ("commitment-detail", ["commitment"], R, W),
    ("commitment-due", [], R, None),
]


@pytest.fixture
def ids(agreement_a, pledge_a, area_a, commitment_a):
    return {"agreement": agreement_a.pk, "pledge": pledge_a.pk, "area": area_a.pk, "commitment": commitment_a.pk}


def _url(name, keys, municipality, ids):
    args = [municipality.slug, *(ids[key] for key in keys)]
    return reverse(f"agreements:{name}", args=args)


@pytest.mark.parametrize(("name", "keys", "get_role", "post_role"), URLS)
def test_anonymous_visitors_are_sent_to_login(client, municipality_a, ids, name, keys, get_role, post_role):
    url = _url(name, keys, municipality_a, ids)
    response = client.post(url) if get_role is None else client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "keys", "get_role", "post_role"), URLS)
def test_a_member_of_another_municipality_gets_404(
    official_b_client, municipality_a, ids, name, keys, get_role, post_role
):
    url = _url(name, keys, municipality_a, ids)
    if get_role is not None:
        assert official_b_client.get(url).status_code == 404
    assert official_b_client.post(url, {"title": "Kapad", "action": "unpublish"}).status_code == 404


@pytest.mark.parametrize(("name", "keys", "get_role", "post_role"), [url for url in URLS if url[1]])
def test_objects_of_another_municipality_are_404_through_ones_own_slug(
    coordinator_client, municipality_a, municipality_b, name, keys, get_role, post_role
):
    pledge = PledgeFactory(municipality=municipality_b)
    area = FocusAreaFactory(pledge=pledge)
    foreign = {
        "agreement": AgreementFactory(municipality=municipality_b).pk,
        "pledge": pledge.pk,
        "area": area.pk,
        "commitment": CommitmentFactory(focus_area=area).pk,
    }
    url = _url(name, keys, municipality_a, foreign)
    if get_role is not None:
        assert coordinator_client.get(url).status_code == 404
    assert coordinator_client.post(url, {"title": "Kapad"}).status_code == 404


WRITES_FOR_READERS = [(name, keys) for name, keys, _, post_role in URLS if post_role is not None]


@pytest.mark.parametrize(("name", "keys"), WRITES_FOR_READERS)
def test_readers_may_not_write(reader_client, municipality_a, ids, name, keys):
    url = _url(name, keys, municipality_a, ids)
    assert (
        reader_client.post(url, {"title": "Ändrad", "text": "x", "status": "done", "day": "2026-01-02"}).status_code
        == 403
    )


COORDINATOR_ONLY = [(name, keys, get_role) for name, keys, get_role, post_role in URLS if post_role == C]


@pytest.mark.parametrize(("name", "keys", "get_role"), COORDINATOR_ONLY)
def test_contributors_may_not_edit_agreements_or_pledges(contributor_client, municipality_a, ids, name, keys, get_role):
    url = _url(name, keys, municipality_a, ids)
    if get_role is not None:
        assert contributor_client.get(url).status_code == 403
    assert contributor_client.post(url, {"title": "Ändrad", "action": "publish"}).status_code == 403


@pytest.mark.parametrize(("name", "keys", "get_role", "post_role"), [u for u in URLS if u[2] == R])
def test_readers_may_read(reader_client, municipality_a, ids, name, keys, get_role, post_role):
    assert reader_client.get(_url(name, keys, municipality_a, ids)).status_code == 200


def test_nothing_changed_after_the_refused_requests(official_b_client, reader_client, municipality_a, ids):
    for name, keys, _, _ in URLS:
        official_b_client.post(_url(name, keys, municipality_a, ids), {"title": "Kapad", "action": "publish"})
    assert not Agreement.objects.filter(title="Kapad").exists()
    assert not CitizenPledge.objects.filter(is_published=True).exists()
    assert not ProgressUpdate.objects.exists()
    assert Commitment.objects.get(pk=ids["commitment"]).status == Commitment.Status.PLANNED


def test_the_cross_municipality_due_list_needs_a_login(client):
    response = client.get(reverse("agreements:commitment-due-all"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
