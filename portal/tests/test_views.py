import pytest
from django.urls import reverse

from portal.models import AuditEvent, Place, Role
from portal.tests.factories import MembershipFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def test_start_page_lists_municipalities_in_swedish(client, municipality_a, municipality_b):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Language"] == "sv"
    assert "Kommuner" in response.content.decode()
    assert municipality_a.name in response.content.decode()
    assert municipality_b.name in response.content.decode()


def test_start_page_is_english_after_switching_language(client, municipality_a):
    client.post(reverse("portal:language-switch"), {"language": "en", "next": "/"})
    response = client.get("/")
    assert response["Content-Language"] == "en"
    assert "Municipalities" in response.content.decode()


def test_public_municipality_page_lists_its_organisations(client, municipality_a, organisation_a):
    response = client.get(f"/kommun/{municipality_a.slug}/")
    assert response.status_code == 200
    assert organisation_a.name in response.content.decode()


def test_public_page_of_unknown_municipality_is_404(client, db):
    assert client.get("/kommun/finns-inte/").status_code == 404


def test_internal_pages_send_anonymous_visitors_to_login(client, municipality_a):
    response = client.get(reverse("portal:municipality-home", args=[municipality_a.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_official_lands_on_their_only_municipality(coordinator_client, municipality_a):
    response = coordinator_client.get(reverse("portal:my-municipalities"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:municipality-home", args=[municipality_a.slug])


def test_official_of_several_municipalities_sees_them_all(client, municipality_a, municipality_b, coordinator_a):
    MembershipFactory(user=coordinator_a, municipality=municipality_b, role=Role.READER)
    client.force_login(coordinator_a)
    response = client.get(reverse("portal:my-municipalities"))
    content = response.content.decode()
    assert municipality_a.name in content and municipality_b.name in content


def test_user_without_membership_sees_a_clear_message(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("ny", password="x"))
    response = client.get(reverse("portal:my-municipalities"))
    assert response.status_code == 200
    assert "inte medlem" in response.content.decode()


def test_member_of_another_municipality_gets_404_on_internal_pages(official_b_client, municipality_a):
    place = PlaceFactory(municipality=municipality_a)
    slug = municipality_a.slug
    for url in [
        reverse("portal:municipality-home", args=[slug]),
        reverse("portal:place-list", args=[slug]),
        reverse("portal:place-create", args=[slug]),
        reverse("portal:place-edit", args=[slug, place.pk]),
    ]:
        assert official_b_client.get(url).status_code == 404, url
    response = official_b_client.post(reverse("portal:place-edit", args=[slug, place.pk]), {"name": "Kapad"})
    assert response.status_code == 404
    place.refresh_from_db()
    assert place.name != "Kapad"


def test_place_of_another_municipality_is_404_even_through_own_slug(coordinator_client, municipality_a, municipality_b):
    foreign = PlaceFactory(municipality=municipality_b)
    url = reverse("portal:place-edit", args=[municipality_a.slug, foreign.pk])
    assert coordinator_client.get(url).status_code == 404


def test_reader_cannot_add_places(reader_client, municipality_a):
    response = reader_client.post(reverse("portal:place-create", args=[municipality_a.slug]), {"name": "X"})
    assert response.status_code == 403
    assert not Place.objects.exists()


def test_coordinator_adds_a_place_and_it_is_audited(coordinator_client, coordinator_a, municipality_a):
    response = coordinator_client.post(
        reverse("portal:place-create", args=[municipality_a.slug]), {"name": "Stora torget", "kind": "centre"}
    )
    assert response.status_code == 302
    place = Place.objects.get(name="Stora torget")
    assert place.municipality == municipality_a
    assert AuditEvent.objects.filter(action="place.created", actor=coordinator_a, object_id=str(place.pk)).exists()


def test_place_form_keeps_input_and_explains_errors(coordinator_client, municipality_a):
    PlaceFactory(municipality=municipality_a, name="Torget")
    response = coordinator_client.post(
        reverse("portal:place-create", args=[municipality_a.slug]),
        {"name": "torget", "kind": "centre", "latitude": "59.4"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Det finns redan en plats med det namnet." in content
    assert "Ange både latitud och longitud, eller ingen av dem." in content
    assert 'value="torget"' in content


def test_place_list_uses_a_fixed_number_of_queries(coordinator_client, municipality_a, django_assert_num_queries):
    url = reverse("portal:place-list", args=[municipality_a.slug])
    PlaceFactory(municipality=municipality_a)
    coordinator_client.get(url)
    # session, user, membership (+municipality, organisation), count, page of places
    with django_assert_num_queries(5):
        coordinator_client.get(url)
    PlaceFactory.create_batch(10, municipality=municipality_a)
    with django_assert_num_queries(5):
        coordinator_client.get(url)


def test_hostile_place_name_is_escaped(coordinator_client, municipality_a):
    PlaceFactory(municipality=municipality_a, name='<script>alert("x")</script>')
    content = coordinator_client.get(reverse("portal:place-list", args=[municipality_a.slug])).content.decode()
    assert '<script>alert("x")</script>' not in content
    assert "&lt;script&gt;" in content


def test_account_page_saves_language_and_unverifies_a_new_email(client, coordinator_a):
    client.force_login(coordinator_a)
    response = client.post(
        reverse("portal:account"),
        {"first_name": "Lena", "last_name": "Ek", "email": "ny@example.org", "language": "en"},
    )
    assert response.status_code == 302
    coordinator_a.refresh_from_db()
    assert coordinator_a.language == "en"
    assert coordinator_a.email_verified is False
    assert client.get(reverse("portal:account"))["Content-Language"] == "en"


def test_security_headers_are_on_every_response(client, db):
    response = client.get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_404_page_has_the_portal_look(client, db):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


@pytest.mark.allow_error_logs  # Django logs every 5xx response, as operators want
def test_a_database_outage_answers_503_with_a_calm_page(client, municipality_a, monkeypatch):
    from django.db import OperationalError

    from portal import selectors

    def unreachable(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(selectors, "municipality_list_public", unreachable)
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "tillfälligt otillgänglig" in response.content.decode()
    assert "could not connect" not in response.content.decode()


def test_language_switch_works_from_pages_that_send_no_referrer(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.get("/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("portal:language-switch"),
        {"language": "en", "next": "/", "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="null",
    )
    assert response.status_code == 302
    forged = Client(enforce_csrf_checks=True).post(
        reverse("portal:language-switch"), {"language": "en", "next": "/"}, HTTP_ORIGIN="null"
    )
    assert forged.status_code == 403


def test_swedish_is_served_whatever_the_browser_prefers(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "sv"
    assert "Kommuner" in response.content.decode()
