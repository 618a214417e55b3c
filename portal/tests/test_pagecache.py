"""Pages rendered once per change: the start page, the public municipality
page and the triage filter. A kept page is the page that would be rendered,
and a change shows at once."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from agreements.tests.factories import (
    AgreementFactory,
    AgreementSignatoryFactory,
    CommitmentFactory,
    FocusAreaFactory,
    PledgeFactory,
)
from portal import pagecache
from portal.models import Category
from portal.tests.factories import MunicipalityFactory, OrganisationFactory, PlaceFactory
from situation_reports.models import WeeklyReport
from situation_reports.tests.factories import ObservationFactory, WeeklyReportFactory
from situation_reports.weeks import IsoWeek
from tips.tests.factories import TipFactory

pytestmark = pytest.mark.django_db
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _page(client, path: str) -> str:
    return client.get(path).content.decode()


def _same_but_token(a: str, b: str) -> bool:
    return CSRF.sub("", a) == CSRF.sub("", b)


def test_the_start_page_is_kept_with_nothing_queried_and_the_same_html(
    client, municipality_a, django_assert_num_queries
):
    first = _page(client, "/")
    with django_assert_num_queries(0):
        kept = client.get("/")
    assert kept.status_code == 200 and kept["Content-Type"] == "text/html; charset=utf-8"
    assert _same_but_token(first, kept.content.decode()) and municipality_a.name in first
    pagecache.forget()
    assert _same_but_token(_page(client, "/"), first)  # rendered afresh: the same page


def test_a_new_or_renamed_municipality_shows_on_the_start_page_at_once(client, municipality_a):
    _page(client, "/")
    MunicipalityFactory(name="Nyköping-test")
    assert "Nyköping-test" in _page(client, "/")
    municipality_a.name = "Omdöpt kommun"
    municipality_a.save()
    assert "Omdöpt kommun" in _page(client, "/")


def test_each_language_is_kept_apart(client, municipality_a):
    swedish = _page(client, "/")
    client.cookies["django_language"] = "en"
    english = _page(client, "/")
    assert 'lang="en"' in english and 'lang="sv"' in swedish
    assert _page(client, "/") == english or _same_but_token(_page(client, "/"), english)


def test_a_kept_page_carries_a_working_csrf_token_of_its_visitor(municipality_a):
    _page(Client(), "/")  # someone else's visit keeps the page
    visitor = Client(enforce_csrf_checks=True)
    html = _page(visitor, "/")
    token = CSRF.search(html).group(1)
    assert "@@" not in html and visitor.cookies["csrftoken"].value
    response = visitor.post(
        reverse("portal:language-switch"), {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_officials_and_query_strings_get_a_page_of_their_own(client, coordinator_a, municipality_a):
    anonymous = _page(client, "/")
    client.force_login(coordinator_a)
    assert "Logga ut" in _page(client, "/")
    client.logout()
    assert "Logga ut" not in _page(client, "/") and _same_but_token(_page(client, "/"), anonymous)


def _public(client, municipality) -> str:
    return _page(client, f"/kommun/{municipality.slug}/")


@time_machine.travel("2026-05-10 12:00 +0200")
def test_a_change_to_what_the_public_page_shows_appears_at_once(client, municipality_a, django_assert_num_queries):
    agreement = AgreementFactory(municipality=municipality_a, title="Första titeln")
    AgreementSignatoryFactory(agreement=agreement)  # signed by all: in force
    assert "Första titeln" in _public(client, municipality_a)
    with django_assert_num_queries(0):
        _public(client, municipality_a)
    agreement.title = "Andra titeln"
    agreement.save()
    assert "Andra titeln" in _public(client, municipality_a)
    pledge = PledgeFactory(municipality=municipality_a, published=True, title="Ett löfte")
    assert "Ett löfte" in _public(client, municipality_a)
    commitment = CommitmentFactory(focus_area=FocusAreaFactory(pledge=pledge), target_count=2)
    before = _public(client, municipality_a)
    commitment.status = commitment.Status.DONE
    commitment.save()
    assert _public(client, municipality_a) != before
    organisation = OrganisationFactory(name="Ny partner", municipalities=[])
    organisation.municipalities.add(municipality_a)  # a many-to-many change
    assert "Ny partner" in _public(client, municipality_a)
    agreement.delete()
    assert "Andra titeln" not in _public(client, municipality_a)


@time_machine.travel("2026-05-10 12:00 +0200")
def test_only_published_weeks_renew_the_public_page(client, municipality_a, place_a_public):
    published = WeeklyReportFactory(municipality=municipality_a, week=IsoWeek(2026, 18))
    ObservationFactory(report=published, place=place_a_public)
    published.status, published.closed_at = WeeklyReport.Status.CLOSED, published.created
    published.published_at = published.created
    published.save()
    assert place_a_public.name in _public(client, municipality_a)
    open_week = WeeklyReportFactory(municipality=municipality_a, week=IsoWeek(2026, 19))
    organisation = OrganisationFactory(municipalities=[municipality_a])
    token = pagecache.versions(pagecache.PUBLIC)
    ObservationFactory(report=open_week, place=place_a_public, organisation=organisation)
    assert pagecache.versions(pagecache.PUBLIC) == token  # an open week's observation leaves the page alone
    ObservationFactory(report=published, place=PlaceFactory(municipality=municipality_a, name="Parken"))
    assert pagecache.versions(pagecache.PUBLIC) != token
    assert "Parken" in _public(client, municipality_a)


@pytest.fixture
def place_a_public(municipality_a):
    return PlaceFactory(municipality=municipality_a, name="Torget i solen")


def test_an_evicted_version_is_a_fresh_one(client, municipality_a):
    _page(client, "/")
    (before,) = pagecache.versions(pagecache.PUBLIC)
    cache.clear()
    (after,) = pagecache.versions(pagecache.PUBLIC)
    assert after != before and pagecache.versions(pagecache.PUBLIC) == (after,)


def test_an_unknown_municipality_is_still_404(client):
    assert client.get("/kommun/finns-inte/").status_code == 404
    assert client.get("/kommun/finns-inte/").status_code == 404


# --- The triage filter --------------------------------------------------------------


def test_the_triage_filter_is_rendered_once_and_a_new_place_or_category_shows_at_once(
    contributor_client, municipality_a, django_assert_num_queries
):
    url = reverse("tips:tip-list", args=[municipality_a.slug])
    TipFactory(municipality=municipality_a)
    first = _page(contributor_client, url)
    # 9 less the filter's places and categories, less the page of tips: a
    # contributor outside the tip handlers sees none that were not shared
    with django_assert_num_queries(5):
        kept = _page(contributor_client, url)
    assert _same_but_token(first, kept)
    PlaceFactory(municipality=municipality_a, name="Helt ny plats")
    assert "Helt ny plats" in _page(contributor_client, url)
    category = Category.objects.first()
    category.name_i18n = {**category.name_i18n, "sv": "Omdöpt kategori"}
    category.save()
    assert "Omdöpt kategori" in _page(contributor_client, url)
    other = MunicipalityFactory()
    PlaceFactory(municipality=other, name="Annan kommuns plats")
    assert "Annan kommuns plats" not in _page(contributor_client, url)


def test_a_filtered_triage_list_renders_its_own_filter(contributor_client, municipality_a):
    url = reverse("tips:tip-list", args=[municipality_a.slug])
    place = PlaceFactory(municipality=municipality_a, name="Vald plats")
    _page(contributor_client, url)
    content = _page(contributor_client, f"{url}?place={place.pk}")
    assert f'<option value="{place.pk}" selected>Vald plats</option>' in content
    assert f'<option value="{place.pk}">Vald plats</option>' in _page(contributor_client, url)


def test_a_store_in_the_process_is_bounded_and_the_least_recently_used_go_first():
    store = pagecache.Kept(items=3)
    for number in range(5):
        store.put(f"key-{number}", [number])
    assert store.get("key-0") is None and store.get("key-1") is None
    assert store.get("key-2") == [2]  # now the most recently used
    store.put("one more", [])
    assert store.get("key-2") == [2] and store.get("key-3") is None
    store.clear()
    assert store.get("key-2") is None


def test_a_store_with_a_budget_keeps_at_most_that_much():
    store = pagecache.Kept(items=100, budget=10_000)
    for number in range(50):
        store.put(number, f"{number:04d}" * 250)  # 1,000 characters each
    assert store.used <= 10_000 and len(store.entries) == 10
    assert store.get(49) == "0049" * 250 and store.get(0) is None


def test_a_shared_cache_value_is_kept_in_the_process_too(monkeypatch):
    pagecache.kept_set("week-rows:test", {"rows": 1}, timeout=60)
    monkeypatch.setattr(pagecache.cache, "get", lambda *args, **kwargs: pytest.fail("read from the shared cache"))
    assert pagecache.kept_get("week-rows:test") == {"rows": 1}
    pagecache.forget()
    monkeypatch.undo()
    assert pagecache.kept_get("week-rows:test") == {"rows": 1}  # from the shared cache again
