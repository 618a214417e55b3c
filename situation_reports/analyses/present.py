"""Turn an analysis's figures (the JSON of `selectors.period_figures`, live
for a draft or stored for an approved analysis) into what the templates
show: names in the reader's language, changes as text, charts and tables.

Works on the figures alone, without a query, so an approved analysis is
shown exactly as it was approved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.languages import translated
from tips.models import Channel

from ..selectors import CategorySeries
from ..weeks import IsoWeek
from .charts import Slot, comparison_chart, small_multiples
from .periods import PeriodKind
from .selectors import HOT_SPOT_LIMIT


def signed(value: int) -> str:
    """A change as text, so it never depends on colour: +3, −2, ±0."""
    if value > 0:
        return f"+{value}"
    return f"−{-value}" if value < 0 else "±0"


def _percent(current: int, previous: int) -> str:
    if not previous:
        return "–"
    change = round(100 * (current - previous) / previous)
    return f"{signed(change)} %"


@dataclass
class Row:
    name: str
    current: int
    previous: int
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def change(self) -> str:
        return signed(self.current - self.previous)

    @property
    def percent(self) -> str:
        return _percent(self.current, self.previous)


def _name(entry: dict[str, Any], prefix: str = "name") -> str:
    return translated(entry, prefix)


def _movement(place: dict[str, Any]) -> str:
    """How a hot spot moved against the same period a year earlier."""
    if place["previous_rank"] is None:
        return _("new")
    moved = place["previous_rank"] - place["rank"]
    if moved > 0:
        return _("up %(places)s from %(rank)s") % {"places": moved, "rank": place["previous_rank"]}
    if moved < 0:
        return _("down %(places)s from %(rank)s") % {"places": -moved, "rank": place["previous_rank"]}
    return _("same rank")


def _trend(figures: dict[str, Any], categories: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    """The per-category trend: per week, or per month for a year."""
    weeks = [IsoWeek(int(y), int(w)) for y, w in (label.split("-W") for label in figures["weeks"])]
    series_values = [(c, c["weekly"]) for c in categories if c["current"]]
    if kind == PeriodKind.YEAR:
        months = sorted({(w.monday + timedelta(days=3)).replace(day=1) for w in weeks})
        index = {month: position for position, month in enumerate(months)}
        slots = [Slot(date_format(m, "M"), date_format(m, "F Y")) for m in months]
        folded = []
        for category, weekly in series_values:
            values = [0] * len(months)
            for week, value in zip(weeks, weekly, strict=True):
                values[index[(week.monday + timedelta(days=3)).replace(day=1)]] += value
            folded.append((category, values))
        series_values, unit = folded, "month"
    else:
        slots = [Slot(str(w.week), _("week %(week)s, %(year)s") % {"week": w.week, "year": w.year}) for w in weeks]
        unit = "week"
    series = [CategorySeries(0, _name(c), values) for c, values in series_values]
    chart = small_multiples(slots, series) if series else None
    return {"slots": slots, "series": series, "chart": chart, "unit": unit}


def link_entry(link) -> dict[str, Any]:
    """An AnalysisLink (with its prefetched priorities and commitments) as
    JSON: the form an approved analysis stores it in."""
    return {
        "pk": link.pk,
        "place": link.place.name if link.place else None,
        "category_i18n": link.category.name_i18n if link.category else None,
        "priorities": [
            {"agreement": p.agreement.title, "position": p.position, "title": p.title} for p in link.priorities.all()
        ],
        "commitments": [
            {"pledge": c.focus_area.pledge.title, "what": c.what, "responsible": c.responsible.name}
            for c in link.commitments.all()
        ],
        "note": link.note,
    }


def links(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Links for the page, hot spots first, each named in the reader's language."""
    shown = [{**entry, "subject": entry["place"] or _name(entry, "category")} for entry in entries]
    return sorted(shown, key=lambda e: (e["place"] is None, e["subject"]))


def present(figures: dict[str, Any], *, kind: str) -> dict[str, Any]:
    categories = [Row(_name(c), c["current"], c["previous"], {"slug": c["slug"]}) for c in figures["categories"]]
    places = figures["places"]
    hot_spots = [
        Row(p["name"], p["current"], p["previous"], {**p, "movement": _movement(p)})
        for p in places
        if p["rank"] is not None and p["rank"] <= HOT_SPOT_LIMIT
    ]
    dropped = [
        Row(p["name"], p["current"], p["previous"], p)
        for p in places
        if p["previous_rank"] is not None
        and p["previous_rank"] <= HOT_SPOT_LIMIT
        and (p["rank"] is None or p["rank"] > HOT_SPOT_LIMIT)
    ]
    tips = figures["tips"]
    tip_categories = [
        Row(_name(c) if c["slug"] else _("No category"), c["current"], c["previous"]) for c in tips["categories"]
    ]
    tip_channels = [Row(_channel(c["channel"]), c["current"], c["previous"]) for c in tips["channels"]]
    actions = figures["actions"]
    return {
        "period": figures["period"],
        "previous_period": figures["previous_period"],
        "totals": Row(_("All categories"), figures["totals"]["current"], figures["totals"]["previous"]),
        "reports": figures["reports"],
        "categories": categories,
        "category_chart": comparison_chart([(r.name, r.current, r.previous) for r in categories]),
        "trend": _trend(figures, figures["categories"], kind),
        "hot_spots": hot_spots,
        "hot_spot_chart": comparison_chart([(r.name, r.current, r.previous) for r in hot_spots]),
        "dropped": dropped,
        "places": [Row(p["name"], p["current"], p["previous"], p) for p in places],
        "actions": actions,
        "action_totals": {key: sum(a[key] for a in actions) for key in ("decided", "done", "not_done", "open")},
        "tip_categories": tip_categories,
        "tip_channels": tip_channels,
        "tip_channel_chart": comparison_chart([(r.name, r.current, r.previous) for r in tip_channels]),
        "tip_totals": Row(_("All tips"), sum(r.current for r in tip_channels), sum(r.previous for r in tip_channels)),
        "presence": figures["presence"],
        # Analyses approved before these figures existed have neither.
        "presence_hours": figures.get("presence_hours"),
        "weekday_time": figures.get("weekday_time"),
    }


def _channel(code: str) -> str:
    try:
        return str(Channel(code).label)
    except ValueError:
        return code


def plan_document(analyses: list) -> dict[str, Any]:
    """What the annual document shows from the year's approved analyses:
    events per category in each of them side by side, and the charts and hot
    spots of the main one (the year's own analysis if approved, else the
    latest)."""
    yearly = [a for a in analyses if a.kind == PeriodKind.YEAR]
    main = yearly[0] if yearly else (analyses[-1] if analyses else None)
    rows: dict[str, dict[str, Any]] = {}
    for index, analysis in enumerate(analyses):
        for category in analysis.figures["categories"]:
            row = rows.setdefault(category["slug"], {"name": _name(category), "values": [0] * len(analyses)})
            row["values"][index] = category["current"]
    category_rows = sorted(rows.values(), key=lambda r: (-sum(r["values"]), r["name"]))
    return {
        "analyses": analyses,
        "category_rows": category_rows,
        "main": main,
        "main_figures": present(main.figures, kind=main.kind) if main else None,
    }
