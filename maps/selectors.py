"""Reads for the maps: boundaries (cached, they change only when reloaded)
and counts of observed events per place over a period."""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import Q, Sum

from portal.models import Category, Municipality, Place
from portal.pagecache import CACHE_ERRORS
from situation_reports.models import Observation, WeeklyReport

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
    # Aggregate on place ids first, then attach the ~150 names and positions:
    # joining each of eight weeks' observations to its place before grouping
    # was most of the query (16 ms against 4 for the largest municipality).
    observations, reports, places, categories = (
        connection.ops.quote_name(model._meta.db_table) for model in (Observation, WeeklyReport, Place, Category)
    )
    column = "r.week_start" if by_week else "o.date"
    first = min(start, previous_start) if previous_start else start
    in_previous = f"{column} >= %s AND {column} <= %s" if previous_start else "1 = 0"
    previous_params = [previous_start, previous_end] if previous_start else []
    public = f"JOIN {categories} c ON c.id = o.category_id AND c.internal_only = %s" if public_only else ""
    sql = f"""SELECT t.place_id, p.name, p.latitude, p.longitude, t.events, t.earlier FROM (
            SELECT o.place_id,
                   SUM(CASE WHEN {column} >= %s AND {column} <= %s THEN o.count ELSE 0 END) AS events,
                   SUM(CASE WHEN {in_previous} THEN o.count ELSE 0 END) AS earlier
            FROM {observations} o JOIN {reports} r ON r.id = o.report_id {public}
            WHERE r.municipality_id = %s AND {column} >= %s
              AND (({column} >= %s AND {column} <= %s) OR ({in_previous}))
            GROUP BY o.place_id
        ) t JOIN {places} p ON p.id = t.place_id
        ORDER BY t.events DESC, p.name"""  # noqa: S608 - table names from _meta, columns fixed above
    params = [
        start, end, *previous_params, *([False] if public_only else []),
        municipality.pk, first, start, end, *previous_params,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        PlaceCount(place_id, name, _float(latitude), _float(longitude), events, earlier)
        for place_id, name, latitude, longitude, events, earlier in rows
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
