import csv
import io

import pytest
from django.urls import reverse

from portal.models import Category
from portal.spreadsheets import neutralise
from portal.tests.factories import MunicipalityFactory, PlaceFactory
from situation_reports.tests.factories import ActionFactory, ObservationFactory, WeeklyReportFactory
from situation_reports.weeks import IsoWeek

pytestmark = pytest.mark.django_db


def rows_of(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+46 8 123", "'+46 8 123"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTAB", "'\tTAB"),
        ("Klotter vid torget", "Klotter vid torget"),
        (3, 3),
    ],
)
def test_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(value, expected):
    assert neutralise(value) == expected


def test_the_week_csv_holds_observations_and_actions_with_formulas_neutralised(reader_client, report_a, place_a):
    ObservationFactory(report=report_a, place=place_a, description='=HYPERLINK("http://evil","klicka")', count=3)
    ActionFactory(report=report_a, what="@SUM(1+1)", place=place_a)
    response = reader_client.get(reverse("situation_reports:week-csv", args=[report_a.municipality.slug, 2025, 10]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="lagesbild-kommun-a-2025-W10.csv"' in response["Content-Disposition"]
    header, observation, action = rows_of(response)
    assert header[:3] == ["Typ", "Datum", "Plats"]
    assert observation[0] == "Iakttagelse" and observation[2] == "Alby centrum" and observation[5] == "3"
    assert observation[8] == '\'=HYPERLINK("http://evil","klicka")'
    assert action[0] == "Åtgärd" and action[8] == "'@SUM(1+1)" and action[7] == "Planerad"


def test_the_observation_csv_honours_the_active_filters(reader_client, municipality_a, place_a, frozen):
    other_place = PlaceFactory(municipality=municipality_a, name="Fittja")
    for week, place, slug in [
        (IsoWeek(2025, 8), place_a, "narcotics"),
        (IsoWeek(2025, 9), place_a, "narcotics"),
        (IsoWeek(2025, 9), other_place, "narcotics"),
        (IsoWeek(2025, 9), place_a, "robbery"),
        (IsoWeek(2025, 10), place_a, "narcotics"),
    ]:
        ObservationFactory(
            report=WeeklyReportFactory(municipality=municipality_a, week=week),
            place=place,
            category=Category.objects.get(slug=slug),
        )
    foreign = WeeklyReportFactory(municipality=MunicipalityFactory(), week=IsoWeek(2025, 9))
    ObservationFactory(report=foreign)
    filters = {
        "date_from": "2025-02-24",
        "date_to": "2025-03-02",
        "place": place_a.pk,
        "category": Category.objects.get(slug="narcotics").pk,
    }
    listing = reader_client.get(reverse("situation_reports:observation-list", args=[municipality_a.slug]), filters)
    assert "1 iakttagelse matchar." in listing.content.decode()
    csv_url = reverse("situation_reports:observation-csv", args=[municipality_a.slug])
    assert csv_url + "?" in listing.content.decode()
    rows = rows_of(reader_client.get(csv_url, filters))
    assert rows[0][:3] == ["År", "Vecka", "Datum"]
    assert [(r[1], r[3], r[4]) for r in rows[1:]] == [("9", "Alby centrum", "Narkotika")]
    everything = rows_of(reader_client.get(csv_url))
    assert len(everything) == 1 + 5


def test_an_inverted_date_range_is_explained(reader_client, municipality_a):
    response = reader_client.get(
        reverse("situation_reports:observation-list", args=[municipality_a.slug]),
        {"date_from": "2025-03-02", "date_to": "2025-02-01"},
    )
    assert "Startdatumet får inte vara efter slutdatumet." in response.content.decode()


def test_the_print_page_holds_the_whole_week_and_print_styles(reader_client, report_a, place_a):
    ObservationFactory(report=report_a, place=place_a, description="Trasig belysning")
    ActionFactory(report=report_a, what="Laga belysningen")
    response = reader_client.get(reverse("situation_reports:week-print", args=[report_a.municipality.slug, 2025, 10]))
    content = response.content.decode()
    assert "Trasig belysning" in content and "Laga belysningen" in content
    assert "situation_reports/situation_reports.css" in content
    assert "Internt dokument" in content


def test_the_observation_list_uses_a_fixed_number_of_queries(
    reader_client, report_a, place_a, django_assert_num_queries
):
    url = reverse("situation_reports:observation-list", args=[report_a.municipality.slug])
    ObservationFactory(report=report_a, place=place_a)
    reader_client.get(url)
    # session, user, membership; places, categories, organisations for the
    # filter form; count; page of observations
    with django_assert_num_queries(8):
        reader_client.get(url)
    ObservationFactory.create_batch(10, report=report_a)
    with django_assert_num_queries(8):
        reader_client.get(url)
