from __future__ import annotations

import io
import uuid

import pytest
from django.urls import reverse
from PIL import Image

from portal.tests.factories import OrganisationFactory, PlaceFactory
from tips.tests.conftest import jpeg_bytes, upload
from tips.tests.test_photos import gps_exif
from walks.models import Finding, FindingPhoto, Walk, WalkStop
from walks.tests.factories import FindingFactory, WalkFactory

pytestmark = pytest.mark.django_db


def _url(name: str, walk_or_finding, **kwargs) -> str:
    slug = (
        walk_or_finding.walk.municipality.slug
        if isinstance(walk_or_finding, Finding)
        else walk_or_finding.municipality.slug
    )
    return reverse(f"walks:{name}", kwargs={"municipality_slug": slug, "pk": walk_or_finding.pk, **kwargs})


def _finding_data(**overrides) -> dict:
    data = {"kind": "dark", "description": "Lampan vid gångtunneln är trasig.", "idempotency_key": str(uuid.uuid4())}
    return {**data, **overrides}


def test_a_contributor_plans_a_walk_with_an_ordered_route(contributor_client, municipality_a, police_a, commitment_a):
    first, second, third = (PlaceFactory(municipality=municipality_a, name=n) for n in ("Sätra", "Torget", "Parken"))
    response = contributor_client.post(
        reverse("walks:walk-create", kwargs={"municipality_slug": municipality_a.slug}),
        {
            "kind": "walk",
            "title": "Kvällsvandring i Sätra",
            "starts_at": "2026-12-10T18:00",
            "meeting_place": first.pk,
            "commitment": commitment_a.pk,
            "organisations": [police_a.pk],
            "how_to_join": "Kom bara.",
            "invitation_public": "on",
            "stop_1": third.pk,
            "stop_2": first.pk,
            "stop_4": second.pk,
        },
    )
    walk = Walk.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("walk-detail", walk)
    assert [s.place for s in WalkStop.objects.filter(walk=walk)] == [third, first, second]
    assert walk.commitment == commitment_a and list(walk.organisations.all()) == [police_a]


def test_another_municipalitys_place_or_organisation_is_not_a_choice(
    contributor_client, municipality_a, municipality_b
):
    foreign_place = PlaceFactory(municipality=municipality_b)
    foreign_org = OrganisationFactory(municipalities=[municipality_b])
    response = contributor_client.post(
        reverse("walks:walk-create", kwargs={"municipality_slug": municipality_a.slug}),
        {
            "kind": "walk",
            "title": "X",
            "starts_at": "2026-12-10T18:00",
            "stop_1": foreign_place.pk,
            "organisations": [foreign_org.pk],
        },
    )
    assert response.status_code == 400 and not Walk.objects.exists()
    assert "Välj ett giltigt alternativ" in response.content.decode()


def test_a_finding_without_the_script_redirects_back_to_the_walk(contributor_client, walk_a, place_a):
    response = contributor_client.post(_url("finding-create", walk_a), _finding_data(place=place_a.pk))
    assert response.status_code == 302 and response["Location"] == _url("walk-detail", walk_a)
    finding = Finding.objects.get()
    assert finding.place == place_a and finding.source == "official" and finding.author is not None


def test_the_script_gets_json_and_a_retry_records_one_finding(contributor_client, walk_a):
    data = _finding_data()
    first = contributor_client.post(_url("finding-create", walk_a), data, HTTP_X_WALKS_SCRIPT="1")
    again = contributor_client.post(_url("finding-create", walk_a), data, HTTP_X_WALKS_SCRIPT="1")
    assert first.json()["ok"] and not first.json()["duplicate"]
    assert again.json() == {"ok": True, "id": first.json()["id"], "duplicate": True}
    assert Finding.objects.count() == 1


def test_a_personal_identity_number_in_a_finding_is_refused_and_the_text_kept(contributor_client, walk_a):
    text = "Mannen 19850101-1234 står alltid här."
    response = contributor_client.post(_url("finding-create", walk_a), _finding_data(description=text))
    assert response.status_code == 400 and not Finding.objects.exists()
    body = response.content.decode()
    assert "personnummer" in body and "19850101-1234" in body
    as_json = contributor_client.post(
        _url("finding-create", walk_a), _finding_data(description=text), HTTP_X_WALKS_SCRIPT="1"
    )
    assert as_json.status_code == 400 and "description" in as_json.json()["errors"]


def test_a_photo_is_stored_re_encoded_without_exif(contributor_client, walk_a):
    photo = upload(jpeg_bytes(size=(120, 80), exif=gps_exif()))
    contributor_client.post(_url("finding-create", walk_a), {**_finding_data(), "photos": [photo]})
    stored = FindingPhoto.objects.get()
    with stored.image.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
    assert image.format == "JPEG" and not image.getexif() and "exif" not in image.info
    assert (stored.width, stored.height) == (120, 80)
    response = contributor_client.get(
        reverse("walks:finding-photo", kwargs={"municipality_slug": walk_a.municipality.slug, "pk": stored.pk})
    )
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


def test_a_reader_sees_the_walk_but_cannot_record(reader_client, walk_a):
    assert reader_client.get(_url("walk-detail", walk_a)).status_code == 200
    assert "Spara fyndet" not in reader_client.get(_url("walk-detail", walk_a)).content.decode()
    assert reader_client.post(_url("finding-create", walk_a), _finding_data()).status_code == 403


def test_another_municipalitys_official_gets_404(official_b_client, walk_a):
    assert official_b_client.get(_url("walk-detail", walk_a)).status_code == 404


def test_a_finding_is_turned_into_an_action(contributor_client, walk_a, police_a, place_a):
    finding = FindingFactory(walk=walk_a, place=place_a)
    url = reverse("walks:finding-action", kwargs={"municipality_slug": walk_a.municipality.slug, "pk": finding.pk})
    page = contributor_client.get(url)
    assert finding.description in page.content.decode()
    response = contributor_client.post(
        url, {"organisation": police_a.pk, "what": "Byt lampan", "due_date": "2026-12-24"}
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.action.what == "Byt lampan" and finding.action.responsible_organisation == police_a


def test_holding_the_walk_moves_the_commitment(contributor_client, walk_a, commitment_a):
    response = contributor_client.post(_url("walk-hold", walk_a))
    assert response.status_code == 302
    commitment_a.refresh_from_db()
    assert commitment_a.count_reached == 1


def test_user_text_is_escaped(contributor_client, walk_a):
    FindingFactory(walk=walk_a, description="<script>alert(1)</script>")
    body = contributor_client.get(_url("walk-detail", walk_a)).content.decode()
    assert "<script>alert(1)" not in body and "&lt;script&gt;" in body


def test_the_list_makes_the_same_number_of_queries_for_1_and_10_walks(
    reader_client, municipality_a, django_assert_max_num_queries
):
    url = reverse("walks:walk-list", kwargs={"municipality_slug": municipality_a.slug})
    WalkFactory(municipality=municipality_a)
    reader_client.get(url)  # warm the session and the nav
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        reader_client.get(url)
    WalkFactory.create_batch(9, municipality=municipality_a)
    with CaptureQueriesContext(connection) as ten:
        reader_client.get(url)
    # session, user, membership, count, walks with finding counts, sections
    assert len(ten) == len(one)


def test_the_detail_makes_the_same_number_of_queries_for_1_and_10_findings(contributor_client, walk_a, place_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    FindingFactory(walk=walk_a, place=place_a)
    contributor_client.get(_url("walk-detail", walk_a))
    with CaptureQueriesContext(connection) as one:
        contributor_client.get(_url("walk-detail", walk_a))
    FindingFactory.create_batch(9, walk=walk_a, place=place_a)
    with CaptureQueriesContext(connection) as ten:
        contributor_client.get(_url("walk-detail", walk_a))
    assert len(ten) == len(one)


def test_a_coordinator_publishes_the_report_of_a_held_walk_with_chosen_photos(
    coordinator_client, walk_a, coordinator_a, organisation_a
):
    from walks import services
    from walks.tests.factories import FindingPhotoFactory

    finding = FindingFactory(walk=walk_a)
    chosen, other = FindingPhotoFactory(finding=finding), FindingPhotoFactory(finding=finding)
    url = _url("walk-report", walk_a)
    refused = coordinator_client.post(url, {"summary": "Tre fynd.", "publish": "on"})
    assert refused.status_code == 400 and "genomförd" in refused.content.decode()
    services.walk_hold(actor=coordinator_a, walk=walk_a, organisation=organisation_a)
    assert coordinator_client.get(url).status_code == 200
    response = coordinator_client.post(
        url, {"summary": "Tre fynd.", "public_photos": [chosen.pk], "hidden_findings": [], "publish": "on"}
    )
    assert response.status_code == 302
    walk_a.refresh_from_db()
    chosen.refresh_from_db()
    other.refresh_from_db()
    assert walk_a.report_is_published and walk_a.report_summary == "Tre fynd."
    assert chosen.is_public and not other.is_public


def test_a_cancelled_walk_shows_why_it_cannot_be_held(contributor_client, walk_a, coordinator_a):
    from walks import services

    services.walk_cancel(actor=coordinator_a, walk=walk_a)
    response = contributor_client.post(_url("walk-hold", walk_a), follow=True)
    assert "En inställd vandring kan inte genomföras." in response.content.decode()


def test_a_finding_without_the_script_that_fails_shows_the_form_again(contributor_client, walk_a):
    response = contributor_client.get(_url("finding-create", walk_a))
    assert response.status_code == 200
    response = contributor_client.post(_url("finding-create", walk_a), _finding_data(description=""))
    assert response.status_code == 400 and "Spara fyndet" in response.content.decode()
