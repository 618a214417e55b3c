"""Reads of the weekly report; each takes its scope explicitly.

The dashboard selectors take a list of municipalities and answer with one
grouped query each, keyed by municipality id, so the municipality dashboard
and the combined view of an official of several municipalities cost the same
fixed number of queries however many years of observations there are. Only
aggregate rows (one per place, week × category or organisation) reach
Python, never the observations themselves.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from portal.languages import translated
from portal.models import Membership, Municipality, Organisation, Place, Role

from .models import Action, Observation, WeeklyReport
from .weeks import IsoWeek

HOT_SPOT_WINDOW = 4
TREND_WEEKS = 12


# --- One week ---------------------------------------------------------------


def report_get(*, municipality: Municipality, week: IsoWeek) -> WeeklyReport | None:
    return WeeklyReport.objects.for_municipality(municipality).for_week(week).select_related("closed_by").first()


def observation_list_for_report(*, report: WeeklyReport | None) -> QuerySet[Observation] | list:
    if report is None:
        return []
    return report.observations.select_related("organisation", "author", "category", "place").order_by(
        "organisation__name", "date", "created"
    )


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
    result: dict[int, list[HotSpot]] = defaultdict(list)
    for row in rows:
        spots = result[row["report__municipality_id"]]
        if len(spots) >= limit:
            continue
        spot = HotSpot(row["place_id"], row["place__name"], row["recent"], row["before"])
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
    series: dict[tuple[int, int], CategorySeries] = {}
    for row in rows:
        key = (row["report__municipality_id"], row["category_id"])
        if key not in series:
            series[key] = CategorySeries(row["category_id"], translated(row, "category__name"), [0] * weeks)
            trends[key[0]].series.append(series[key])
        series[key].values[position[row["report__week_start"]]] = row["total"]
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
    totals = dict(
        Observation.objects.filter(
            place=place, report__week_start__gte=week_list[0].monday, report__week_start__lte=week.monday
        )
        .values("report__week_start")
        .annotate(total=Sum("count"))
        .values_list("report__week_start", "total")
    )
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
