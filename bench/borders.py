"""Real borders for the generated municipalities, so the benchmark's maps
(dashboard, place page, week page) are drawn as large as Sweden's.

Town i borrows the border of the i-th most detailed real municipality, read
from the boundary package as `manage.py load_boundaries` reads it (a local
file, no network): the largest town gets the longest path, the worst case.
Its places lie within that border's box.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from maps.boundaries import CACHE_KEY, _rows, projected_path
from maps.geo import polygons_from_wkb, to_wgs84
from maps.models import Boundary


@dataclass(frozen=True)
class Border:
    source: str
    svg_path: str
    box: tuple[int, int, int, int]  # min east, min north, max east, max north (SWEREF 99 TM)

    def latitudes(self) -> tuple[float, float]:
        return to_wgs84(self.box[1], (self.box[0] + self.box[2]) / 2)[0], to_wgs84(
            self.box[3], (self.box[0] + self.box[2]) / 2
        )[0]

    def longitudes(self) -> tuple[float, float]:
        middle = (self.box[1] + self.box[3]) / 2
        return to_wgs84(middle, self.box[0])[1], to_wgs84(middle, self.box[2])[1]


def borrowed(count: int) -> list[Border]:
    """`count` real borders, the most detailed first, repeating past 290."""
    rows = sorted(_rows("kommun"), key=lambda row: (-len(row["geometry"]), row["kommun_kod"]))
    borders = []
    for row in rows[: min(count, len(rows))]:
        path, box = projected_path(polygons_from_wkb(row["geometry"]))
        borders.append(Border(f"bench: {row['kommun']}", path, box))
    return [borders[index % len(borders)] for index in range(count)]


def save(borders: dict[str, tuple[str, Border]]) -> None:
    """Boundary rows for kommunkod -> (name, border), and no stale cached copy."""
    wipe(list(borders))  # left by a run that stopped before its wipe
    Boundary.objects.bulk_create(
        Boundary(
            kind=Boundary.Kind.MUNICIPALITY,
            code=code,
            name=name,
            svg_path=border.svg_path,
            min_east=border.box[0],
            min_north=border.box[1],
            max_east=border.box[2],
            max_north=border.box[3],
            source=border.source,
        )
        for code, (name, border) in borders.items()
    )
    cache.delete_many([CACHE_KEY.format(kind=Boundary.Kind.MUNICIPALITY, code=code) for code in borders])


def wipe(codes: list[str]) -> int:
    deleted, _ = Boundary.objects.filter(kind=Boundary.Kind.MUNICIPALITY, code__in=codes).delete()
    cache.delete_many([CACHE_KEY.format(kind=Boundary.Kind.MUNICIPALITY, code=code) for code in codes])
    return deleted
