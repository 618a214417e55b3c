"""Reads for the maps: boundaries (cached, they change only when reloaded)
and counts of observed events per place over a period."""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q, Sum

from portal.models import Municipality, Place
from portal.pagecache import CACHE_ERRORS
from situation_reports.models import Observation

from .boundaries import CACHE_KEY
from .models import Boundary, MapSettings

BOUNDARY_CACHE_SECONDS = 24 * 3600
_MISSING = "missing"


@dataclass(frozen=True)
class CachedBoundary:
    code: str
    name: str
    svg_path: str
    min_east: int
    min_north: int
    max_east: int
    max_north: int


def boundary_get(*, kind: str, code: str) -> CachedBoundary | None:
    """The projected border, from the cache after the first read: drawing a
    map does not cost a query or a projection per request."""
    key = CACHE_KEY.format(kind=kind, code=code)
    try:
        cached = cache.get(key)
    except CACHE_ERRORS:  # the cache is down: read the border from the database
        cached = None
    if cached is None:
        row = (
            Boundary.objects.filter(kind=kind, code=code)
            .values("code", "name", "svg_path", "min_east", "min_north", "max_east", "max_north")
            .first()
        )
        cached = CachedBoundary(**row) if row else _MISSING
        with contextlib.suppress(*CACHE_ERRORS):
            cache.set(key, cached, BOUNDARY_CACHE_SECONDS)
    return None if cached == _MISSING else cached


def municipality_boundary(municipality: Municipality) -> CachedBoundary | None:
    return boundary_get(kind=Boundary.Kind.MUNICIPALITY, code=municipality.kommunkod)


@dataclass(frozen=True)
class PlaceCount:
    place_id: int
    name: str
    latitude: float | None
    longitude: float | None
    count: int
    previous: int


def place_counts(
    *,
    municipality: Municipality,
    start: datetime.date,
    end: datetime.date,
    previous_start: datetime.date | None = None,
    previous_end: datetime.date | None = None,
    by_week: bool = True,
    public_only: bool = False,
) -> list[PlaceCount]:
    """Events per place between two dates (inclusive), and in a previous
    period, in one query. With `by_week`, dates are week starts of reports;
    otherwise observation dates. Places with no events in either are left out.
    `public_only` leaves out internal-only categories, as every public page does."""
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
    return [
        PlaceCount(
            r["place_id"],
            r["place__name"],
            _float(r["place__latitude"]),
            _float(r["place__longitude"]),
            r["events"],
            r["earlier"],
        )
        for r in rows
    ]


def positioned_places(municipality: Municipality) -> list[tuple[int, str, float, float]]:
    """(id, name, latitude, longitude) of the places in use that have a position."""
    rows = (
        Place.objects.for_municipality(municipality)
        .filter(is_active=True, latitude__isnull=False)
        .values_list("id", "name", "latitude", "longitude")
    )
    return [(pk, name, float(lat), float(lon)) for pk, name, lat, lon in rows]


def _float(value) -> float | None:
    return None if value is None else float(value)


def county_municipality_borders(codes: list[str]) -> list[Boundary]:
    """The loaded municipal borders of every county the given municipality
    codes are in, in one query (a county has at most 49 municipalities)."""
    counties = sorted({code[:2] for code in codes if code})
    if not counties:
        return []
    in_counties = Q()
    for county in counties:
        in_counties |= Q(code__startswith=county)
    return list(
        Boundary.objects.filter(in_counties, kind=Boundary.Kind.MUNICIPALITY).only(
            "code", "name", "svg_path", "min_east", "min_north", "max_east", "max_north"
        )
    )


def municipality_totals(*, municipalities: list[Municipality], start: datetime.date, end: datetime.date) -> dict:
    """Events per municipality in reports of weeks starting between two dates."""
    rows = (
        Observation.objects.filter(
            report__municipality__in=municipalities, report__week_start__gte=start, report__week_start__lte=end
        )
        .values("report__municipality_id")
        .annotate(total=Sum("count"))
    )
    return {row["report__municipality_id"]: row["total"] for row in rows}


def public_tiles_enabled(municipality: Municipality) -> bool:
    """Whether the municipality lets residents' pages load map tiles."""
    return MapSettings.objects.filter(municipality=municipality, public_tiles=True).exists()
