"""Form fields for positions: a point in WGS 84 or SWEREF 99 TM, an area as
pasted GeoJSON. Used by the place form (portal) and the tip form (tips)."""

from __future__ import annotations

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
        total += len(points)
        clean_rings.append(points)
    if total > MAX_POLYGON_POINTS:
        raise forms.ValidationError(
            _("The polygon has too many positions (at most %(max)s).") % {"max": MAX_POLYGON_POINTS}
        )
    return {"type": "Polygon", "coordinates": clean_rings}
