"""An optional tile layer under the SVG maps (MAP_TILE_URL): web-mercator
XYZ tiles chosen on the server for the map's view box.

The maps are drawn in SWEREF 99 TM, the tiles are web mercator. Each tile is
placed by the affine transform that maps its square onto the SWEREF 99 TM
positions of three of its corners: within one tile the difference between
the two projections is a few metres at a municipality's zoom, well under a
pixel, so places sit on the right street.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from .geo import to_sweref_many, to_wgs84
from .selectors import public_tiles_enabled

TILE_PIXELS = 256
# The map is drawn about 700 px wide: up to five 256-px tiles across keep it sharp.
MAX_TILES_ACROSS = 5
MAX_ZOOM = 18


@dataclass(frozen=True)
class TileImage:
    href: str
    transform: str


def tiles_enabled(*, public: bool, municipality=None) -> bool:
    """Officials' maps have tiles when the installation configures them;
    public maps only when the municipality also turned them on."""
    if not settings.MAP_TILE_URL:
        return False
    if not public:
        return True
    return municipality is not None and public_tiles_enabled(municipality)


def tile_host() -> str:
    """The tile server's host name, as the privacy notice names it."""
    return urlsplit(settings.MAP_TILE_URL).hostname or ""


def tile_layer(view_box: str) -> list[TileImage]:
    """The tiles covering a view box "min_x min_y width height" (SWEREF 99
    TM metres, y = -northing), at the largest zoom that keeps the layer to
    about MAX_TILES_ACROSS tiles across."""
    min_x, min_y, width, height = (float(v) for v in view_box.split())
    corners = [(min_x, min_y), (min_x + width, min_y), (min_x, min_y + height), (min_x + width, min_y + height)]
    positions = [to_wgs84(-y, x) for x, y in corners]
    lats = [lat for lat, _ in positions]
    lons = [lon for _, lon in positions]
    zoom = _zoom(min(lons), max(lons), min(lats), max(lats))
    west, north = _tile_index(max(lats), min(lons), zoom)
    east, south = _tile_index(min(lats), max(lons), zoom)
    tiles = [(x, y) for y in range(north, south + 1) for x in range(west, east + 1)]
    return _placed(tiles, zoom)


def _zoom(west: float, east: float, south: float, north: float) -> int:
    for zoom in range(MAX_ZOOM, -1, -1):
        first_x, first_y = _tile_index(north, west, zoom)
        last_x, last_y = _tile_index(south, east, zoom)
        if max(last_x - first_x, last_y - first_y) + 1 <= MAX_TILES_ACROSS:
            return zoom
    return 0


def _tile_index(lat: float, lon: float, zoom: int) -> tuple[int, int]:
    n = 2**zoom
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n)
    return min(max(x, 0), n - 1), min(max(y, 0), n - 1)


def _tile_corner(x: int, y: int, zoom: int) -> tuple[float, float]:
    """(lat, lon) of a tile's north-west corner."""
    n = 2**zoom
    lon = x / n * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / n))))
    return lat, lon


def _placed(tiles: list[tuple[int, int]], zoom: int) -> list[TileImage]:
    # North-west, north-east and south-west corners of every tile, projected in one call.
    corners = [_tile_corner(x + dx, y + dy, zoom) for x, y in tiles for dx, dy in ((0, 0), (1, 0), (0, 1))]
    eastings, northings = to_sweref_many([lat for lat, _ in corners], [lon for _, lon in corners])
    points = [(e, -n) for e, n in zip(eastings, northings, strict=True)]
    template = settings.MAP_TILE_URL
    images = []
    for index, (x, y) in enumerate(tiles):
        (x0, y0), (x1, y1), (x2, y2) = points[3 * index : 3 * index + 3]
        matrix = ((x1 - x0) / TILE_PIXELS, (y1 - y0) / TILE_PIXELS, (x2 - x0) / TILE_PIXELS, (y2 - y0) / TILE_PIXELS)
        transform = "matrix({})".format(" ".join(f"{v:.4f}" for v in (*matrix, x0, y0)))
        href = template.replace("{z}", str(zoom)).replace("{x}", str(x)).replace("{y}", str(y))
        images.append(TileImage(href, transform))
    return images
