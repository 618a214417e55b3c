"""The blank tip form is rendered once a minute per municipality and
language; each resident still gets a CSRF token and a form token of their own."""

import re

import pytest
from django.test import Client

from portal.tests.factories import PlaceFactory
from tips.models import Tip
from tips.tests.conftest import tip_data

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


def url(municipality) -> str:
    return f"/kommun/{municipality.slug}/tipsa/"


def test_every_resident_gets_tokens_of_their_own_in_the_same_page(municipality_a):
    pages = [Client(enforce_csrf_checks=True) for _ in range(3)]
    contents = [client.get(url(municipality_a)).content.decode() for client in pages]
    assert len({CSRF.search(c).group(1) for c in contents}) == 3
    assert len({FORM_TOKEN.search(c).group(1) for c in contents}) == 3
    assert len({FORM_TOKEN.sub("", CSRF.sub("", c)) for c in contents}) == 1
    assert "@@" not in contents[2]
    for client, content in zip(pages, contents, strict=True):
        data = {
            **tip_data(municipality_a),
            "csrfmiddlewaretoken": CSRF.search(content).group(1),
            "form_token": FORM_TOKEN.search(content).group(1),
        }
        assert client.post(url(municipality_a), data, HTTP_ORIGIN="null").status_code == 200
    assert Tip.objects.count() == 3


def test_a_kept_page_costs_no_query(client, municipality_a, django_assert_num_queries):
    client.get(url(municipality_a))
    with django_assert_num_queries(0):
        client.get(url(municipality_a))


def test_a_new_place_is_offered_within_the_minute(client, municipality_a, time_machine):
    time_machine.move_to("2026-03-02 10:00", tick=False)
    client.get(url(municipality_a))
    PlaceFactory(municipality=municipality_a, name="Nya torget")
    time_machine.move_to("2026-03-02 10:01:01", tick=False)
    assert "Nya torget" in client.get(url(municipality_a)).content.decode()


def test_each_language_has_its_own_page(client, municipality_a):
    assert "Vad har hänt?" in client.get(url(municipality_a)).content.decode()
    client.cookies["django_language"] = "en"
    assert "What happened?" in client.get(url(municipality_a)).content.decode()
    del client.cookies["django_language"]
    assert "Vad har hänt?" in client.get(url(municipality_a)).content.decode()


def test_an_official_gets_a_page_rendered_for_them(client, municipality_a, contributor_a):
    Client().get(url(municipality_a))  # a resident's page is kept
    client.force_login(contributor_a)
    content = client.get(url(municipality_a)).content.decode()
    assert contributor_a.username in content or "Logga ut" in content


def test_an_unknown_municipality_is_never_kept(client, municipality_a):
    client.get(url(municipality_a))
    assert client.get("/kommun/finns-inte/tipsa/").status_code == 404
    assert client.get("/kommun/finns-inte/tipsa/").status_code == 404


def test_a_page_with_a_query_string_is_rendered_for_it(client, municipality_a, django_assert_num_queries):
    client.get(url(municipality_a))
    with django_assert_num_queries(3):  # its identity (accent, logo), places, categories (the municipality is kept)
        assert client.get(url(municipality_a), {"utm_source": "news"}).status_code == 200
