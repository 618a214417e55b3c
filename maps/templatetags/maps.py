"""Map includes for other apps' templates: `{% load maps %}` and one tag.

Each tag reads what it draws through the maps selectors, so a page that
shows a map needs one `{% hot_spot_map %}` line and no change to its view.

A map is drawn once per content and kept in the process (`_kept`): the
counts' query runs on every request, and the same counts, places, border,
tiles and language give the same drawing, so a hit costs a digest instead
of laying out and writing a hundred markers and the table beside them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from portal.models import Municipality, Place
from portal.templatetags.kept import render_kept
from situation_reports.weeks import IsoWeek, current_week

from .. import present, selectors
from ..geo import to_sweref
from ..svg import Spot, build_map
from ..tiles import tile_host, tile_layer, tiles_enabled

register = template.Library()

MAP_TEMPLATE = "maps/map.html"
# The dashboard's period switch: weeks counted, each against as many before.
PERIODS = (4, 12, 52)
PERIOD_PARAMETER = "kartperiod"


def _place_urls(municipality: Municipality):
    """place id -> place page URL, reversing once (reverse() per place was
    most of a 150-place map's cost)."""
    template = reverse("situation_reports:place-detail", args=[municipality.slug, 987654321])
    head, tail = template.split("987654321")
    return lambda place_id: f"{head}{place_id}{tail}"


def _spots(counts, municipality: Municipality, *, compare: bool = True, public: bool = False, links: bool = True):
    spots = []
    place_url = _place_urls(municipality)
    for c in counts:
        url = place_url(c.place_id) if links else ""
        spot = Spot(c.place_id, c.name, c.latitude, c.longitude, c.count, c.previous if compare else None, url)
        spot = present.labelled(spot, public=public)
        if public and spot.count:
            from dataclasses import replace

            # Circles of small counts all look like the minimum.
            spot = replace(spot, count=max(spot.count, present.PUBLIC_MINIMUM))
        spots.append(spot)
    return spots


def _kept(context, inputs: tuple, build: Callable[[], dict]) -> SafeString:
    """MAP_TEMPLATE rendered with `build()` as an inclusion tag renders it,
    once per `inputs` (everything the drawing reads besides the language
    and the tile settings, which are added here)."""
    tiles = (settings.MAP_TILE_URL, settings.MAP_TILE_ATTRIBUTION)
    return render_kept(context, MAP_TEMPLATE, (*tiles, *inputs), build)


def _context(
    *,
    id: str,
    title: str,
    spots,
    municipality,
    boundary=None,
    public: bool = False,
    counts: bool = True,
    summary_override: str = "",
    **extra,
) -> dict:
    boundary = boundary or selectors.municipality_boundary(municipality)
    view = build_map(spots=spots, boundary=boundary, **extra.pop("map_options", {}))
    return {
        **_tiles(view, public=public, municipality=municipality),
        "map_id": id,
        "title": title,
        "view": view,
        "spots": spots,
        "summary": present.summary(spots),
        "without_position": [s for s in spots if not s.has_position],
        "public": public,
        "compare": any(s.previous is not None for s in spots),
        "boundary_name": boundary.name if boundary else "",
        "counts": counts,
        "summary_override": summary_override,
        "periods": extra.pop("periods", []),
        **extra,
    }


@register.simple_tag(takes_context=True)
def hot_spot_map(context) -> SafeString:
    """The dashboard's hot spots: events of the last N weeks against the N before."""
    request = context["request"]
    municipality = request.municipality
    try:
        weeks = int(request.GET.get(PERIOD_PARAMETER, PERIODS[0]))
    except ValueError:
        weeks = PERIODS[0]
    weeks = weeks if weeks in PERIODS else PERIODS[0]
    week = current_week(municipality.timezone)
    counts = selectors.place_counts(
        municipality=municipality,
        start=week.shifted(-(weeks - 1)).monday,
        end=week.monday,
        previous_start=week.shifted(-(2 * weeks - 1)).monday,
        previous_end=week.shifted(-weeks).monday,
    )
    boundary = selectors.municipality_boundary(municipality)

    def build() -> dict:
        periods = [
            {"weeks": n, "current": n == weeks, "url": f"?{PERIOD_PARAMETER}={n}#map-hot-spots"} for n in PERIODS
        ]
        title = _("Hot spots on the map, last %(weeks)s weeks against the %(weeks)s before") % {"weeks": weeks}
        spots = _spots(counts, municipality)
        return _context(
            id="hot-spots", title=title, spots=spots, municipality=municipality, boundary=boundary, periods=periods
        )

    return _kept(context, ("hot-spots", weeks, municipality.slug, boundary, tuple(counts)), build)


@register.simple_tag(takes_context=True)
def place_map(context, place: Place) -> SafeString:
    """A place and the municipality's other places around it."""
    municipality = place.municipality
    others = selectors.positioned_places(municipality)
    boundary = selectors.municipality_boundary(municipality)
    own = (place.pk, place.name, place.latitude, place.longitude, place.area)
    inputs = ("place", municipality.slug, own, boundary, tuple(others))
    return _kept(context, inputs, lambda: _place_context(place, others, boundary))


def _place_context(place: Place, others, boundary) -> dict:
    municipality = place.municipality
    place_url = _place_urls(municipality)
    spots = [
        present.labelled(Spot(pk, name, lat, lon, url=place_url(pk)), counts=False)
        for pk, name, lat, lon in others
        if pk != place.pk
    ]
    own = Spot(place.pk, place.name, _f(place.latitude), _f(place.longitude), url="")
    spots.insert(0, present.labelled(own, counts=False))
    options = {"highlight": place.pk, "areas": [place.area] if place.area else []}
    if own.has_position:
        options["focus"] = (own.latitude, own.longitude)
    context = _context(
        id="place",
        title=_("%(name)s and its surroundings") % {"name": place.name},
        spots=spots,
        municipality=municipality,
        boundary=boundary,
        map_options=options,
        counts=False,
        summary_override=_("%(name)s has no position yet.") % {"name": place.name} if not own.has_position else "",
    )
    if context["view"] is not None and own.has_position:
        # The table lists what the map shows: the place and its neighbours in view.
        shown = {m.spot.place_id for m in context["view"].markers}
        context["spots"] = [s for s in spots if s.place_id in shown]
    return context


@register.simple_tag(takes_context=True)
def week_map(context, municipality: Municipality, week: IsoWeek, public: bool = False) -> SafeString:
    """Observations of a week by place, against the week before. The public
    map leaves out internal-only categories and says "fewer than 3" for
    small counts, without a comparison."""
    counts = selectors.place_counts(
        municipality=municipality,
        start=week.monday,
        end=week.monday,
        previous_start=None if public else week.shifted(-1).monday,
        previous_end=None if public else week.shifted(-1).monday,
        public_only=public,
    )
    counts = [c for c in counts if c.count]
    boundary = selectors.municipality_boundary(municipality)
    tiles = tiles_enabled(public=public, municipality=municipality)

    def build() -> dict:
        return _context(
            id="public-week" if public else "week",
            title=_("Events of week %(week)s by place") % {"week": week.week},
            spots=_spots(counts, municipality, compare=not public, public=public, links=not public),
            municipality=municipality,
            boundary=boundary,
            public=public,
        )

    inputs = ("week", public, tiles, week.year, week.week, municipality.slug, boundary, tuple(counts))
    return _kept(context, inputs, build)


@register.inclusion_tag(MAP_TEMPLATE)
def period_map(municipality: Municipality, start: datetime.date, end: datetime.date) -> dict:
    """A period's events by place against the same dates a year before."""
    counts = selectors.place_counts(
        municipality=municipality,
        start=start,
        end=end,
        previous_start=_year_before(start),
        previous_end=_year_before(end),
        by_week=False,
    )
    return _context(
        id="period",
        title=_("Events by place in the period against the same period last year"),
        spots=_spots(counts, municipality),
        municipality=municipality,
    )


@register.inclusion_tag("maps/place_picker.html")
def place_picker(municipality: Municipality) -> dict:
    """The place form's map: a click sets the SWEREF 99 TM fields."""
    return _picker_context(
        municipality,
        id="place-picker",
        step=10,
        northing_id="id_northing",
        easting_id="id_easting",
        system_id="id_coordinate_system_1",
    )


@register.inclusion_tag("maps/point_picker.html")
def tip_point_picker(municipality: Municipality, exact_field=None) -> dict:
    """The tip form's optional point: arrow keys or a click, 100 m a step.
    Only the border: the places are in the list just above, and the blank
    tip form should not query them twice."""
    context = _picker_context(
        municipality,
        id="tip-point",
        step=100,
        northing_id="id_point_northing",
        easting_id="id_point_easting",
        with_places=False,
        public=True,
    )
    return {**context, "exact_field": exact_field}


def _picker_context(
    municipality: Municipality, *, id: str, step: int, with_places: bool = True, public: bool = False, **ids: str
) -> dict:
    boundary = selectors.municipality_boundary(municipality)
    positioned = selectors.positioned_places(municipality) if with_places else []
    places = [Spot(pk, name, lat, lon) for pk, name, lat, lon in positioned]
    view = build_map(spots=places, boundary=boundary)
    return {
        **_tiles(view, public=public, municipality=municipality),
        "map_id": id,
        "view": view,
        "step": step,
        "system_id": "",
        "exact_field": None,
        **ids,
    }


def _tiles(view, *, public: bool, municipality: Municipality) -> dict:
    """The optional tile layer under a map and its credit (MAP_TILE_URL)."""
    if view is None or not tiles_enabled(public=public, municipality=municipality):
        return {"tiles": [], "tile_attribution": ""}
    return {"tiles": tile_layer(view.view_box), "tile_attribution": settings.MAP_TILE_ATTRIBUTION}


@register.inclusion_tag(MAP_TEMPLATE)
def point_map(municipality: Municipality, latitude, longitude, name: str, exact: bool = True) -> dict:
    """One point, e.g. where a resident says a tip happened."""
    spot = Spot(0, name, _f(latitude), _f(longitude))
    north, east = to_sweref(spot.latitude, spot.longitude)
    note = "" if exact else _("rounded to about 100 m")
    label = f"{name}: {spot.latitude:.5f}, {spot.longitude:.5f} (SWEREF 99 TM N {north:.0f}, E {east:.0f})"
    spot = present._replace(spot, label=label + (f", {note}" if note else ""))
    return _context(
        id="tip-point",
        title=name,
        spots=[spot],
        municipality=municipality,
        counts=False,
        map_options={"focus": (spot.latitude, spot.longitude), "highlight": 0},
        summary_override=spot.label,
    )


def _f(value) -> float | None:
    return None if value is None else float(value)


def _year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@register.inclusion_tag("maps/choropleth.html")
def county_map(columns: list[dict], week: IsoWeek) -> dict:
    """The combined dashboard's choropleth: the counties of the official's
    municipalities, theirs shaded by events in the last four weeks and
    labelled with the number, the others grey and unlabelled."""
    municipalities = [column["municipality"] for column in columns]
    totals = selectors.municipality_totals(
        municipalities=municipalities, start=week.shifted(-3).monday, end=week.monday
    )
    by_code = {m.kommunkod: m for m in municipalities}
    borders = selectors.county_municipality_borders(list(by_code))
    peak = max(totals.values(), default=0) or 1
    shapes = []
    for border in borders:
        municipality = by_code.get(border.code)
        total = totals.get(municipality.pk, 0) if municipality else None
        level = 0 if not total else 1 + min(3, int(4 * total / (peak + 1)))
        label = (
            _("%(name)s: %(events)s in the last 4 weeks") % {"name": border.name, "events": present.count_text(total)}
            if municipality
            else ""
        )
        shapes.append(
            {
                "border": border,
                "municipality": municipality,
                "total": total,
                "level": level,
                "label": label,
                "x": (border.min_east + border.max_east) // 2,
                "y": -(border.min_north + border.max_north) // 2,
                "url": reverse("situation_reports:dashboard", args=[municipality.slug]) if municipality else "",
            }
        )
    if not shapes:
        return {"shapes": [], "rows": [], "view_box": ""}
    min_e = min(b.min_east for b in borders)
    max_e = max(b.max_east for b in borders)
    min_n = min(b.min_north for b in borders)
    max_n = max(b.max_north for b in borders)
    extent = max(max_e - min_e, max_n - min_n)
    rows = sorted((s for s in shapes if s["municipality"]), key=lambda s: -(s["total"] or 0))
    return {
        "shapes": shapes,
        "rows": rows,
        "missing": [m for m in municipalities if m.kommunkod not in {b.code for b in borders}],
        "view_box": f"{min_e} {-max_n} {max_e - min_e} {max_n - min_n}",
        "font_size": max(extent // 45, 1),
        "summary": "; ".join(s["label"] for s in rows),
    }


@register.inclusion_tag("maps/tile_notice.html")
def tile_privacy_notice(municipality: Municipality) -> dict:
    """The privacy notice's paragraph on the tile server, shown only when the
    municipality's public maps load tiles (residents' browsers contact it)."""
    return {"host": tile_host() if tiles_enabled(public=True, municipality=municipality) else ""}
