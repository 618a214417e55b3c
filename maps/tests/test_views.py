"""The maps where officials and residents see them: every map has a table
and a text summary with the same figures, and positions round-trip."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from maps import geo
from portal.models import Place
from portal.tests.factories import PlaceFactory
from situation_reports.tests.factories import ObservationFactory, WeeklyReportFactory
from situation_reports.weeks import current_week
from tips.models import Tip
from tips.tests.conftest import tip_data

ALBY = (59.23930, 17.84600)
FITTJA = (59.24720, 17.86110)


@pytest.fixture
def botkyrka_border(db):
    call_command("load_boundaries", "0127", stdout=StringIO())


@pytest.fixture
def tips_settings(settings, tmp_path):
    settings.TIP_PHOTO_ROOT = tmp_path / "tip-photos"
    settings.TIPS_MIN_FILL_SECONDS = 0


@pytest.fixture
def hot_places(municipality_a, organisation_a):
    alby = PlaceFactory(municipality=municipality_a, name="Alby centrum", latitude=ALBY[0], longitude=ALBY[1])
    fittja = PlaceFactory(municipality=municipality_a, name="Fittja centrum", latitude=FITTJA[0], longitude=FITTJA[1])
    unplaced = PlaceFactory(municipality=municipality_a, name="Gångtunneln")
    week = current_week(municipality_a.timezone)
    now = WeeklyReportFactory(municipality=municipality_a, week=week)
    before = WeeklyReportFactory(municipality=municipality_a, week=week.shifted(-5))
    ObservationFactory(report=now, organisation=organisation_a, place=alby, count=27)
    ObservationFactory(report=before, organisation=organisation_a, place=alby, count=24)
    ObservationFactory(report=now, organisation=organisation_a, place=fittja, count=2)
    ObservationFactory(report=now, organisation=organisation_a, place=unplaced, count=1)
    return alby, fittja, unplaced


def test_the_dashboard_map_says_each_hot_spots_count_and_change_in_words(reader_client, municipality_a, hot_places):
    html = reader_client.get(reverse("situation_reports:dashboard", args=[municipality_a.slug])).content.decode()
    assert "Flest händelser: Alby centrum: 27 händelser, +3" in html
    assert 'aria-label="Alby centrum: 27 händelser, +3"' in html
    assert 'aria-label="Fittja centrum: 2 händelser, +2"' in html
    # A place without a position is still in the table, said to have none.
    assert "Gångtunneln" in html and "(ingen position)" in html
    assert html.count("<circle") == 2


def test_the_period_switch_counts_twelve_weeks_against_the_twelve_before(reader_client, municipality_a, hot_places):
    url = reverse("situation_reports:dashboard", args=[municipality_a.slug])
    html = reader_client.get(url, {"kartperiod": "12"}).content.decode()
    # Week -5 is now inside the period: 27 + 24, nothing in the 12 weeks before.
    assert 'aria-label="Alby centrum: 51 händelser, +51"' in html
    assert reader_client.get(url, {"kartperiod": "x"}).status_code == 200


def test_the_map_is_drawn_inside_the_municipalitys_border(reader_client, municipality_a, hot_places, botkyrka_border):
    municipality_a.kommunkod = "0127"
    municipality_a.save()
    html = reader_client.get(reverse("situation_reports:dashboard", args=[municipality_a.slug])).content.decode()
    assert 'class="maps-boundary"' in html and "<title>Botkyrka</title>" in html
    north, east = geo.to_sweref(*ALBY)
    assert f'cx="{round(east)}" cy="{-round(north)}"' in html


def test_the_place_page_shows_the_place_among_its_neighbours(reader_client, municipality_a, hot_places):
    alby, fittja, _ = hot_places
    url = reverse("situation_reports:place-detail", args=[municipality_a.slug, alby.pk])
    html = reader_client.get(url).content.decode()
    assert "Alby centrum och dess omgivning" in html
    assert "maps-highlighted" in html and 'aria-label="Fittja centrum"' in html


def test_the_week_page_maps_the_weeks_observations(reader_client, municipality_a, hot_places):
    week = current_week(municipality_a.timezone)
    url = reverse("situation_reports:week-detail", args=[municipality_a.slug, week.year, week.week])
    html = reader_client.get(url).content.decode()
    assert "Alby centrum: 27 händelser, +27" in html


def test_a_place_typed_in_sweref_is_stored_in_wgs84_and_shown_back_in_both(coordinator_client, municipality_a):
    url = reverse("portal:place-create", args=[municipality_a.slug])
    data = {
        "name": "Torget",
        "kind": "centre",
        "coordinate_system": "sweref",
        "northing": "6570165",
        "easting": "662341",
    }
    assert coordinator_client.post(url, data).status_code == 302
    place = Place.objects.get(name="Torget")
    north, east = geo.to_sweref(place.latitude, place.longitude)
    assert abs(north - 6570165) < 1 and abs(east - 662341) < 1
    html = coordinator_client.get(reverse("portal:place-edit", args=[municipality_a.slug, place.pk])).content.decode()
    assert f'value="{round(north)}"' in html and f'value="{round(east)}"' in html
    assert f'value="{place.latitude}"' in html and f'value="{place.longitude}"' in html


def test_a_sweref_point_outside_sweden_is_refused_in_swedish_and_kept(coordinator_client, municipality_a):
    url = reverse("portal:place-create", args=[municipality_a.slug])
    data = {
        "name": "Torget",
        "kind": "centre",
        "coordinate_system": "sweref",
        "northing": "662341",
        "easting": "6570165",
    }
    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    assert "inte i Sverige" in response.content.decode() and 'value="662341"' in response.content.decode()
    assert not Place.objects.filter(name="Torget").exists()


@pytest.mark.parametrize(
    "text",
    [
        "{not json",
        '{"type": "Point", "coordinates": [17.8, 59.2]}',
        '{"type": "Polygon", "coordinates": [[[17.8, 59.2], [17.9, 59.2], [17.9, 59.3]]]}',
        '{"type": "Polygon", "coordinates": [[[2.0, 48.8], [2.1, 48.8], [2.1, 48.9], [2.0, 48.8]]]}',
        '{"type": "Polygon", "coordinates": [[["a", 59.2], [17.9, 59.2], [17.9, 59.3], ["a", 59.2]]]}',
        "[" * 5000,
    ],
)
def test_a_bad_area_is_explained_not_stored(coordinator_client, municipality_a, text):
    url = reverse("portal:place-create", args=[municipality_a.slug])
    response = coordinator_client.post(url, {"name": "Parken", "kind": "area", "area_geojson": text})
    assert response.status_code == 200
    assert not Place.objects.filter(name="Parken").exists()


@pytest.mark.parametrize(
    ("ring", "message"),
    [
        (
            [[17.84, 59.238], [17.85, 59.241], [17.85, 59.238], [17.84, 59.241], [17.84, 59.238]],
            "Områdets kontur korsar sig själv",
        ),
        ([[17.84, 59.238], [17.85, 59.238], [17.86, 59.238], [17.84, 59.238]], "ligger på en linje"),
        ([[17.84, 59.238], [17.85, 59.238], [17.84, 59.238], [17.84, 59.238]], "minst tre olika hörn"),
        ([[17.84, 59.238], [17.85, 59.238], [17.85, 59.241]], "minst fyra positioner"),
        ([[17.84, 59.238], [17.85, 59.238], [17.85, 59.241], [17.84, 59.24]], "sluta där den börjar"),
        ([[17.84, 70.5], [17.85, 70.5], [17.85, 70.6], [17.84, 70.5]], "måste ligga i Sverige"),
    ],
)
def test_a_drawn_or_pasted_area_that_is_not_one_is_refused_in_swedish_and_kept(
    coordinator_client, municipality_a, ring, message
):
    text = json.dumps({"type": "Polygon", "coordinates": [ring]})
    url = reverse("portal:place-create", args=[municipality_a.slug])
    response = coordinator_client.post(url, {"name": "Parken", "kind": "area", "area_geojson": text})
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    # What was typed is there to correct, as typed.
    assert escape(text) in html
    assert not Place.objects.filter(name="Parken").exists()


def test_a_polygon_with_many_corners_is_checked_quickly(coordinator_client, municipality_a):
    import math
    import time

    ring = [[17.8 + 0.05 * math.cos(k / 300), 59.2 + 0.03 * math.sin(k / 300)] for k in range(1884)]
    ring = [[round(x, 6), round(y, 6)] for x, y in ring] + [[round(ring[0][0], 6), round(ring[0][1], 6)]]
    url = reverse("portal:place-create", args=[municipality_a.slug])
    started = time.monotonic()
    data = {
        "name": "Stora parken",
        "kind": "area",
        "area_geojson": json.dumps({"type": "Polygon", "coordinates": [ring]}),
    }
    assert coordinator_client.post(url, data).status_code == 302
    assert time.monotonic() - started < 2
    assert len(Place.objects.get(name="Stora parken").area["coordinates"][0]) == len(ring)


def test_a_pasted_geojson_polygon_is_stored_and_drawn(coordinator_client, municipality_a):
    ring = [[17.84, 59.238], [17.85, 59.238], [17.85, 59.241], [17.84, 59.238]]
    polygon = json.dumps({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]}})
    url = reverse("portal:place-create", args=[municipality_a.slug])
    data = {"name": "Parken", "kind": "area", "latitude": "59.2393", "longitude": "17.846", "area_geojson": polygon}
    assert coordinator_client.post(url, data).status_code == 302
    place = Place.objects.get(name="Parken")
    assert place.area["type"] == "Polygon" and len(place.area["coordinates"][0]) == 4
    url = reverse("situation_reports:place-detail", args=[municipality_a.slug, place.pk])
    html = coordinator_client.get(url).content
    assert b'class="maps-area"' in html


def test_a_residents_point_is_stored_rounded_unless_exact(client, municipality_a, tips_settings):
    north, east = geo.to_sweref(*ALBY)
    url = f"/kommun/{municipality_a.slug}/tipsa/"
    client.post(url, tip_data(municipality_a, point_northing=str(north), point_easting=str(east)))
    tip = Tip.objects.get()
    assert (tip.latitude, tip.longitude) == geo.round_point(*ALBY) and not tip.location_exact
    assert (tip.latitude, tip.longitude) != (geo.degrees(ALBY[0]), geo.degrees(ALBY[1]))
    client.post(url, tip_data(municipality_a, point_northing=str(north), point_easting=str(east), point_exact="on"))
    exact = Tip.objects.latest("pk")
    assert exact.location_exact and abs(float(exact.latitude) - ALBY[0]) < 0.00001


def test_a_tip_without_a_point_has_none_and_nonsense_is_refused_kindly(client, municipality_a, tips_settings):
    url = f"/kommun/{municipality_a.slug}/tipsa/"
    client.post(url, tip_data(municipality_a))
    assert Tip.objects.get().latitude is None
    response = client.post(url, tip_data(municipality_a, point_northing="1", point_easting="nan"))
    assert response.status_code in (200, 400) and Tip.objects.count() == 1


def test_officials_see_where_the_resident_pointed(coordinator_client, municipality_a):
    from tips.tests.factories import TipFactory

    tip = TipFactory(municipality=municipality_a, latitude=ALBY[0], longitude=ALBY[1])
    html = coordinator_client.get(reverse("tips:tip-detail", args=[municipality_a.slug, tip.pk])).content.decode()
    assert "Där invånaren pekade" in html and "avrundad till ungefär 100 m" in html


def test_the_public_summary_map_hides_small_numbers_and_internal_categories(client, municipality_a, hot_places):
    from django.utils import timezone

    from portal.models import Category

    alby, fittja, _ = hot_places
    week = current_week(municipality_a.timezone)
    report = alby.observations.get(report__week_start=week.monday).report
    report.status, report.closed_at = "closed", timezone.now()
    report.published_at = timezone.now()
    report.public_summary = "Lugnt."
    report.save()
    secret, _ = Category.objects.get_or_create(
        slug="welfare-test",
        defaults={"name_i18n": {"sv": "Välfärdsbrott", "en": "Welfare crime"}, "internal_only": True},
    )
    ObservationFactory(
        report=report, organisation=alby.observations.first().organisation, place=fittja, category=secret, count=40
    )
    html = client.get(reverse("situation_reports:public-summary-list", args=[municipality_a.slug])).content.decode()
    assert 'aria-label="Alby centrum: 27 händelser"' in html
    # Fittja's 2 public events are "fewer than 3"; the 40 internal ones are not counted.
    assert 'aria-label="Fittja centrum: färre än 3 händelser"' in html
    assert "42 händelser" not in html and "40 händelser" not in html
    assert "/intern/" not in html.split("maps-map", 1)[1].split("</figure>", 1)[0]


def test_an_official_of_several_municipalities_sees_them_shaded_within_their_county(client, db):
    from portal.models import Role
    from portal.tests.factories import MembershipFactory, MunicipalityFactory

    call_command("load_boundaries", "0127", "0120", stdout=StringIO())
    botkyrka = MunicipalityFactory(name="Botkyrka", kommunkod="0127")
    varmdo = MunicipalityFactory(name="Värmdö", kommunkod="0120")
    official = MembershipFactory(municipality=botkyrka, role=Role.READER).user
    MembershipFactory(user=official, municipality=varmdo, role=Role.READER)
    week = current_week(botkyrka.timezone)
    ObservationFactory(report=WeeklyReportFactory(municipality=botkyrka, week=week), count=12)
    client.force_login(official)
    html = client.get(reverse("situation_reports:dashboard-combined")).content.decode()
    assert 'aria-label="Botkyrka: 12 händelser de senaste 4 veckorna"' in html
    assert 'aria-label="Värmdö: 0 händelser de senaste 4 veckorna"' in html
    assert "maps-level-4" in html and "maps-level-0" in html


def test_a_period_analysis_maps_its_period_against_the_same_dates_a_year_before(
    reader_client, municipality_a, organisation_a
):
    from situation_reports.analyses.tests.factories import PeriodAnalysisFactory
    from situation_reports.weeks import IsoWeek

    alby = PlaceFactory(municipality=municipality_a, name="Alby centrum", latitude=ALBY[0], longitude=ALBY[1])
    analysis = PeriodAnalysisFactory(municipality=municipality_a, year=2026, number=1)  # January–April 2026
    for year, count in [(2026, 9), (2025, 4)]:
        report = WeeklyReportFactory(municipality=municipality_a, week=IsoWeek(year, 10))
        ObservationFactory(report=report, organisation=organisation_a, place=alby, count=count)
    url = reverse("situation_reports:analysis-detail", args=[municipality_a.slug, analysis.pk])
    html = reader_client.get(url).content.decode()
    assert "mot samma period förra året" in html
    assert 'aria-label="Alby centrum: 9 händelser, +5"' in html
