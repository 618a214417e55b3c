"""Every internal URL of the app, for every persona (pretix's URL matrix):
anonymous → login, another municipality → 404, too low a role → 403, and
the organisation a choice names must collaborate in the walk's municipality."""

import uuid

import pytest
from django.urls import reverse

from portal.tests.factories import OrganisationFactory
from tips.photos import clean_photo
from tips.tests.conftest import jpeg_bytes, upload
from walks import services
from walks.models import Finding

pytestmark = pytest.mark.django_db

C, W, R = "coordinator", "contributor", "reader"

# (url name, which object its pk names, the lowest role that may GET, the lowest role that may POST)
URLS = [
    ("walk-list", None, R, None),
    ("walk-create", None, W, W),
    ("walk-detail", "walk", R, None),
    ("walk-edit", "walk", W, W),
    ("finding-create", "walk", W, W),
    ("walk-hold", "walk", None, W),
    ("walk-report", "walk", C, C),
    ("finding-action", "finding", W, W),
    ("finding-photo", "photo", R, None),
]
RANK = {R: 1, W: 2, C: 3}


@pytest.fixture
def objects(walk_a, place_a):
    photo = clean_photo(upload(jpeg_bytes()))
    data = {"place": place_a, "kind": "dark", "description": "Mörk gång."}
    finding = services.finding_record(walk=walk_a, data=data, photos=[photo], idempotency_key=uuid.uuid4()).finding
    return {"walk": walk_a, "finding": finding, "photo": finding.photos.get()}


def _url(name, key, municipality, objects) -> str:
    kwargs = {"municipality_slug": municipality.slug}
    if key:
        kwargs["pk"] = objects[key].pk
    return reverse(f"walks:{name}", kwargs=kwargs)


@pytest.mark.parametrize("name,key,get_role,post_role", URLS, ids=[u[0] for u in URLS])
def test_each_persona_gets_login_404_403_or_the_page(
    client, name, key, get_role, post_role, objects, municipality_a, coordinator_a, contributor_a, reader_a, official_b
):
    url = _url(name, key, municipality_a, objects)
    for method in ("get", "post"):
        client.logout()
        response = getattr(client, method)(url)
        assert response.status_code in (302, 405) and "/konto/logga-in/" in response.get("Location", "/konto/logga-in/")
        client.force_login(official_b)
        assert getattr(client, method)(url).status_code in (404, 405)
    for role, user in ((R, reader_a), (W, contributor_a), (C, coordinator_a)):
        client.force_login(user)
        for method, lowest in (("get", get_role), ("post", post_role)):
            status = getattr(client, method)(url).status_code
            if lowest is None:
                assert status != 500, (method, name, role)
            elif RANK[role] < RANK[lowest]:
                assert status == 403, (method, name, role)
            else:
                assert status not in (403, 404, 500), (method, name, role, status)


def test_a_finding_cannot_name_an_organisation_outside_the_municipality(contributor_client, walk_a, municipality_b):
    elsewhere = OrganisationFactory(municipalities=[municipality_b])
    url = reverse("walks:finding-create", kwargs={"municipality_slug": walk_a.municipality.slug, "pk": walk_a.pk})
    data = {"kind": "dark", "description": "Mörkt.", "owner": elsewhere.pk, "idempotency_key": str(uuid.uuid4())}
    response = contributor_client.post(url, data, HTTP_X_WALKS_SCRIPT="1")
    assert response.status_code == 400 and "owner" in response.json()["errors"]
    assert not Finding.objects.exists()
