"""Reads of the weekly report; each takes its scope explicitly.

The dashboard selectors take a list of municipalities and answer with one
grouped query each, keyed by municipality id, so the municipality dashboard
and the combined view of an official of several municipalities cost the same
fixed number of queries however many years of observations there are. Only
aggregate rows (one per place, week × category or organisation) reach
Python, never the observations themselves.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from portal.languages import translated
from portal.models import Category, Membership, Municipality, Organisation, Place, Role

from .models import Action, Observation, WeeklyReport
from .weeks import IsoWeek

HOT_SPOT_WINDOW = 4
TREND_WEEKS = 12


# --- One week ---------------------------------------------------------------


def report_get(*, municipality: Municipality, week: IsoWeek) -> WeeklyReport | None:
    return WeeklyReport.objects.for_municipality(municipality).for_week(week).select_related("closed_by").first()


def report_version(*, municipality: Municipality, week: IsoWeek) -> tuple[int, int] | None:
    """(id, version) of the week's report, None when there is none."""
    return WeeklyReport.objects.for_municipality(municipality).for_week(week).values_list("pk", "version").first()


def observation_list_for_report(*, report: WeeklyReport | None) -> QuerySet[Observation] | list:
    if report is None:
        return []
    return report.observations.select_related("organisation", "author", "category", "place").order_by(
        "organisation__name", "date", "created"
    )


WEEK_OBSERVATION_FIELDS = (
    "pk", "organisation_id", "organisation__name", "author_id", "author__first_name", "author__last_name",
    "author__username", "category_id", "category__name_i18n", "place_id", "place__name", "date", "time",
    "part_of_day", "count", "source", "tip_id", "certainty", "description", "created",
)  # fmt: skip
WEEK_ACTION_FIELDS = (
    "pk", "what", "carried_over_from_id", "carried_over_from__report__iso_week", "responsible_organisation_id",
    "responsible_organisation__name", "place_id", "place__name", "due_date", "status", "outcome_note",
)  # fmt: skip


def observation_rows_for_report(*, report: WeeklyReport) -> QuerySet:
    """The week page's observations as value rows (no model instances: the
    largest week has hundreds), in the order of observation_list_for_report."""
    return report.observations.order_by("organisation__name", "date", "created").values(*WEEK_OBSERVATION_FIELDS)


def action_rows_for_report(*, report: WeeklyReport) -> QuerySet:
    return report.actions.order_by("status", "due_date", "created").values(*WEEK_ACTION_FIELDS)


def observations_by_organisation(*, observations) -> list[tuple[Organisation, list[Observation]]]:
    """Group one week's observations (already ordered by organisation)."""
    groups: dict[int, tuple[Organisation, list[Observation]]] = {}
    for observation in observations:
        groups.setdefault(observation.organisation_id, (observation.organisation, []))[1].append(observation)
    return list(groups.values())


def contribution_status(*, municipality: Municipality, report: WeeklyReport | None) -> list[Organisation]:
    """The organisations expected to contribute, each with `contributed`: how
    many observations it has added to `report`, in one query.

    Expected are the organisations with a contributor or coordinator in the
    municipality (a partner with only readers, or none, is not asked), plus
    any that did contribute."""
    contributing = Membership.objects.filter(
        municipality=municipality, role__in=[Role.CONTRIBUTOR, Role.COORDINATOR]
    ).values("organisation")
    if report is None:
        organisations = Organisation.objects.filter(pk__in=contributing).annotate(contributed=Value(0))
        return list(organisations.order_by("name"))
    per_organisation = (
        Observation.objects.filter(report=report, organisation=OuterRef("pk"))
        .values("organisation")
        .annotate(total=Count("pk"))
        .values("total")
    )
    organisations = Organisation.objects.filter(
        Q(pk__in=contributing) | Q(pk__in=Observation.objects.filter(report=report).values("organisation"))
    ).annotate(contributed=Coalesce(Subquery(per_organisation), 0))
    return list(organisations.order_by("-contributed", "name"))


def action_list_for_report(*, report: WeeklyReport | None) -> QuerySet[Action] | list:
    if report is None:
        return []
    return report.actions.select_related("responsible_organisation", "place", "carried_over_from__report").order_by(
        "status", "due_date", "created"
    )


def followup_actions(*, municipality: Municipality, week: IsoWeek) -> QuerySet[Action]:
    """Last week's unfinished actions, with where each was carried to."""
    previous = week.shifted(-1)
    return (
        Action.objects.for_municipality(municipality)
        .filter(report__iso_year=previous.year, report__iso_week=previous.week)
        .unfinished()
        .select_related("responsible_organisation", "place", "carried_to__report")
        .order_by("due_date", "created")
    )


def _tables(*models_) -> list[str]:
    return [connection.ops.quote_name(model._meta.db_table) for model in models_]


def _placeholders(items: list) -> str:
    return ", ".join(["%s"] * len(items)) or "NULL"


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _as_json(value: Any) -> Any:
    """A JSON column from a raw cursor (text on SQLite; Django leaves it
    text on PostgreSQL too, for JSONField to decode)."""
    return json.loads(value) if isinstance(value, str | bytes) else value


def _as_date(value: date | str) -> date:
    """A DATE column from a raw cursor (SQLite hands back text)."""
    return date.fromisoformat(value) if isinstance(value, str) else value


# --- Dashboard --------------------------------------------------------------


@dataclass
class HotSpot:
    place_id: int
    name: str
    recent: int
    before: int
    rank: int = 0

    @property
    def change(self) -> int:
        return self.recent - self.before

    @property
    def signed_change(self) -> str:
        """The change as text, so it never depends on colour: +3, −2, ±0."""
        if self.change > 0:
            return f"+{self.change}"
        return f"−{-self.change}" if self.change < 0 else "±0"


def hot_spots(*, municipalities: list[Municipality], week: IsoWeek, limit: int = 10) -> dict[int, list[HotSpot]]:
    """Places ranked by the number of events observed in the last four weeks
    (this week and the three before), with the four weeks before that for
    comparison. Equal counts share a rank (1, 2, 2, 4)."""
    recent_start = week.shifted(-(HOT_SPOT_WINDOW - 1)).monday
    before_start = week.shifted(-(2 * HOT_SPOT_WINDOW - 1)).monday
    observations, reports, places = _tables(Observation, WeeklyReport, Place)
    ids = _placeholders(municipalities)
    # Aggregate on ids first, then attach the ~10–150 names: joining every
    # observation of eight weeks to its place before grouping cost most of it.
    rows = _fetch(
        f"""SELECT t.municipality_id, t.place_id, p.name, t.recent, t.earlier FROM (
                SELECT r.municipality_id, o.place_id,
                       SUM(CASE WHEN r.week_start >= %s THEN o.count ELSE 0 END) AS recent,
                       SUM(CASE WHEN r.week_start < %s THEN o.count ELSE 0 END) AS earlier
                FROM {observations} o JOIN {reports} r ON r.id = o.report_id
                WHERE r.municipality_id IN ({ids}) AND r.week_start >= %s AND r.week_start <= %s
                GROUP BY r.municipality_id, o.place_id
            ) t JOIN {places} p ON p.id = t.place_id
            WHERE t.recent > 0
            ORDER BY t.municipality_id, t.recent DESC, p.name""",  # noqa: S608 - table names from _meta only
        [recent_start, recent_start, *[m.pk for m in municipalities], before_start, week.monday],
    )
    result: dict[int, list[HotSpot]] = defaultdict(list)
    for municipality_id, place_id, name, recent, before in rows:
        spots = result[municipality_id]
        if len(spots) >= limit:
            continue
        spot = HotSpot(place_id, name, recent, before)
        spot.rank = spots[-1].rank if spots and spots[-1].recent == spot.recent else len(spots) + 1
        spots.append(spot)
    return result


@dataclass
class CategorySeries:
    category_id: int
    name: str
    values: list[int]

    @property
    def total(self) -> int:
        return sum(self.values)


@dataclass
class Trend:
    weeks: list[IsoWeek]
    series: list[CategorySeries] = field(default_factory=list)

    @property
    def week_totals(self) -> list[int]:
        return [sum(values) for values in zip(*(s.values for s in self.series), strict=True)] if self.series else []


def category_trend(*, municipalities: list[Municipality], week: IsoWeek, weeks: int = TREND_WEEKS) -> dict[int, Trend]:
    """Events per category and week over the last `weeks` weeks (this one
    included), for the categories that have any."""
    week_list = [week.shifted(offset) for offset in range(-(weeks - 1), 1)]
    position = {w.monday: index for index, w in enumerate(week_list)}
    observations, reports, categories = _tables(Observation, WeeklyReport, Category)
    ids = _placeholders(municipalities)
    # Sums per municipality, week and category id first; names afterwards.
    rows = _fetch(
        f"""SELECT t.municipality_id, t.week_start, t.category_id, c.name_i18n, t.total FROM (
                SELECT r.municipality_id, r.week_start, o.category_id, SUM(o.count) AS total
                FROM {observations} o JOIN {reports} r ON r.id = o.report_id
                WHERE r.municipality_id IN ({ids}) AND r.week_start >= %s AND r.week_start <= %s
                GROUP BY r.municipality_id, r.week_start, o.category_id
            ) t JOIN {categories} c ON c.id = t.category_id
            ORDER BY t.municipality_id, c.position, t.category_id""",  # noqa: S608 - names from _meta only
        [*[m.pk for m in municipalities], week_list[0].monday, week.monday],
    )
    trends = {m.pk: Trend(weeks=week_list) for m in municipalities}
    series: dict[tuple[int, int], CategorySeries] = {}
    for municipality_id, week_start, category_id, name, total in rows:
        key = (municipality_id, category_id)
        if key not in series:
            series[key] = CategorySeries(category_id, translated({"name_i18n": _as_json(name)}), [0] * weeks)
            trends[municipality_id].series.append(series[key])
        series[key].values[position[_as_date(week_start)]] = total
    return trends


def open_actions_by_organisation(*, municipalities: list[Municipality], today: date) -> dict[int, list[dict[str, Any]]]:
    """Per municipality: organisations with planned actions not yet carried
    on, how many, and how many of them are past their due date."""
    rows = (
        Action.objects.filter(report__municipality__in=municipalities)
        .open()
        .values("report__municipality_id", "responsible_organisation_id", "responsible_organisation__name")
        .annotate(total=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
        .order_by("report__municipality_id", "-total", "responsible_organisation__name")
    )
    result: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        result[row["report__municipality_id"]].append(
            {"name": row["responsible_organisation__name"], "total": row["total"], "overdue": row["overdue"]}
        )
    return result


# --- Places -------------------------------------------------------------------


def place_observations(*, place: Place) -> QuerySet[Observation]:
    return (
        Observation.objects.filter(place=place)
        .select_related("organisation", "category", "report")
        .order_by("-date", "-created")
    )


def place_actions(*, place: Place) -> QuerySet[Action]:
    return (
        Action.objects.filter(place=place)
        .select_related("responsible_organisation", "report")
        .order_by("-report__week_start", "created")
    )


def place_weekly_counts(*, place: Place, week: IsoWeek, weeks: int = TREND_WEEKS) -> list[tuple[IsoWeek, int]]:
    week_list = [week.shifted(offset) for offset in range(-(weeks - 1), 1)]
    # By date within the twelve weeks, on the index (place, -date): never the
    # place's whole history. An observation's date lies inside its report's
    # week (Observation.clean), so summing dates by their Monday is the same
    # as summing by report week.
    totals: dict[date, int] = defaultdict(int)
    by_day = (
        Observation.objects.filter(place=place, date__gte=week_list[0].monday, date__lte=week.sunday)
        .values("date")
        .annotate(total=Sum("count"))
        .order_by()
        .values_list("date", "total")
    )
    for day, total in by_day:
        totals[IsoWeek.of(day).monday] += total
    return [(w, totals.get(w.monday, 0)) for w in week_list]


# --- Lists and exports ----------------------------------------------------------


def observation_list(*, municipality: Municipality, filters: dict[str, Any]) -> QuerySet[Observation]:
    """Observations of the municipality matching the filter form's cleaned data."""
    observations = Observation.objects.for_municipality(municipality)
    if filters.get("date_from"):
        observations = observations.filter(date__gte=filters["date_from"])
    if filters.get("date_to"):
        observations = observations.filter(date__lte=filters["date_to"])
    for name in ("category", "place", "organisation"):
        if filters.get(name):
            observations = observations.filter(**{name: filters[name]})
    if filters.get("source"):
        observations = observations.filter(source=filters["source"])
    return observations.select_related("report", "organisation", "category", "place").order_by("-date", "-pk")


# --- Public summaries -----------------------------------------------------------


def published_reports(*, municipality: Municipality) -> QuerySet[WeeklyReport]:
    return (
        WeeklyReport.objects.for_municipality(municipality).filter(published_at__isnull=False).order_by("-week_start")
    )


def public_counts(*, reports: list[WeeklyReport]) -> dict[int, dict[str, list[dict[str, Any]]]]:
    """Per report: events per place and per category, for residents.

    Internal-only categories (e.g. welfare crime) are left out, as they are
    from every public form; no observation text ever leaves this function.
    A count below the municipality's threshold is given as "fewer than N"
    (`shown`), the exact figure only to internal pages.
    """
    counts: dict[int, dict[str, list]] = {report.pk: {"places": [], "categories": []} for report in reports}
    if not reports:
        return counts
    threshold = {report.pk: _threshold_of(report) for report in reports}
    public = Observation.objects.filter(report__in=reports, category__internal_only=False)
    for row in (
        public.values("report_id", "place__name")
        .annotate(total=Sum("count"))
        .order_by("report_id", "-total", "place__name")
    ):
        shown = public_figure(row["total"], threshold[row["report_id"]])
        counts[row["report_id"]]["places"].append({"name": row["place__name"], "total": row["total"], "shown": shown})
    for row in (
        public.values("report_id", "category__name_i18n", "category__position")
        .annotate(total=Sum("count"))
        .order_by("report_id", "-total", "category__position")
    ):
        shown = public_figure(row["total"], threshold[row["report_id"]])
        counts[row["report_id"]]["categories"].append(
            {"name": translated(row, "category__name"), "total": row["total"], "shown": shown}
        )
    return counts


def _threshold_of(report: WeeklyReport) -> int:
    # The public pages load the municipality already (from the URL): no query.
    municipality = report._state.fields_cache.get("municipality")
    if municipality is None:
        municipality = Municipality.objects.only("public_count_threshold").get(pk=report.municipality_id)
    return municipality.public_count_threshold


def public_figure(count: int, threshold: int) -> str:
    """A count as the public may see it: below the threshold, "färre än 3"."""
    if count < threshold:
        return gettext("fewer than %(threshold)s") % {"threshold": threshold}
    return str(count)


# --- The week's record beside the observations: presence, meeting, trail --------


def week_record(*, report: WeeklyReport | None) -> dict:
    """Presence, attendance, decisions and reopenings of one week (four queries)."""
    if report is None:
        return {"presence": [], "attendance": [], "decisions": [], "reopenings": [], "presence_hours": 0}
    presence = list(report.presence.select_related("organisation", "place", "author"))
    return {
        "presence": presence,
        "presence_hours": round(sum(p.hours for p in presence), 1),
        "attendance": list(report.attendance.select_related("organisation")),
        "decisions": list(report.decisions.select_related("created_by")),
        "reopenings": list(report.reopenings.select_related("reopened_by", "previously_closed_by")),
    }


WEEKDAYS = range(7)


def weekday_time_table(*, observations: QuerySet[Observation]) -> dict:
    """Events per weekday (Monday first) × part of the day, from observation
    rows (`date`, `part_of_day`, `count`); events without a known part of the
    day are counted apart. One aggregate row per date and part of the day."""
    from django.utils.dates import WEEKDAYS as WEEKDAY_NAMES

    from .models import PartOfDay

    rows = observations.values("date", "part_of_day").annotate(events=Sum("count")).order_by()
    parts = [value for value, _label in PartOfDay.choices]
    cells = {(day, part): 0 for day in WEEKDAYS for part in [*parts, ""]}
    for row in rows:
        cells[(row["date"].weekday(), row["part_of_day"])] += row["events"]
    return {
        "parts": [{"value": v, "label": str(label)} for v, label in PartOfDay.choices],
        "rows": [
            {
                "weekday": day,
                "label": str(WEEKDAY_NAMES[day]),
                "cells": [cells[(day, p)] for p in parts],
                "unknown": cells[(day, "")],
            }
            for day in WEEKDAYS
        ],
        "max": max([cells[(d, p)] for d in WEEKDAYS for p in parts] or [0]),
    }


def weekday_time_recent(*, municipality: Municipality, week: IsoWeek, weeks: int = 12) -> dict:
    """The weekday × time-of-day table of the last `weeks` weeks up to `week`."""
    first = week.shifted(-(weeks - 1)).monday
    observations = Observation.objects.for_municipality(municipality).filter(
        report__week_start__gte=first, report__week_start__lte=week.monday
    )
    return weekday_time_table(observations=observations)
