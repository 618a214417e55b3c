"""The dashboard against hand-computed numbers, and its fixed query count.

Frozen on Wednesday of week 10, 2025: the hot-spot windows are weeks 7–10
(recent) against weeks 3–6; the trend covers 2024-W51 to 2025-W10.
"""

from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from portal import pagecache
from portal.models import Category, Role
from portal.tests.factories import MembershipFactory, MunicipalityFactory, OrganisationFactory, PlaceFactory
from situation_reports import selectors, services
from situation_reports.tests.factories import ActionFactory, ObservationFactory, WeeklyReportFactory
from situation_reports.weeks import IsoWeek

pytestmark = pytest.mark.django_db
W10 = IsoWeek(2025, 10)


def observe(municipality, week, place, count, slug="vandalism-graffiti"):
    report = WeeklyReportFactory(municipality=municipality, week=week)
    return ObservationFactory(report=report, place=place, count=count, category=Category.objects.get(slug=slug))


@pytest.fixture
def known_data(municipality_a, frozen):
    places = {name: PlaceFactory(municipality=municipality_a, name=name) for name in "ABCD"}
    observe(municipality_a, IsoWeek(2025, 10), places["A"], 2)
    observe(municipality_a, IsoWeek(2025, 8), places["A"], 3)
    observe(municipality_a, IsoWeek(2025, 5), places["A"], 1)
    observe(municipality_a, IsoWeek(2025, 9), places["B"], 5, "narcotics")
    observe(municipality_a, IsoWeek(2025, 4), places["B"], 6, "narcotics")
    observe(municipality_a, IsoWeek(2025, 7), places["C"], 1)
    observe(municipality_a, IsoWeek(2025, 2), places["C"], 10)  # trend only: before both windows
    observe(municipality_a, IsoWeek(2025, 6), places["D"], 4, "narcotics")  # only in the earlier window
    observe(municipality_a, IsoWeek(2024, 50), places["D"], 7)  # 13 weeks ago: in nothing
    other = MunicipalityFactory()
    observe(other, IsoWeek(2025, 10), PlaceFactory(municipality=other, name="A"), 100)
    return places


def test_hot_spots_rank_places_by_the_last_four_weeks_against_the_four_before(municipality_a, known_data):
    spots = selectors.hot_spots(municipalities=[municipality_a], week=W10)[municipality_a.pk]
    assert [(s.name, s.rank, s.recent, s.before, s.signed_change) for s in spots] == [
        ("A", 1, 5, 1, "+4"),
        ("B", 1, 5, 6, "−1"),
        ("C", 3, 1, 0, "+1"),
    ]


def test_the_trend_counts_events_per_category_and_week_over_twelve_weeks(municipality_a, known_data):
    trend = selectors.category_trend(municipalities=[municipality_a], week=W10)[municipality_a.pk]
    assert trend.weeks[0] == IsoWeek(2024, 51) and trend.weeks[-1] == W10
    series = {s.name: s.values for s in trend.series}
    assert series == {
        "Narkotika": [0, 0, 0, 0, 0, 6, 0, 4, 0, 0, 5, 0],
        "Skadegörelse och klotter": [0, 0, 0, 10, 0, 0, 1, 0, 1, 3, 0, 2],
    }
    assert trend.week_totals == [0, 0, 0, 10, 0, 6, 1, 4, 1, 3, 5, 2]


def test_open_actions_count_each_agreed_action_once_at_its_latest_week(municipality_a, coordinator_a, frozen):
    police = OrganisationFactory(name="Polisen", municipalities=[municipality_a])
    housing = OrganisationFactory(name="Bostadsbolaget", municipalities=[municipality_a])
    this_week = WeeklyReportFactory(municipality=municipality_a, week=W10)
    ActionFactory(report=this_week, responsible_organisation=police, due_date=date(2025, 3, 1))
    ActionFactory(report=this_week, responsible_organisation=police, due_date=date(2025, 3, 12))
    ActionFactory(report=this_week, responsible_organisation=police, status="done")
    last_week = WeeklyReportFactory(municipality=municipality_a, week=IsoWeek(2025, 9))
    ActionFactory(report=last_week, responsible_organisation=housing)
    services.week_close(report=last_week, actor=coordinator_a)  # carried into week 10
    rows = selectors.open_actions_by_organisation(municipalities=[municipality_a], today=date(2025, 3, 5))
    assert rows[municipality_a.pk] == [
        {"name": "Polisen", "total": 2, "overdue": 1},
        {"name": "Bostadsbolaget", "total": 1, "overdue": 0},
    ]


def test_the_dashboard_page_shows_the_numbers_as_a_table_and_a_chart(reader_client, municipality_a, known_data):
    response = reader_client.get(reverse("situation_reports:dashboard", args=[municipality_a.slug]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Händelser vecka 7–10 jämfört med vecka 3–6" in content
    assert content.count('<svg class="trend-panel"') == 2
    assert 'role="img"' in content and "<title" in content
    assert "style=" not in content
    assert "Skadegörelse och klotter: 17 händelser under perioden" in content


def _fill(municipality, organisation, place, weeks, per_week):
    for offset in range(weeks):
        report = WeeklyReportFactory(municipality=municipality, week=W10.shifted(-offset))
        for _ in range(per_week):
            ObservationFactory(report=report, organisation=organisation, place=place)
        ActionFactory(report=report, responsible_organisation=organisation)


def test_the_dashboard_uses_the_same_few_queries_for_one_row_or_many(
    reader_client, municipality_a, organisation_a, django_assert_num_queries, frozen
):
    url = reverse("situation_reports:dashboard", args=[municipality_a.slug])
    place = PlaceFactory(municipality=municipality_a)
    _fill(municipality_a, organisation_a, place, weeks=1, per_week=1)
    reader_client.get(url)
    # session, user, membership; this week's report; contributions per
    # organisation; the recent weeks' versions; open actions; memberships
    # count; the hot spots map's counts (its border is cached after the
    # first request); readers see no tips, so no tip count. Hot spots, trend
    # and the weekday table are kept under the weeks' versions (figures.py).
    with django_assert_num_queries(9):
        reader_client.get(url)
    other_places = [PlaceFactory(municipality=municipality_a) for _ in range(5)]
    _fill(municipality_a, organisation_a, place, weeks=20, per_week=6)
    for other in other_places:
        _fill(municipality_a, OrganisationFactory(municipalities=[municipality_a]), other, weeks=3, per_week=2)
    with django_assert_num_queries(9 + 3):  # the weeks changed: the three are read again
        reader_client.get(url)
    with django_assert_num_queries(9):
        reader_client.get(url)


def _figures(client, municipality) -> str:
    """The dashboard's hot spots, weekday table and trend, as shown."""
    html = client.get(reverse("situation_reports:dashboard", args=[municipality.slug])).content.decode()
    hot_spots = html[html.index('id="hot-heading"') : html.index("maps-map")]
    return hot_spots + html[html.index('id="weekday-time-heading"') :]


def _rename(instance, **fields):
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.save()


@pytest.mark.parametrize(
    "write",
    [
        lambda places, m: observe(m, IsoWeek(2025, 9), places["C"], 7),  # a new report in the weeks
        lambda places, m: ObservationFactory(report=places["A"].observations.first().report, place=places["C"]),
        lambda places, m: places["A"].observations.order_by("-report__week_start").first().delete(),
        lambda places, m: _rename(places["A"].observations.order_by("-report__week_start").first(), count=40),
        lambda places, m: places["B"].observations.order_by("-report__week_start").first().report.delete(),
        lambda places, m: _rename(places["A"], name="Omdöpt plats"),
        lambda places, m: _rename(Category.objects.get(slug="narcotics"), name_i18n={"sv": "Knark", "en": "Drugs"}),
    ],
    ids=["new report", "added", "deleted", "count changed", "report deleted", "place renamed", "category renamed"],
)
def test_the_kept_figures_change_with_the_weeks_places_and_categories(reader_client, municipality_a, known_data, write):
    before = _figures(reader_client, municipality_a)
    assert _figures(reader_client, municipality_a) == before  # kept
    write(known_data, municipality_a)
    after = _figures(reader_client, municipality_a)
    assert after != before
    pagecache.forget()
    cache.clear()
    assert _figures(reader_client, municipality_a) == after  # the same as built from nothing kept


def test_the_combined_view_shows_each_municipality_side_by_side(client, municipality_a, municipality_b, frozen):
    official = MembershipFactory(municipality=municipality_a, role=Role.READER).user
    MembershipFactory(user=official, municipality=municipality_b, role=Role.READER)
    observe(municipality_a, W10, PlaceFactory(municipality=municipality_a, name="Stora torget"), 3)
    observe(municipality_b, W10, PlaceFactory(municipality=municipality_b, name="Fittja centrum"), 4)
    foreign = MunicipalityFactory(name="Främmande kommun")
    observe(foreign, W10, PlaceFactory(municipality=foreign, name="Hemlig plats"), 9)
    client.force_login(official)
    response = client.get(reverse("situation_reports:dashboard-combined"))
    content = response.content.decode()
    assert municipality_a.name in content and municipality_b.name in content
    assert "Stora torget" in content and "Fittja centrum" in content
    assert "Hemlig plats" not in content and "Främmande kommun" not in content
    columns = {c["municipality"].pk: c for c in response.context["columns"]}
    assert [s.recent for s in columns[municipality_b.pk]["hot_spots"]] == [4]


def test_the_combined_view_costs_the_same_for_more_municipalities(client, django_assert_num_queries, frozen):
    official = MembershipFactory(role=Role.READER).user
    MembershipFactory(user=official, role=Role.READER)
    client.force_login(official)
    url = reverse("situation_reports:dashboard-combined")
    client.get(url)
    # session, user, memberships, hot spots, trend, open actions; the county
    # map's totals and borders
    with django_assert_num_queries(8):
        client.get(url)
    for _ in range(3):
        membership = MembershipFactory(user=official, role=Role.READER)
        observe(membership.municipality, W10, PlaceFactory(municipality=membership.municipality), 2)
    with django_assert_num_queries(8):
        client.get(url)


def test_an_official_of_one_municipality_is_sent_to_its_dashboard(reader_client, municipality_a):
    response = reader_client.get(reverse("situation_reports:dashboard-combined"))
    assert response["Location"] == reverse("situation_reports:dashboard", args=[municipality_a.slug])


def test_the_combined_view_needs_a_login(client):
    assert client.get(reverse("situation_reports:dashboard-combined"))["Location"].startswith(reverse("login"))


def test_the_dashboard_shows_events_per_weekday_and_time_of_day(reader_client, municipality_a, frozen):
    from datetime import time

    from situation_reports.weeks import current_week

    report = WeeklyReportFactory(municipality=municipality_a, week=current_week(municipality_a.timezone))
    ObservationFactory(report=report, date=report.week.monday, time=time(21, 30), count=7)
    page = reader_client.get(reverse("situation_reports:dashboard", args=[municipality_a.slug])).content.decode()
    assert "Veckodag och tid på dygnet" in page
    monday = '<th scope="row" class="fw-normal">Måndag</th>'
    cells = '<td class="text-end">0</td><td class="text-end">0</td><td class="text-end fw-bold">7</td>'
    assert monday + cells in page
