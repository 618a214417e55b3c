from __future__ import annotations

import io
import uuid

import pytest
from django.urls import reverse
from PIL import Image

from tips.tests.conftest import jpeg_bytes, upload
from tips.tests.test_photos import gps_exif
from walks import links, services
from walks.models import Finding, FindingPhoto
from walks.public_views import FINDINGS_PER_HOUR
from walks.tests.factories import FindingFactory, FindingPhotoFactory

pytestmark = pytest.mark.django_db


def _resident_url(walk, token=None) -> str:
    return reverse(
        "walks:public-resident-finding",
        kwargs={"slug": walk.municipality.slug, "token": token or links.resident_token(walk)},
    )


def _public_url(walk) -> str:
    return reverse("walks:public-walk-detail", kwargs={"slug": walk.municipality.slug, "pk": walk.pk})


def _data(**overrides) -> dict:
    return {
        "kind": "bushes",
        "description": "Buskarna skymmer gångvägen.",
        "idempotency_key": str(uuid.uuid4()),
        **overrides,
    }


def test_a_resident_adds_a_finding_through_the_link_without_an_account(client, walk_a):
    page = client.get(_resident_url(walk_a))
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    assert 'name="owner"' not in page.content.decode()
    response = client.post(_resident_url(walk_a), {**_data(), "photos": [upload(jpeg_bytes(exif=gps_exif()))]})
    assert response.status_code == 200 and "Tack" in response.content.decode()
    finding = Finding.objects.get()
    assert finding.source == Finding.Source.RESIDENT and finding.author is None and finding.owner is None
    with FindingPhoto.objects.get().image.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
    assert not image.getexif() and "exif" not in image.info


def test_a_forged_or_retired_link_answers_404(client, walk_a, coordinator_a):
    assert client.get(_resident_url(walk_a, token=f"{walk_a.pk}:x:forged")).status_code == 404
    token = links.resident_token(walk_a)
    services.walk_retire_resident_link(actor=coordinator_a, walk=walk_a)
    assert client.get(_resident_url(walk_a, token=token)).status_code == 404
    assert client.post(_resident_url(walk_a, token=token), _data()).status_code == 404
    assert not Finding.objects.exists()


def test_a_link_of_another_municipality_answers_404(client, walk_a, municipality_b):
    url = reverse(
        "walks:public-resident-finding", kwargs={"slug": municipality_b.slug, "token": links.resident_token(walk_a)}
    )
    assert client.get(url).status_code == 404


def test_residents_are_rate_limited_like_tips(client, walk_a):
    for _ in range(FINDINGS_PER_HOUR):
        client.post(_resident_url(walk_a), _data())
    response = client.post(_resident_url(walk_a), _data())
    assert response.status_code == 429
    assert Finding.objects.count() == FINDINGS_PER_HOUR


def test_the_honeypot_stores_nothing(client, walk_a):
    response = client.post(_resident_url(walk_a), _data(website="http://spam.example"))
    assert response.status_code == 200 and not Finding.objects.exists()


def test_a_planned_public_walk_invites_on_the_municipality_page(client, walk_a):
    page = client.get(reverse("portal:municipality-public", kwargs={"slug": walk_a.municipality.slug}))
    assert walk_a.title in page.content.decode()
    detail = client.get(_public_url(walk_a)).content.decode()
    assert "Kom bara, ingen anmälan behövs." in detail


def test_the_public_report_shows_only_chosen_photos_and_no_names(
    client, walk_a, coordinator_a, organisation_a, place_a
):
    finding = FindingFactory(walk=walk_a, place=place_a, author=coordinator_a)
    shown = FindingPhotoFactory(finding=finding)
    hidden = FindingPhotoFactory(finding=finding)
    services.walk_hold(actor=coordinator_a, walk=walk_a, organisation=organisation_a)
    assert client.get(_public_url(walk_a)).status_code == 404  # held, report not yet published
    services.walk_report_save(
        actor=coordinator_a,
        walk=walk_a,
        summary="Vi hittade tre mörka platser.",
        residents_said="",
        parties_answered="",
        public_photos=[shown],
        hidden_findings=[],
        publish=True,
    )
    body = client.get(_public_url(walk_a)).content.decode()
    assert "Vi hittade tre mörka platser." in body and finding.description in body
    photo = lambda p: reverse("walks:public-walk-photo", kwargs={"slug": walk_a.municipality.slug, "pk": p.pk})  # noqa: E731
    assert photo(shown) in body and photo(hidden) not in body
    assert coordinator_a.username not in body and coordinator_a.get_full_name() not in body
    assert client.get(photo(hidden)).status_code == 404


def test_the_pledge_page_links_the_published_report(client, walk_a, coordinator_a, organisation_a, commitment_a):
    services.walk_hold(actor=coordinator_a, walk=walk_a, organisation=organisation_a)
    pledge = commitment_a.focus_area.pledge
    url = reverse("agreements:public-pledge-detail", kwargs={"slug": pledge.municipality.slug, "pk": pledge.pk})
    assert _public_url(walk_a) not in client.get(url).content.decode()
    services.walk_report_save(
        actor=coordinator_a,
        walk=walk_a,
        summary="",
        residents_said="",
        parties_answered="",
        public_photos=[],
        hidden_findings=[],
        publish=True,
    )
    assert _public_url(walk_a) in client.get(url).content.decode()


def test_a_request_too_large_to_receive_stores_nothing(client, walk_a):
    response = client.post(_resident_url(walk_a), _data(), CONTENT_LENGTH=str(50 * 1024 * 1024))
    assert response.status_code == 413 and not Finding.objects.exists()


@pytest.mark.parametrize("key", ["", "not-a-uuid", "1" * 500])
def test_a_bad_idempotency_key_is_a_form_error_not_a_500(client, walk_a, key):
    response = client.post(_resident_url(walk_a), _data(idempotency_key=key), HTTP_X_WALKS_SCRIPT="1")
    assert response.status_code == 400 and "idempotency_key" in response.json()["errors"]
