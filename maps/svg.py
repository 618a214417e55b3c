"""Geometry of the server-rendered SVG maps.

The map is drawn in SWEREF 99 TM metres (x = easting, y = -northing), so the
stored boundary path is used as it is and only the view box changes between
a municipality and a place's surroundings. Nothing depends on colour: every
circle has a label with its number and change, an arrow for the direction,
and the same rows are in a table beside the map.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .geo import to_sweref, to_sweref_many

# The smallest extent drawn (metres): a single place still gets surroundings.
MIN_EXTENT = 3000
PADDING = 0.06


@dataclass(frozen=True)
class Spot:
    """One row of a map: a place (with or without a position) and its counts."""

    place_id: int
    name: str
    latitude: float | None
    longitude: float | None
    count: int = 0
    previous: int | None = None
    url: str = ""
    label: str = ""  # the accessible name and the table's text, set by the caller
    count_text: str = ""
    change_text: str = ""

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.count - self.previous

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class Marker:
    spot: Spot
    x: int
    y: int
    r: int
    direction: str  # "up", "down", "same", "" (no comparison)
    highlighted: bool = False
    show_label: bool = True


@dataclass
class MapView:
    view_box: str
    extent: int
    boundary_path: str = ""
    other_paths: list[str] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    min_x: int = 0
    min_y: int = 0

    @property
    def font_size(self) -> int:
        return max(round(self.extent / 45), 1)

    @property
    def stroke(self) -> int:
        return max(round(self.extent / 400), 1)

    def markers_html(self) -> SafeString:
        """The circles with their labels, written here rather than by a
        template loop: a large municipality has ~150 places."""
        return format_html_join("", "{}", ((_marker_html(m, self.stroke, self.font_size),) for m in self.markers))


ARROWS = {"up": "▲ ", "down": "▼ "}


def _marker_html(marker: Marker, stroke: int, font_size: int) -> SafeString:
    spot = marker.spot
    classes = f"maps-marker maps-{marker.direction or 'none'}" + (" maps-highlighted" if marker.highlighted else "")
    circle = format_html(
        '<circle cx="{}" cy="{}" r="{}" stroke-width="{}" data-place="{}"/>',
        marker.x,
        marker.y,
        marker.r,
        stroke,
        spot.name,
    )
    text = (
        format_html(
            '<text x="{}" y="{}" dx="{}" font-size="{}" aria-hidden="true">{}{}</text>',
            marker.x + marker.r,
            marker.y,
            stroke,
            font_size,
            ARROWS.get(marker.direction, ""),
            spot.label,
        )
        if marker.show_label
        else ""
    )
    if spot.url:
        return format_html(
            '<a href="{}" aria-label="{}" class="{}">{}{}</a>', spot.url, spot.label, classes, circle, text
        )
    return format_html('<g role="img" aria-label="{}" class="{}">{}{}</g>', spot.label, classes, circle, text)


def point_xy(lat: float, lon: float) -> tuple[int, int]:
    north, east = to_sweref(lat, lon)
    return round(east), -round(north)


def ring_path(coordinates: list) -> str:
    """An SVG path of a GeoJSON Polygon's rings (lon, lat) in map coordinates."""
    parts = []
    for ring in coordinates:
        points = [point_xy(lat, lon) for lon, lat in ring]
        parts.append("M" + "L".join(f"{x} {y}" for x, y in points) + "Z")
    return "".join(parts)


def build_map(
    *,
    spots: list[Spot],
    boundary=None,
    focus: tuple[float, float] | None = None,
    focus_extent: int = MIN_EXTENT,
    highlight: int | None = None,
    areas: list[dict] | None = None,
) -> MapView | None:
    """The view of a boundary (a Boundary or None) with a circle per spot that
    has a position. `focus` (lat, lon) zooms to the surroundings of a point.
    None when there is nothing to place on a map at all."""
    positioned = [s for s in spots if s.has_position]
    # One projection call for every spot: per-point calls dominate otherwise.
    eastings, northings = to_sweref_many([s.latitude for s in positioned], [s.longitude for s in positioned])
    xy = {s.place_id: (round(e), -round(n)) for s, e, n in zip(positioned, eastings, northings, strict=True)}
    if focus is not None:
        cx, cy = point_xy(*focus)
        half = focus_extent / 2
        box = (cx - half, cy - half, cx + half, cy + half)
    elif boundary is not None:
        box = (boundary.min_east, -boundary.max_north, boundary.max_east, -boundary.min_north)
    elif xy:
        xs = [x for x, _ in xy.values()]
        ys = [y for _, y in xy.values()]
        box = (min(xs), min(ys), max(xs), max(ys))
    else:
        return None
    box = _padded(box)
    extent = max(box[2] - box[0], box[3] - box[1])
    # Places outside the view (a place page's surroundings) are not drawn.
    positioned = [
        s for s in positioned if box[0] <= xy[s.place_id][0] <= box[2] and box[1] <= xy[s.place_id][1] <= box[3]
    ]
    peak = max((s.count for s in positioned), default=0) or 1
    markers = []
    for spot in positioned:
        x, y = xy[spot.place_id]
        radius = extent * (0.012 + 0.045 * math.sqrt(spot.count / peak))
        markers.append(
            Marker(spot, x, y, round(radius), _direction(spot.change), highlighted=spot.place_id == highlight)
        )
    markers = _without_label_clashes(markers, font_size=max(round(extent / 45), 1))
    markers.sort(key=lambda m: -m.r)  # big circles first, small ones stay clickable on top
    view = MapView(
        view_box=" ".join(str(round(v)) for v in (box[0], box[1], box[2] - box[0], box[3] - box[1])),
        extent=round(extent),
        boundary_path=boundary.svg_path if boundary is not None else "",
        markers=markers,
        areas=[ring_path(area["coordinates"]) for area in areas or [] if area.get("type") == "Polygon"],
        min_x=round(box[0]),
        min_y=round(box[1]),
    )
    return view


def _without_label_clashes(markers: list[Marker], *, font_size: int) -> list[Marker]:
    """Hide the labels that would overlap one already placed (the busiest
    places keep theirs); every marker keeps its accessible name and row."""
    placed: list[tuple[float, float, float, float]] = []
    result = []
    for marker in sorted(markers, key=lambda m: (-m.highlighted, -m.spot.count)):
        width = (len(marker.spot.label) + 2) * font_size * 0.55
        box = (marker.x + marker.r, marker.y - font_size, marker.x + marker.r + width, marker.y + font_size * 0.3)
        clash = any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed)
        if not clash:
            placed.append(box)
        result.append(replace(marker, show_label=not clash))
    return result


def _padded(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    min_x, min_y, max_x, max_y = box
    width, height = max(max_x - min_x, MIN_EXTENT), max(max_y - min_y, MIN_EXTENT)
    cx, cy = (min_x + max_x) / 2, (min_y + max_y) / 2
    half_w, half_h = width * (0.5 + PADDING), height * (0.5 + PADDING)
    return cx - half_w, cy - half_h, cx + half_w, cy + half_h


def _direction(change: int | None) -> str:
    if change is None:
        return ""
    return "up" if change > 0 else "down" if change < 0 else "same"


def route_path(spots: list[Spot]) -> str:
    """An SVG path through the spots that have a position, in their order
    (a walk's route), in map coordinates; "" with fewer than two."""
    positioned = [s for s in spots if s.has_position]
    if len(positioned) < 2:
        return ""
    eastings, northings = to_sweref_many([s.latitude for s in positioned], [s.longitude for s in positioned])
    return "M" + "L".join(f"{round(e)} {-round(n)}" for e, n in zip(eastings, northings, strict=True))
