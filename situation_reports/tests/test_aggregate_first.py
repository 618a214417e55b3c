"""Aggregate first, name afterwards: the dashboard and place selectors give
exactly what the join-everything queries they replaced gave.

The reference implementations below are the previous selectors, verbatim
in what they return; both run on the same seeded random data, in Swedish
and English, for one municipality and for several."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import timedelta

import pytest
from django.db.models import Count, Q, Sum
from django.utils import timezone, translation

from portal.languages import translated
from portal.models import Category, Place, Role
from portal.tests.factories import MembershipFactory, MunicipalityFactory, PlaceFactory
from situation_reports import selectors
from situation_reports.models import Observation
from situation_reports.selectors import HOT_SPOT_WINDOW, TREND_WEEKS, CategorySeries, HotSpot, Trend
from situation_reports.tests.factories import ObservationFactory, WeeklyReportFactory
from situation_reports.weeks import IsoWeek
from tips import selectors as tip_selectors
from tips.models import FINISHED_STATUSES, Tip, TipStatus
from tips.tests.factories import TipFactory

pytestmark = pytest.mark.django_db
W10 = IsoWeek(2025, 10)


def reference_hot_spots(*, municipalities, week, limit=10):
    recent_start = week.shifted(-(HOT_SPOT_WINDOW - 1)).monday
    before_start = week.shifted(-(2 * HOT_SPOT_WINDOW - 1)).monday
    rows = (
        Observation.objects.filter(
            report__municipality__in=municipalities,
            report__week_start__gte=before_start,
            report__week_start__lte=week.monday,
        )
        .values("report__municipality_id", "place_id", "place__name")
        .annotate(
            recent=Sum("count", filter=Q(report__week_start__gte=recent_start), default=0),
            before=Sum("count", filter=Q(report__week_start__lt=recent_start), default=0),
        )
        .filter(recent__gt=0)
        .order_by("report__municipality_id", "-recent", "place__name")
    )
    result = defaultdict(list)
    for row in rows:
        spots = result[row["report__municipality_id"]]
        if len(spots) >= limit:
            continue
        spot = HotSpot(row["place_id"], row["place__name"], row["recent"], row["before"])
        spot.rank = spots[-1].rank if spots and spots[-1].recent == spot.recent else len(spots) + 1
        spots.append(spot)
    return result


def reference_category_trend(*, municipalities, week, weeks=TREND_WEEKS):
    week_list = [week.shifted(offset) for offset in range(-(weeks - 1), 1)]
    position = {w.monday: index for index, w in enumerate(week_list)}
    rows = (
        Observation.objects.filter(
            report__municipality__in=municipalities,
            report__week_start__gte=week_list[0].monday,
            report__week_start__lte=week.monday,
        )
        .values(
            "report__municipality_id", "report__week_start", "category_id", "category__position", "category__name_i18n"
        )
        .annotate(total=Sum("count"))
        .order_by("report__municipality_id", "category__position", "category_id")
    )
    trends = {m.pk: Trend(weeks=week_list) for m in municipalities}
    series = {}
    for row in rows:
        key = (row["report__municipality_id"], row["category_id"])
        if key not in series:
            series[key] = CategorySeries(row["category_id"], translated(row, "category__name"), [0] * weeks)
            trends[key[0]].series.append(series[key])
        series[key].values[position[row["report__week_start"]]] = row["total"]
    return trends


def reference_place_weekly_counts(*, place, week, weeks=TREND_WEEKS):
    week_list = [week.shifted(offset) for offset in range(-(weeks - 1), 1)]
    totals = dict(
        Observation.objects.filter(
            place=place, report__week_start__gte=week_list[0].monday, report__week_start__lte=week.monday
        )
        .values("report__week_start")
        .annotate(total=Sum("count"))
        .values_list("report__week_start", "total")
    )
    return [(w, totals.get(w.monday, 0)) for w in week_list]


def reference_tip_counts(municipality):
    return Tip.objects.for_municipality(municipality).aggregate(
        new=Count("pk", filter=Q(status=TipStatus.NEW)),
        open=Count("pk", filter=~Q(status__in=FINISHED_STATUSES)),
        answered=Count("pk", filter=Q(resident_replied_at__isnull=False) & ~Q(status__in=FINISHED_STATUSES)),
    )


def reference_place_counts(*, municipality, start, end, previous_start=None, previous_end=None, by_week=True,
                           public_only=False):  # fmt: skip
    """maps.selectors.place_counts before it aggregated first."""
    field = "report__week_start" if by_week else "date"
    first = min(start, previous_start) if previous_start else start
    current = Q(**{f"{field}__gte": start, f"{field}__lte": end})
    previous = Q(**{f"{field}__gte": previous_start, f"{field}__lte": previous_end}) if previous_start else Q(pk__in=[])
    rows = (
        Observation.objects.filter(report__municipality=municipality, **{f"{field}__gte": first})
        .filter(current | previous)
        .filter(Q(category__internal_only=False) if public_only else Q())
        .values("place_id", "place__name", "place__latitude", "place__longitude")
        .annotate(events=Sum("count", filter=current, default=0), earlier=Sum("count", filter=previous, default=0))
        .order_by("-events", "place__name")
    )
    as_float = lambda value: None if value is None else float(value)  # noqa: E731
    return [
        (r["place_id"], r["place__name"], as_float(r["place__latitude"]), as_float(r["place__longitude"]),
         r["events"], r["earlier"])
        for r in rows
    ]  # fmt: skip


@pytest.fixture
def random_weeks():
    """Three municipalities, places with Swedish names (so the name order
    matters), every category, observations on every weekday of 20 weeks
    around the windows, with ties in the counts."""
    rng = random.Random(15)
    categories = list(Category.objects.all())
    towns = [MunicipalityFactory() for _ in range(3)]
    places = {
        t.pk: [PlaceFactory(municipality=t, name=n) for n in ("Åby torg", "Alby", "Ängen", "Bro", "öster", "Zon")]
        for t in towns
    }
    for town in towns:
        for offset in range(-18, 2):
            week = W10.shifted(offset)
            report = WeeklyReportFactory(municipality=town, week=week)
            for _ in range(rng.randint(0, 9)):
                ObservationFactory(
                    report=report,
                    place=rng.choice(places[town.pk]),
                    category=rng.choice(categories),
                    count=rng.choice([1, 1, 2, 3]),
                    date=week.monday + timedelta(days=rng.randint(0, 6)),
                )
    return towns, places


def _spots(result):
    return {
        m: [(s.place_id, s.name, s.recent, s.before, s.rank) for s in spots] for m, spots in result.items() if spots
    }


def _trends(result):
    return {m: (t.weeks, [(s.category_id, s.name, s.values) for s in t.series]) for m, t in result.items()}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_hot_spots_and_trends_are_the_same_as_before(random_weeks, language):
    towns, _ = random_weeks
    with translation.override(language):
        for municipalities in ([towns[0]], towns, []):
            for week in (W10, W10.shifted(-5), W10.shifted(3)):
                for limit in (10, 3):
                    new = selectors.hot_spots(municipalities=municipalities, week=week, limit=limit)
                    old = reference_hot_spots(municipalities=municipalities, week=week, limit=limit)
                    assert _spots(new) == _spots(old)
                new = selectors.category_trend(municipalities=municipalities, week=week)
                assert _trends(new) == _trends(reference_category_trend(municipalities=municipalities, week=week))
    assert _spots(reference_hot_spots(municipalities=towns, week=W10))  # the data is not empty


def test_a_place_counts_per_week_are_the_same_as_before(random_weeks):
    towns, places = random_weeks
    for place in places[towns[1].pk]:
        for week in (W10, W10.shifted(-7), W10.shifted(1)):
            assert selectors.place_weekly_counts(place=place, week=week) == reference_place_weekly_counts(
                place=place, week=week
            )
    assert any(n for _, n in selectors.place_weekly_counts(place=places[towns[1].pk][0], week=W10))


def test_the_triage_counts_are_the_same_as_before(municipality_a):
    rng = random.Random(4)
    for status in TipStatus.values * 3:
        closed = timezone.now() if status in FINISHED_STATUSES else None
        replied = timezone.now() if rng.random() < 0.5 else None
        TipFactory(municipality=municipality_a, status=status, closed_at=closed, resident_replied_at=replied)
    TipFactory(municipality=MunicipalityFactory())
    # A coordinator is a tip handler: every tip of the municipality counts.
    coordinator = MembershipFactory(municipality=municipality_a, role=Role.COORDINATOR)
    assert tip_selectors.tip_counts(membership=coordinator) == reference_tip_counts(municipality_a)
    elsewhere = MembershipFactory(role=Role.COORDINATOR)
    assert tip_selectors.tip_counts(membership=elsewhere) == {"new": 0, "open": 0, "answered": 0}


def test_the_map_counts_are_the_same_as_before(random_weeks):
    from dataclasses import astuple

    from maps.selectors import place_counts

    towns, places = random_weeks
    Place.objects.filter(pk=places[towns[0].pk][1].pk).update(latitude=59.2, longitude=17.8)
    Category.objects.filter(pk__in=Category.objects.order_by("pk").values("pk")[:3]).update(internal_only=True)
    for town in towns:
        for week in (W10, W10.shifted(-5)):
            periods = [
                dict(start=week.monday, end=week.monday),
                dict(start=week.monday, end=week.monday, public_only=True),
                dict(start=week.shifted(-3).monday, end=week.monday,
                     previous_start=week.shifted(-7).monday, previous_end=week.shifted(-4).monday),
                dict(start=week.shifted(-8).monday, end=week.sunday, previous_start=week.shifted(-16).monday,
                     previous_end=week.shifted(-9).sunday, by_week=False),
            ]  # fmt: skip
            for period in periods:
                new = [astuple(row) for row in place_counts(municipality=town, **period)]
                assert new == reference_place_counts(municipality=town, **period)
    assert [astuple(row) for row in place_counts(municipality=towns[0], start=W10.shifted(-8).monday, end=W10.monday)]
