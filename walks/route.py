"""A walk's route on the municipality map: the places in walking order as
numbered circles joined by a line (`maps.svg`), and the same places as an
ordered list beside it, so the map is never the only way to read it."""

from __future__ import annotations

from maps import selectors as map_selectors
from maps.svg import MIN_EXTENT, Spot, build_map, point_xy, route_path

from .models import Walk

# The view around the route: its extent times this, so the ends are not at the edge.
MARGIN = 1.4


def _spots(walk: Walk) -> list[Spot]:
    spots = []
    for number, stop in enumerate(walk.stops.all(), start=1):
        place = stop.place
        latitude = float(place.latitude) if place.latitude is not None else None
        longitude = float(place.longitude) if place.longitude is not None else None
        label = f"{number}. {place.name}"
        spots.append(Spot(place.pk, place.name, latitude, longitude, label=label))
    return spots


def _focus(spots: list[Spot]) -> tuple[tuple[float, float], int] | None:
    """The route's middle (lat, lon) and the extent that shows all of it."""
    positioned = [s for s in spots if s.has_position]
    if not positioned:
        return None
    points = [point_xy(s.latitude, s.longitude) for s in positioned]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    extent = max(max(xs) - min(xs), max(ys) - min(ys))
    middle = (
        sum(s.latitude for s in positioned) / len(positioned),
        sum(s.longitude for s in positioned) / len(positioned),
    )
    return middle, max(round(extent * MARGIN), MIN_EXTENT)


def route_context(walk: Walk) -> dict:
    """What `walks/public/_route_map.html` draws (stops prefetched with their places)."""
    spots = _spots(walk)
    focus = _focus(spots)
    view = None
    if focus is not None:
        boundary = map_selectors.municipality_boundary(walk.municipality)
        view = build_map(spots=spots, boundary=boundary, focus=focus[0], focus_extent=focus[1])
    return {"walk": walk, "spots": spots, "view": view, "line": route_path(spots) if view else ""}
