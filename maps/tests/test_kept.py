"""Maps drawn once per content: a kept drawing is the one a fresh rendering
gives, and anything the map shows that changes gives a new drawing."""

import re

import pytest
from django.urls import reverse

from maps.tests.test_views import hot_places  # noqa: F401 - the fixture
from portal import pagecache
from portal.tests.factories import PlaceFactory
from situation_reports.tests.factories import ObservationFactory
from situation_reports.weeks import current_week

MAP = re.compile(r'<figure class="maps-map".*?</figure>', re.DOTALL)


def _map(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    maps = MAP.findall(response.content.decode())
    assert len(maps) == 1
    return maps[0]


def _pages(municipality, place) -> dict[str, str]:
    week = current_week(municipality.timezone)
    return {
        "dashboard": reverse("situation_reports:dashboard", args=[municipality.slug]),
        "week": reverse("situation_reports:week-detail", args=[municipality.slug, week.year, week.week]),
        "place": reverse("situation_reports:place-detail", args=[municipality.slug, place.pk]),
    }


@pytest.mark.parametrize("page", ["dashboard", "week", "place"])
def test_a_kept_map_is_the_drawing_a_fresh_rendering_gives(reader_client, municipality_a, hot_places, page):  # noqa: F811
    url = _pages(municipality_a, hot_places[0])[page]
    first = _map(reader_client, url)
    kept = _map(reader_client, url)
    pagecache.forget()
    fresh = _map(reader_client, url)
    assert kept == first == fresh
    assert "Alby centrum" in kept


def test_a_new_observation_redraws_the_week_and_the_hot_spots(
    reader_client,
    municipality_a,
    organisation_a,
    hot_places,  # noqa: F811
):
    alby = hot_places[0]
    pages = _pages(municipality_a, alby)
    before = {page: _map(reader_client, pages[page]) for page in ("dashboard", "week")}
    assert "Alby centrum: 27 händelser, +27" in before["week"]
    report = alby.observations.order_by("-report__week_start").first().report
    ObservationFactory(report=report, organisation=organisation_a, place=alby, count=3)
    assert "Alby centrum: 30 händelser, +30" in _map(reader_client, pages["week"])
    assert "Alby centrum: 30 händelser, +6" in _map(reader_client, pages["dashboard"])


def test_a_renamed_or_moved_place_is_redrawn(reader_client, municipality_a, hot_places):  # noqa: F811
    alby, fittja, _ = hot_places
    pages = _pages(municipality_a, fittja)
    for url in pages.values():
        _map(reader_client, url)
    alby.name = "Alby torg"
    alby.latitude = 59.2400
    alby.save()
    for page, url in pages.items():
        drawing = _map(reader_client, url)
        assert "Alby torg" in drawing and "Alby centrum" not in drawing, page
    PlaceFactory(municipality=municipality_a, name="Hallunda gård", latitude=59.2475, longitude=17.8600)
    assert 'aria-label="Hallunda gård"' in _map(reader_client, pages["place"])


def test_each_language_and_period_has_its_own_drawing(reader_client, municipality_a, hot_places):  # noqa: F811
    url = _pages(municipality_a, hot_places[0])["dashboard"]
    swedish = _map(reader_client, url)
    reader_client.post(reverse("portal:language-switch"), {"language": "en", "next": url})
    english = _map(reader_client, url)
    assert "Alby centrum: 27 händelser, +3" in swedish
    assert "Alby centrum: 27 events, +3" in english
    assert "Alby centrum: 51 events, +51" in _map(reader_client, url, kartperiod="12")
