"""Form fields for positions: a point in WGS 84 or SWEREF 99 TM, an area as
pasted GeoJSON. Used by the place form (portal) and the tip form (tips)."""

from __future__ import annotations

import itertools
import json

from django import forms
from django.utils.translation import gettext_lazy as _

from . import geo

MAX_POLYGON_POINTS = 2000


class CoordinateSystem:
    WGS84 = "wgs84"
    SWEREF = "sweref"
    CHOICES = [(WGS84, _("WGS 84 (latitude, longitude)")), (SWEREF, _("SWEREF 99 TM (northing, easting)"))]


def sweref_to_degrees(northing: float, easting: float) -> tuple:
    """WGS 84 (as stored: five decimals) of a typed SWEREF 99 TM point, or a
    ValidationError in Swedish when it is outside Sweden."""
    if not (geo.NORTHING_RANGE[0] <= northing <= geo.NORTHING_RANGE[1]) or not (
        geo.EASTING_RANGE[0] <= easting <= geo.EASTING_RANGE[1]
    ):
        raise forms.ValidationError(
            _(
                "That SWEREF 99 TM point is not in Sweden: "
                "northing is about 6 100 000–7 700 000, easting 200 000–1 000 000."
            )
        )
    lat, lon = geo.to_wgs84(northing, easting)
    return geo.degrees(lat), geo.degrees(lon)


def parse_polygon(text: str) -> dict | None:
    """A GeoJSON Polygon (a bare geometry, a Feature or a one-feature
    FeatureCollection) in WGS 84 within Sweden, as a geometry dict."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise forms.ValidationError(_("This is not valid GeoJSON.")) from None
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        features = data.get("features") or []
        data = features[0] if len(features) == 1 else None
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    if not isinstance(data, dict) or data.get("type") != "Polygon":
        raise forms.ValidationError(_("Paste one GeoJSON Polygon (a geometry or a feature)."))
    rings = data.get("coordinates")
    if not isinstance(rings, list) or not rings:
        raise forms.ValidationError(_("The polygon has no coordinates."))
    clean_rings = []
    total = 0
    for ring in rings:
        if not isinstance(ring, list) or len(ring) < 4:
            raise forms.ValidationError(_("Each ring of the polygon needs at least four positions."))
        points = []
        for position in ring:
            if (
                not isinstance(position, list)
                or len(position) < 2
                or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in position[:2])
            ):
                raise forms.ValidationError(_("Each position must be [longitude, latitude] in numbers."))
            lon, lat = float(position[0]), float(position[1])
            if not geo.in_sweden(lat, lon):
                raise forms.ValidationError(_("The polygon must be in Sweden, in WGS 84 as [longitude, latitude]."))
            points.append([round(lon, 6), round(lat, 6)])
        if points[0] != points[-1]:
            raise forms.ValidationError(_("Each ring of the polygon must end where it starts."))
        _check_ring_shape(points)
        total += len(points)
        clean_rings.append(points)
    if total > MAX_POLYGON_POINTS:
        raise forms.ValidationError(
            _("The polygon has too many positions (at most %(max)s).") % {"max": MAX_POLYGON_POINTS}
        )
    return {"type": "Polygon", "coordinates": clean_rings}


def _check_ring_shape(ring: list[list[float]]) -> None:
    """A closed ring is an area: three different corners or more, not all on
    one line, and an outline that does not cross itself."""
    if len({tuple(p) for p in ring[:-1]}) < 3:
        raise forms.ValidationError(_("An area needs at least three different corners."))
    if _crosses_itself(ring):
        raise forms.ValidationError(
            _("The outline of the area crosses itself. Give the corners in order around the area.")
        )
    twice_area = sum(a[0] * b[1] - b[0] * a[1] for a, b in itertools.pairwise(ring))
    if abs(twice_area) < 1e-12:
        raise forms.ValidationError(_("The corners of the area are on one line, so it encloses nothing."))


def _crosses_itself(ring: list[list[float]]) -> bool:
    """Whether two segments of a closed ring that are not neighbours touch.
    Segments are swept in order of their western end, so a ring of a few
    thousand positions is checked in milliseconds, not pairwise."""
    segments = list(itertools.pairwise(ring))
    last = len(segments) - 1
    order = sorted(range(len(segments)), key=lambda i: min(segments[i][0][0], segments[i][1][0]))
    for position, i in enumerate(order):
        (ax, ay), (bx, by) = segments[i]
        east = max(ax, bx)
        for j in order[position + 1 :]:
            (cx, cy), (dx, dy) = segments[j]
            if min(cx, dx) > east:
                break
            if abs(i - j) == 1 or {i, j} == {0, last}:
                continue  # neighbours share a corner
            if _segments_touch((ax, ay), (bx, by), (cx, cy), (dx, dy)):
                return True
    return False


def _segments_touch(a, b, c, d) -> bool:
    def side(p, q, r) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    def between(p, q, r) -> bool:  # r on the segment pq, given the three are on one line
        return min(p[0], q[0]) <= r[0] <= max(p[0], q[0]) and min(p[1], q[1]) <= r[1] <= max(p[1], q[1])

    d1, d2, d3, d4 = side(c, d, a), side(c, d, b), side(a, b, c), side(a, b, d)
    if ((d1 > 0) != (d2 > 0) and d1 != 0 and d2 != 0) and ((d3 > 0) != (d4 > 0) and d3 != 0 and d4 != 0):
        return True
    return (
        (d1 == 0 and between(c, d, a))
        or (d2 == 0 and between(c, d, b))
        or (d3 == 0 and between(a, b, c))
        or (d4 == 0 and between(a, b, d))
    )
