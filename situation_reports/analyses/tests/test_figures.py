"""The generated figures against hand-computed numbers, and their fixed query count.

Tertial 1 of 2026 is ISO weeks 2026-W01 (from Monday 29 December 2025) to
2026-W18; the same tertial a year earlier is 2025-W01 (from Monday 30
December 2024) to 2025-W17.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from portal.models import Category
from portal.tests.factories import MunicipalityFactory, OrganisationFactory, PlaceFactory
from situation_reports import services as week_services
from situation_reports.analyses.periods import Period
from situation_reports.analyses.selectors import period_figures
from situation_reports.models import Action
from situation_reports.tests.factories import ActionFactory, ObservationFactory, WeeklyReportFactory
from situation_reports.weeks import IsoWeek
from tips.models import Channel, Tip, TipStatus
from tips.tests.factories import TipFactory

pytestmark = pytest.mark.django_db
T1 = Period("tertial", 2026, 1)
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def observe(municipality, week, place, count, slug="vandalism-graffiti", organisation=None, source="own"):
    report = WeeklyReportFactory(municipality=municipality, week=week)
    extra = {"organisation": organisation} if organisation else {}
    return ObservationFactory(
        report=report, place=place, count=count, category=Category.objects.get(slug=slug), source=source, **extra
    )


def tip(municipality, when, channel=Channel.WEB, slug=None, status=TipStatus.NEW):
    category = Category.objects.get(slug=slug) if slug else None
    closed_at = when if status == TipStatus.SPAM else None
    created = TipFactory(
        municipality=municipality, channel=channel, category=category, status=status, closed_at=closed_at
    )
    Tip.objects.filter(pk=created.pk).update(created=when)


@pytest.fixture
def known(municipality_a, police_a, organisation_a, coordinator_a):
    m = municipality_a
    p1, p2, p3 = (PlaceFactory(municipality=m, name=name) for name in ("Centrum", "Stationen", "Parken"))
    observe(m, IsoWeek(2026, 1), p1, 2, organisation=police_a)  # Monday 29 Dec 2025: in the tertial
    observe(m, IsoWeek(2025, 52), p1, 50)  # the week before: in neither period
    observe(m, IsoWeek(2026, 10), p1, 1, organisation=organisation_a, source="tip")
    observe(m, IsoWeek(2026, 10), p2, 4, "narcotics", organisation=police_a)
    observe(m, IsoWeek(2026, 18), p2, 3, "narcotics", organisation=police_a)  # ends Sunday 3 May
    observe(m, IsoWeek(2026, 19), p2, 100, "narcotics")  # after
    observe(m, IsoWeek(2025, 1), p1, 5)  # a year earlier, from Monday 30 Dec 2024
    observe(m, IsoWeek(2025, 17), p2, 1, "narcotics")  # a year earlier
    observe(m, IsoWeek(2025, 18), p3, 20)  # its Thursday is 1 May 2025: tertial 2
    other = MunicipalityFactory()
    observe(other, IsoWeek(2026, 10), PlaceFactory(municipality=other, name="Centrum"), 1000)

    # Actions: agreed in week 10 and carried to week 11, where one is done.
    w10 = WeeklyReportFactory(municipality=m, week=IsoWeek(2026, 10))
    ActionFactory(report=w10, responsible_organisation=police_a, place=p1)
    ActionFactory(report=w10, responsible_organisation=organisation_a, status=Action.Status.NOT_DONE)
    w11 = week_services.week_close(report=w10, actor=coordinator_a)
    w11.actions.filter(responsible_organisation=police_a).update(status=Action.Status.DONE)
    w18 = WeeklyReportFactory(municipality=m, week=IsoWeek(2026, 18))
    ActionFactory(report=w18, responsible_organisation=police_a)
    week_services.week_close(report=w18, actor=coordinator_a)  # carried into week 19: still open at the end
    ActionFactory(report=WeeklyReportFactory(municipality=m, week=IsoWeek(2026, 20)), responsible_organisation=police_a)

    tip(m, datetime(2025, 12, 29, 0, 30, tzinfo=STOCKHOLM), slug="narcotics")  # first minutes of the period
    tip(m, datetime(2025, 12, 28, 23, 30, tzinfo=STOCKHOLM), slug="narcotics")  # just before
    tip(m, datetime(2026, 3, 1, 12, tzinfo=STOCKHOLM), channel=Channel.PHONE)
    tip(m, datetime(2026, 3, 2, 12, tzinfo=STOCKHOLM), status=TipStatus.SPAM)
    tip(m, datetime(2025, 2, 1, 12, tzinfo=STOCKHOLM), slug="narcotics")  # a year earlier
    return {"p1": p1, "p2": p2, "p3": p3}


def test_events_per_category_count_the_periods_weeks_across_the_year_end(municipality_a, known):
    figures = period_figures(municipality=municipality_a, period=T1)
    rows = [(c["slug"], c["current"], c["previous"]) for c in figures["categories"]]
    assert rows == [("narcotics", 7, 1), ("vandalism-graffiti", 3, 5)]
    assert figures["totals"] == {"current": 10, "previous": 6}
    narcotics, vandalism = figures["categories"]
    assert narcotics["weekly"][9] == 4 and narcotics["weekly"][17] == 3 and sum(narcotics["weekly"]) == 7
    assert vandalism["weekly"][0] == 2 and vandalism["weekly"][9] == 1
    assert figures["period"]["first_week"] == "2026-W01" and figures["previous_period"]["last_week"] == "2025-W17"


def test_hot_spots_are_ranked_now_and_a_year_earlier_with_the_two_halves(municipality_a, known):
    places = period_figures(municipality=municipality_a, period=T1)["places"]
    rows = [
        (p["name"], p["current"], p["previous"], p["rank"], p["previous_rank"], p["first_half"], p["second_half"])
        for p in places
    ]
    assert rows == [("Stationen", 7, 1, 1, 2, 0, 7), ("Centrum", 3, 5, 2, 1, 2, 1)]


def test_actions_count_each_agreed_action_once_and_what_was_open_at_the_end(
    municipality_a, known, police_a, organisation_a
):
    actions = {a["organisation"]: a for a in period_figures(municipality=municipality_a, period=T1)["actions"]}
    assert {k: actions["Polisen A"][k] for k in ("decided", "done", "not_done", "open", "done_at_place")} == {
        "decided": 2,
        "done": 1,
        "not_done": 0,
        "open": 1,
        "done_at_place": 1,
    }
    assert {k: actions["Kommunen A"][k] for k in ("decided", "done", "not_done", "open")} == {
        "decided": 1,
        "done": 0,
        "not_done": 1,
        "open": 1,
    }


def test_tips_count_per_category_and_channel_by_local_arrival_without_spam(municipality_a, known):
    tips = period_figures(municipality=municipality_a, period=T1)["tips"]
    assert [(c["slug"], c["current"], c["previous"]) for c in tips["categories"]] == [
        ("narcotics", 1, 1),
        (None, 1, 0),
    ]
    assert [(c["channel"], c["current"], c["previous"]) for c in tips["channels"]] == [
        ("web", 1, 1),
        ("phone", 1, 0),
    ]


def test_field_presence_is_derived_from_each_organisations_reports(municipality_a, known):
    presence = {p["organisation"]: p for p in period_figures(municipality=municipality_a, period=T1)["presence"]}
    police = presence["Polisen A"]
    assert (police["weeks"], police["observations"], police["own"], police["places"], police["done_at_place"]) == (
        3,
        3,
        3,
        2,
        1,
    )
    municipality = presence["Kommunen A"]
    assert (municipality["weeks"], municipality["own"]) == (1, 0)


def test_weekly_reports_of_the_period_are_counted(municipality_a, known):
    reports = period_figures(municipality=municipality_a, period=T1)["reports"]
    # weeks 1, 10, 11, 18 in the tertial (10 and 18 closed); weeks 1 and 17 a year earlier
    assert reports == {"current": 4, "closed": 2, "previous": 2}


def _fill(municipality, weeks: int, per_week: int) -> None:
    organisations = [OrganisationFactory(municipalities=[municipality]) for _ in range(3)]
    places = [PlaceFactory(municipality=municipality) for _ in range(4)]
    for offset in range(weeks):
        report = WeeklyReportFactory(municipality=municipality, week=IsoWeek(2026, 18).shifted(-offset))
        for index in range(per_week):
            ObservationFactory(report=report, organisation=organisations[index % 3], place=places[index % 4])
        ActionFactory(report=report, responsible_organisation=organisations[offset % 3])
        TipFactory(municipality=municipality)


def test_the_figures_take_the_same_eight_queries_for_little_or_much_data(municipality_a, django_assert_num_queries):
    # categories × week; places; actions per organisation; tips per category
    # and channel; presence per organisation; weekly reports; presence-log
    # hours; events per date × part of the day
    _fill(municipality_a, weeks=1, per_week=1)
    with django_assert_num_queries(8):
        small = period_figures(municipality=municipality_a, period=T1)
    _fill(municipality_a, weeks=60, per_week=8)
    with django_assert_num_queries(8):
        large = period_figures(municipality=municipality_a, period=T1)
    assert large["totals"]["current"] > small["totals"]["current"]


def test_the_period_shows_weekday_by_time_of_day_and_presence_hours(municipality_a, police_a, organisation_a):
    from datetime import time, timedelta

    from situation_reports.models import PartOfDay
    from situation_reports.tests.factories import PresenceEntryFactory

    place = PlaceFactory(municipality=municipality_a, name="Torget")
    report = WeeklyReportFactory(municipality=municipality_a, week=IsoWeek(2026, 3))
    friday = report.week.monday + timedelta(days=4)
    # Friday evening: 3 events at 20:15 and 2 told as "kväll"; Friday night 1; Monday morning 4; Sunday unknown 5.
    ObservationFactory(report=report, place=place, date=friday, time=time(20, 15), count=3)
    ObservationFactory(report=report, place=place, date=friday, part_of_day=PartOfDay.EVENING, count=2)
    ObservationFactory(report=report, place=place, date=friday, time=time(23, 40), count=1)
    ObservationFactory(report=report, place=place, date=report.week.monday, time=time(7, 0), count=4)
    ObservationFactory(report=report, place=place, date=report.week.sunday, count=5)
    # Outside the period: not counted.
    ObservationFactory(report=WeeklyReportFactory(municipality=municipality_a, week=IsoWeek(2026, 30)), count=9)
    start = datetime(2026, 1, 16, 18, 0, tzinfo=STOCKHOLM)
    PresenceEntryFactory(
        report=report, organisation=police_a, place=place, starts_at=start, ends_at=start + timedelta(hours=4)
    )
    PresenceEntryFactory(
        report=report,
        organisation=organisation_a,
        place=None,
        area="Norra skogen",
        starts_at=start,
        ends_at=start + timedelta(hours=2, minutes=30),
    )
    PresenceEntryFactory(
        report=report,
        organisation=police_a,
        place=place,
        starts_at=start + timedelta(days=1),
        ends_at=start + timedelta(days=1, hours=1),
    )

    figures = period_figures(municipality=municipality_a, period=T1)

    table = figures["weekday_time"]
    assert [p["value"] for p in table["parts"]] == ["morning", "day", "evening", "night"]
    rows = {r["weekday"]: r for r in table["rows"]}
    assert rows[4]["cells"] == [0, 0, 5, 1] and rows[4]["label"] == "fredag"
    assert rows[0]["cells"] == [4, 0, 0, 0]
    assert rows[6]["cells"] == [0, 0, 0, 0] and rows[6]["unknown"] == 5
    assert table["max"] == 5
    assert figures["presence_hours"] == {
        "organisations": [{"name": "Polisen A", "hours": 5.0}, {"name": "Kommunen A", "hours": 2.5}],
        "places": [{"name": "Torget", "hours": 5.0}, {"name": "Norra skogen", "hours": 2.5}],
    }
