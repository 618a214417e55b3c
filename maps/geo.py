"""Coordinates: WGS 84 (what phones and GeoJSON use) and SWEREF 99 TM (the
Swedish national grid municipalities use), converted with pyproj (PROJ).

SWEREF 99 TM is also the plane the maps are drawn in: it is conformal and in
metres, so a municipality keeps its true shape and "100 m" means 100 m.
"""

from __future__ import annotations

import struct
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from pyproj import Transformer

WGS84 = "EPSG:4326"
SWEREF99TM = "EPSG:3006"

# Roughly Sweden with a margin, in both systems: used to reject typing errors
# such as swapped northing and easting.
LAT_RANGE = (55.0, 70.0)
LON_RANGE = (10.0, 25.0)
NORTHING_RANGE = (6_100_000.0, 7_700_000.0)
EASTING_RANGE = (200_000.0, 1_000_000.0)


@lru_cache(maxsize=2)
def _transformer(source: str, target: str) -> Transformer:
    # always_xy: (lon, lat) and (easting, northing), whatever the axis order
    # the EPSG definition has.
    return Transformer.from_crs(source, target, always_xy=True)


def to_sweref(lat: float, lon: float) -> tuple[float, float]:
    """(northing, easting) in metres for a WGS 84 latitude and longitude."""
    easting, northing = _transformer(WGS84, SWEREF99TM).transform(float(lon), float(lat))
    return northing, easting


def to_sweref_many(lats, lons) -> tuple[list[float], list[float]]:
    """(eastings, northings) of many points in one call, for borders."""
    eastings, northings = _transformer(WGS84, SWEREF99TM).transform(list(lons), list(lats))
    return list(eastings), list(northings)


def to_wgs84(northing: float, easting: float) -> tuple[float, float]:
    """(latitude, longitude) in degrees for SWEREF 99 TM northing and easting."""
    lon, lat = _transformer(SWEREF99TM, WGS84).transform(float(easting), float(northing))
    return lat, lon


def degrees(value: float) -> Decimal:
    """Six decimals of a degree (about 0.1 m), what Place and Tip store: a
    SWEREF 99 TM point typed to the metre comes back as the same metre."""
    return Decimal(str(value)).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def round_point(lat: float, lon: float, *, metres: int = 100) -> tuple[Decimal, Decimal]:
    """The point snapped to the centre of its square of the SWEREF 99 TM grid,
    so a resident's home is not stored to the metre."""
    northing, easting = to_sweref(lat, lon)
    northing = (northing // metres) * metres + metres / 2
    easting = (easting // metres) * metres + metres / 2
    rounded_lat, rounded_lon = to_wgs84(northing, easting)
    return degrees(rounded_lat), degrees(rounded_lon)


def in_sweden(lat: float, lon: float) -> bool:
    return LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]


# --- Well-known binary, as the boundary package ships it ----------------------------


def polygons_from_wkb(data: bytes) -> list[list[list[tuple[float, float]]]]:
    """Polygons (each a list of rings of (x, y)) of a WKB Polygon or MultiPolygon."""
    polygons, _ = _read_geometry(memoryview(data), 0)
    return polygons


def _read_geometry(data: memoryview, offset: int) -> tuple[list, int]:
    order = "<" if data[offset] == 1 else ">"
    (kind,) = struct.unpack_from(f"{order}I", data, offset + 1)
    offset += 5
    kind %= 1000  # ISO WKB Z/M variants are not expected; plain types only
    if kind == 3:
        rings, offset = _read_polygon(data, offset, order)
        return [rings], offset
    if kind == 6:
        (count,) = struct.unpack_from(f"{order}I", data, offset)
        offset += 4
        polygons = []
        for _ in range(count):
            inner, offset = _read_geometry(data, offset)
            polygons.extend(inner)
        return polygons, offset
    raise ValueError(f"Unsupported WKB geometry type {kind}")


def _read_polygon(data: memoryview, offset: int, order: str) -> tuple[list, int]:
    (ring_count,) = struct.unpack_from(f"{order}I", data, offset)
    offset += 4
    rings = []
    for _ in range(ring_count):
        (points,) = struct.unpack_from(f"{order}I", data, offset)
        offset += 4
        values = struct.unpack_from(f"{order}{points * 2}d", data, offset)
        offset += points * 16
        rings.append(list(zip(values[0::2], values[1::2], strict=True)))
    return rings, offset
