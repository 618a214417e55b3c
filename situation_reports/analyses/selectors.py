"""Reads of period analyses and annual plans.

`period_figures` computes an analysis's figures with a fixed number of
grouped queries (eight, whatever the number of weeks or observations): the
database does the counting and only aggregate rows (one per category × week,
place, organisation or tip category × channel) reach Python, never the
observations or tips themselves. The result is plain JSON, so an approved
analysis stores it as it is and is shown from it ever after.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from agreements.models import Agreement, CitizenPledge, Commitment, PriorityArea
from portal.models import Municipality
from tips.models import Tip, TipStatus

from ..models import Action, Observation, PresenceEntry, WeeklyReport
from ..selectors import weekday_time_table
from .models import AnalysisLink, AnnualPlan, ApprovalStatus, PeriodAnalysis, PlanMeasure
from .periods import Period

FIGURES_VERSION = 1
HOT_SPOT_LIMIT = 10


# --- Figures ----------------------------------------------------------------------


def _week_range(period: Period, path: str = "report__week_start") -> Q:
    """The period's weeks as an indexed range on the week's Monday."""
    return Q(**{f"{path}__gte": period.start, f"{path}__lte": period.last_week.monday})


def _day_range(period: Period, tz: ZoneInfo) -> Q:
    """The period's days (Monday of the first week to Sunday of the last) in
    the municipality's time zone, for timestamps such as a tip's arrival."""
    start = datetime.combine(period.start, time.min, tzinfo=tz)
    end = datetime.combine(period.end + timedelta(days=1), time.min, tzinfo=tz)
    return Q(created__gte=start, created__lt=end)


def _ranked(rows: list[dict], key: str) -> dict[int, int]:
    """Competition ranks (1, 2, 2, 4) of the rows with a positive `key`."""
    ordered = sorted((r for r in rows if r[key]), key=lambda r: (-r[key], r["name"]))
    ranks: dict[int, int] = {}
    for index, row in enumerate(ordered):
        previous = ordered[index - 1] if index else None
        ranks[row["id"]] = ranks[previous["id"]] if previous and previous[key] == row[key] else index + 1
    return ranks


def _period_json(period: Period) -> dict[str, Any]:
    return {
        "label": str(period.label),
        "first_week": str(period.first_week),
        "last_week": str(period.last_week),
        "weeks": len(period.weeks),
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
    }


def _categories(observations: QuerySet, period: Period, previous: Period) -> list[dict[str, Any]]:
    """Events per category and week in the period, and per category a year earlier (one query)."""
    position = {week.monday: index for index, week in enumerate(period.weeks)}
    rows = (
        observations.filter(_week_range(period) | _week_range(previous))
        .values(
            "report__week_start",
            "category_id",
            "category__slug",
            "category__name_i18n",
            "category__position",
        )
        .annotate(total=Sum("count"))
        .order_by()
    )
    categories: dict[int, dict[str, Any]] = {}
    for row in rows:
        category = categories.setdefault(
            row["category_id"],
            {
                "slug": row["category__slug"],
                "name_i18n": row["category__name_i18n"],
                "position": row["category__position"],
                "current": 0,
                "previous": 0,
                "weekly": [0] * len(position),
            },
        )
        index = position.get(row["report__week_start"])
        if index is None:
            category["previous"] += row["total"]
        else:
            category["current"] += row["total"]
            category["weekly"][index] += row["total"]
    return sorted(categories.values(), key=lambda c: (-c["current"], -c["previous"], c["position"], c["slug"]))


def _places(observations: QuerySet, period: Period, previous: Period) -> list[dict[str, Any]]:
    """Events per place now and a year earlier, the period's two halves
    apart, with each place's rank in both periods (one query)."""
    current = _week_range(period)
    middle = period.weeks[len(period.weeks) // 2].monday
    rows = list(
        observations.filter(current | _week_range(previous))
        .values("place_id", "place__name")
        .annotate(
            current=Sum("count", filter=current, default=0),
            previous=Sum("count", filter=_week_range(previous), default=0),
            first_half=Sum("count", filter=current & Q(report__week_start__lt=middle), default=0),
            second_half=Sum("count", filter=current & Q(report__week_start__gte=middle), default=0),
        )
        .order_by()
    )
    places = [
        {
            "id": r["place_id"],
            "name": r["place__name"],
            **{key: r[key] for key in ("current", "previous", "first_half", "second_half")},
        }
        for r in rows
    ]
    ranks, previous_ranks = _ranked(places, "current"), _ranked(places, "previous")
    for place in places:
        place["rank"] = ranks.get(place["id"])
        place["previous_rank"] = previous_ranks.get(place["id"])
    return sorted(places, key=lambda p: (-p["current"], -p["previous"], p["name"]))


def _actions(municipality: Municipality, period: Period) -> list[dict[str, Any]]:
    """Per responsible organisation: actions agreed in the period (an action
    carried into the next week is counted once, where it was agreed), marked
    done, marked not done at a follow-up, and still open when the period
    ended (one query)."""
    still_open = Q(status=Action.Status.PLANNED) & (
        Q(carried_to__isnull=True) | Q(carried_to__report__week_start__gt=period.last_week.monday)
    )
    rows = (
        Action.objects.filter(_week_range(period), report__municipality=municipality)
        .values("responsible_organisation_id", "responsible_organisation__name")
        .annotate(
            decided=Count("pk", filter=Q(carried_over_from__isnull=True)),
            done=Count("pk", filter=Q(status=Action.Status.DONE)),
            not_done=Count("pk", filter=Q(status=Action.Status.NOT_DONE)),
            open=Count("pk", filter=still_open),
            done_at_place=Count("pk", filter=Q(status=Action.Status.DONE, place__isnull=False)),
        )
        .order_by("-decided", "responsible_organisation__name")
    )
    return [
        {"id": r.pop("responsible_organisation_id"), "organisation": r.pop("responsible_organisation__name"), **r}
        for r in rows
    ]


def _tips(municipality: Municipality, period: Period, previous: Period) -> dict[str, list[dict[str, Any]]]:
    """Tips (spam left out) per category and per channel, now and a year
    earlier, from one query grouped by both."""
    tz = ZoneInfo(municipality.timezone)
    current, before = _day_range(period, tz), _day_range(previous, tz)
    rows = (
        Tip.objects.for_municipality(municipality)
        .exclude(status=TipStatus.SPAM)
        .filter(current | before)
        .values("category__slug", "category__name_i18n", "category__position", "channel")
        .annotate(current=Count("pk", filter=current), previous=Count("pk", filter=before))
        .order_by()
    )
    categories: dict[str | None, dict[str, Any]] = {}
    channels: dict[str, dict[str, Any]] = {}
    for row in rows:
        slug = row["category__slug"]
        category = categories.setdefault(
            slug,
            {
                "slug": slug,
                "name_i18n": row["category__name_i18n"],
                "position": row["category__position"] if slug else 10_000,
                "current": 0,
                "previous": 0,
            },
        )
        channel = channels.setdefault(row["channel"], {"channel": row["channel"], "current": 0, "previous": 0})
        for target in (category, channel):
            target["current"] += row["current"]
            target["previous"] += row["previous"]
    return {
        "categories": sorted(categories.values(), key=lambda c: (-c["current"], -c["previous"], c["position"])),
        "channels": sorted(channels.values(), key=lambda c: (-c["current"], -c["previous"], c["channel"])),
    }


def _presence(observations: QuerySet, period: Period, actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Field presence per organisation, derived from the weekly data: in how
    many of the period's weeks it reported, how many of its observations were
    its own (seen on the spot rather than passed on), at how many places, and
    how many actions at a place it carried out (one query, plus the actions)."""
    rows = (
        observations.filter(_week_range(period))
        .values("organisation_id", "organisation__name")
        .annotate(
            weeks=Count("report_id", distinct=True),
            observations=Count("pk"),
            own=Count("pk", filter=Q(source=Observation.Source.OWN)),
            places=Count("place_id", distinct=True),
        )
        .order_by()
    )
    presence = {
        r["organisation_id"]: {
            "organisation": r["organisation__name"],
            **{k: r[k] for k in ("weeks", "observations", "own", "places")},
            "done_at_place": 0,
        }
        for r in rows
    }
    for action in actions:
        entry = presence.setdefault(
            action["id"],
            {"organisation": action["organisation"], "weeks": 0, "observations": 0, "own": 0, "places": 0},
        )
        entry["done_at_place"] = action["done_at_place"]
    return sorted(presence.values(), key=lambda p: (-p["weeks"], -p["own"], p["organisation"]))


def _presence_hours(municipality: Municipality, period: Period) -> dict[str, list[dict[str, Any]]]:
    """Hours in the field recorded in the period's presence logs, per
    organisation and per place or area (one query; entries are few)."""
    rows = (
        PresenceEntry.objects.for_municipality(municipality)
        .filter(_week_range(period))
        .values_list("organisation__name", "place__name", "area", "starts_at", "ends_at")
    )
    by_organisation: dict[str, float] = {}
    by_place: dict[str, float] = {}
    for organisation, place, area, starts_at, ends_at in rows:
        hours = (ends_at - starts_at).total_seconds() / 3600
        by_organisation[organisation] = by_organisation.get(organisation, 0) + hours
        where = place or area
        by_place[where] = by_place.get(where, 0) + hours

    def listed(totals: dict[str, float]) -> list[dict[str, Any]]:
        return [{"name": k, "hours": round(v, 1)} for k, v in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))]

    return {"organisations": listed(by_organisation), "places": listed(by_place)}


def _reports(municipality: Municipality, period: Period, previous: Period) -> dict[str, int]:
    current = _week_range(period, "week_start")
    return WeeklyReport.objects.for_municipality(municipality).aggregate(
        current=Count("pk", filter=current),
        closed=Count("pk", filter=current & Q(status=WeeklyReport.Status.CLOSED)),
        previous=Count("pk", filter=_week_range(previous, "week_start")),
    )


def period_figures(*, municipality: Municipality, period: Period) -> dict[str, Any]:
    """Every generated figure of an analysis of `period`, as JSON-ready data."""
    previous = period.year_before()
    observations = Observation.objects.for_municipality(municipality)
    categories = _categories(observations, period, previous)
    actions = _actions(municipality, period)
    return {
        "version": FIGURES_VERSION,
        "period": _period_json(period),
        "previous_period": _period_json(previous),
        "weeks": [str(week) for week in period.weeks],
        "totals": {
            "current": sum(c["current"] for c in categories),
            "previous": sum(c["previous"] for c in categories),
        },
        "reports": _reports(municipality, period, previous),
        "categories": categories,
        "places": _places(observations, period, previous),
        "actions": actions,
        "tips": _tips(municipality, period, previous),
        "presence": _presence(observations, period, actions),
        "presence_hours": _presence_hours(municipality, period),
        "weekday_time": weekday_time_table(observations=observations.filter(_week_range(period))),
    }


# --- Analyses -------------------------------------------------------------------------


def analysis_list(*, municipality: Municipality) -> QuerySet[PeriodAnalysis]:
    return (
        PeriodAnalysis.objects.for_municipality(municipality)
        .select_related("approved_by")
        .order_by("-year", "-number", "kind")
    )


def analysis_get(*, municipality: Municipality, pk: int) -> PeriodAnalysis | None:
    """One analysis of `municipality` with its links, or None."""
    links = AnalysisLink.objects.select_related("place", "category").prefetch_related(
        Prefetch("priorities", queryset=PriorityArea.objects.select_related("agreement").order_by("position")),
        Prefetch("commitments", queryset=Commitment.objects.select_related("focus_area__pledge", "responsible")),
    )
    return (
        PeriodAnalysis.objects.for_municipality(municipality)
        .select_related("municipality", "approved_by", "created_by")
        .prefetch_related(Prefetch("links", queryset=links))
        .filter(pk=pk)
        .first()
    )


def priority_choices(*, municipality: Municipality) -> QuerySet[PriorityArea]:
    return (
        PriorityArea.objects.filter(agreement__municipality=municipality)
        .select_related("agreement")
        .order_by("-agreement__period_start", "agreement__title", "position")
    )


def commitment_choices(*, municipality: Municipality) -> QuerySet[Commitment]:
    return (
        Commitment.objects.for_municipality(municipality)
        .select_related("focus_area__pledge")
        .order_by("-focus_area__pledge__period_start", "focus_area__position", "position", "pk")
    )


def analyses_citing_agreement(*, agreement: Agreement) -> list[dict[str, Any]]:
    """The analyses whose links cite a priority of `agreement`, each with the
    priorities it cites, from one query."""
    rows = (
        AnalysisLink.priorities.through.objects.filter(
            priorityarea__agreement=agreement, analysislink__analysis__municipality_id=agreement.municipality_id
        )
        .values(
            "analysislink__analysis_id",
            "analysislink__analysis__kind",
            "analysislink__analysis__year",
            "analysislink__analysis__number",
            "analysislink__analysis__status",
            "priorityarea__title",
            "priorityarea__position",
        )
        .order_by("-analysislink__analysis__year", "-analysislink__analysis__number", "priorityarea__position")
        .distinct()
    )
    analyses: dict[int, dict[str, Any]] = {}
    for row in rows:
        entry = analyses.setdefault(
            row["analysislink__analysis_id"],
            {
                "pk": row["analysislink__analysis_id"],
                "period": Period(
                    row["analysislink__analysis__kind"],
                    row["analysislink__analysis__year"],
                    row["analysislink__analysis__number"],
                ),
                "is_approved": row["analysislink__analysis__status"] == ApprovalStatus.APPROVED,
                "priorities": [],
            },
        )
        if row["priorityarea__title"] not in entry["priorities"]:
            entry["priorities"].append(row["priorityarea__title"])
    return list(analyses.values())


# --- Annual plans ---------------------------------------------------------------------


def plan_list(*, municipality: Municipality) -> QuerySet[AnnualPlan]:
    return AnnualPlan.objects.for_municipality(municipality).select_related("approved_by").order_by("-year")


def plan_get(*, municipality: Municipality, pk: int) -> AnnualPlan | None:
    measures = PlanMeasure.objects.select_related("responsible", "priority").order_by("position", "pk")
    pledges = CitizenPledge.objects.order_by("period_start", "title")
    return (
        AnnualPlan.objects.for_municipality(municipality)
        .select_related("municipality", "approved_by", "agreement")
        .prefetch_related(
            Prefetch("measures", queryset=measures),
            Prefetch("pledges", queryset=pledges),
            Prefetch("agreement__priorities", queryset=PriorityArea.objects.order_by("position", "pk")),
        )
        .filter(pk=pk)
        .first()
    )


def plan_source_analyses(*, plan: AnnualPlan) -> list[PeriodAnalysis]:
    """The year's approved analyses the plan builds on; an approved plan
    keeps those approved before it, whatever is approved later."""
    analyses = PeriodAnalysis.objects.for_municipality(plan.municipality).filter(
        year=plan.year, status=ApprovalStatus.APPROVED
    )
    if plan.approved_at is not None:
        analyses = analyses.filter(approved_at__lte=plan.approved_at)
    return sorted(analyses.select_related("approved_by"), key=lambda a: (a.kind != "year", a.kind, a.number))


def agreement_for_year(*, municipality: Municipality, year: int) -> Agreement | None:
    """The signed agreement in force during `year`, the latest if several."""
    return (
        Agreement.objects.for_municipality(municipality)
        .signed()
        .filter(period_start__lte=date(year, 12, 31), period_end__gte=date(year, 1, 1))
        .order_by("-period_start")
        .first()
    )


def pledges_for_year(*, municipality: Municipality, year: int) -> QuerySet[CitizenPledge]:
    return CitizenPledge.objects.for_municipality(municipality).filter(
        period_start__lte=date(year, 12, 31), period_end__gte=date(year, 1, 1)
    )
