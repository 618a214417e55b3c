"""The optional tile layer: off by default, on for officials' maps when the
installation sets MAP_TILE_URL, on public maps only when the municipality
turns it on, with the policy and the privacy notice following."""

import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from maps import geo, tiles
from maps.models import MapSettings
from maps.svg import point_xy
from portal.tests.factories import PlaceFactory
from situation_reports.tests.factories import ObservationFactory, WeeklyReportFactory
from situation_reports.weeks import current_week

ROOT = Path(__file__).resolve().parents[2]
TILE_URL = "https://tiles.example.org/osm/{z}/{x}/{y}.png"
ALBY = (59.23930, 17.84600)
PRINT_IMG_SRC = (
    "import json, portal.settings as s; print(json.dumps(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))"
)


def _img_src(**env: str) -> subprocess.CompletedProcess:
    own = {"DEBUG", "REDIS_URL", "CACHE_URL", "DATABASE_URL"}
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MAP_TILE_") and k not in own}
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", PRINT_IMG_SRC],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_policy_allows_images_from_the_tile_host_only_when_tiles_are_configured():
    default = _img_src()
    assert default.returncode == 0, default.stderr
    assert json.loads(default.stdout) == ["'self'", "data:"]
    configured = _img_src(MAP_TILE_URL=TILE_URL, MAP_TILE_ATTRIBUTION="© OpenStreetMap")
    assert configured.returncode == 0, configured.stderr
    assert json.loads(configured.stdout) == ["'self'", "data:", "https://tiles.example.org"]
    with_port = _img_src(
        MAP_TILE_URL="https://key:secret@tiles.example.org:8443/{z}/{x}/{y}.png", MAP_TILE_ATTRIBUTION="x"
    )
    assert json.loads(with_port.stdout) == ["'self'", "data:", "https://tiles.example.org:8443"]


@pytest.mark.parametrize(
    "env",
    [
        {"MAP_TILE_URL": "https://tiles.example.org/osm/tile.png", "MAP_TILE_ATTRIBUTION": "x"},
        {"MAP_TILE_URL": "javascript:alert(1)//{z}{x}{y}", "MAP_TILE_ATTRIBUTION": "x"},
        {"MAP_TILE_URL": TILE_URL},
    ],
)
def test_a_tile_address_without_its_placeholders_or_credit_is_refused(env):
    result = _img_src(**env)
    assert result.returncode != 0 and "MAP_TILE_" in result.stderr


def test_production_wants_the_tiles_over_https():
    production = {
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60,
        "TIPS_RECEIPT_KEYS": "r" * 60,
        "REDIS_URL": "redis://redis.internal:6380/4",
        "MAP_TILE_ATTRIBUTION": "© OpenStreetMap",
    }
    refused = _img_src(**production, MAP_TILE_URL="http://tiles.example.org/{z}/{x}/{y}.png")
    assert refused.returncode != 0 and "must use https" in refused.stderr
    allowed = _img_src(**production, MAP_TILE_URL=TILE_URL)
    assert allowed.returncode == 0, allowed.stderr


def test_a_tile_is_placed_where_its_pixels_are_on_the_map(settings):
    """The pixel of a tile under a known point lands on that point's SWEREF
    99 TM position (to a few metres), whatever the projections' difference."""
    settings.MAP_TILE_URL = TILE_URL
    x, y = point_xy(*ALBY)
    layer = tiles.tile_layer(f"{x - 15000} {y - 15000} 30000 30000")
    assert 4 <= len(layer) <= 25
    zoom = int(layer[0].href.split("/")[-3])
    n = 2**zoom
    # The point's fractional tile position at that zoom (web mercator).
    fx = (ALBY[1] + 180) / 360 * n
    fy = (1 - math.asinh(math.tan(math.radians(ALBY[0]))) / math.pi) / 2 * n
    tile = next(t for t in layer if t.href.endswith(f"/{zoom}/{int(fx)}/{int(fy)}.png"))
    a, b, c, d, e, f = (float(v) for v in re.findall(r"-?[\d.]+", tile.transform))
    u, v = (fx - int(fx)) * 256, (fy - int(fy)) * 256
    drawn = (a * u + c * v + e, b * u + d * v + f)
    north, east = geo.to_sweref(*ALBY)
    assert abs(drawn[0] - east) < 5 and abs(drawn[1] + north) < 5


@pytest.fixture
def alby(municipality_a, organisation_a):
    place = PlaceFactory(municipality=municipality_a, name="Alby centrum", latitude=ALBY[0], longitude=ALBY[1])
    week = current_week(municipality_a.timezone)
    report = WeeklyReportFactory(
        municipality=municipality_a,
        week=week,
        status="closed",
        closed_at=timezone.now(),
        published_at=timezone.now(),
        public_summary="Lugnt.",
    )
    ObservationFactory(report=report, organisation=organisation_a, place=place, count=12)
    return place


def _public_summary(client, municipality) -> str:
    return client.get(reverse("situation_reports:public-summary-list", args=[municipality.slug])).content.decode()


def _privacy(client, municipality) -> str:
    return client.get(reverse("legal:privacy", args=[municipality.slug])).content.decode()


def test_without_a_tile_address_no_map_loads_a_tile(reader_client, client, municipality_a, alby):
    html = reader_client.get(reverse("situation_reports:dashboard", args=[municipality_a.slug])).content.decode()
    assert "<circle" in html and "<image" not in html and "data-map-attribution" not in html
    MapSettings.objects.create(municipality=municipality_a, public_tiles=True)
    assert "<image" not in _public_summary(client, municipality_a)
    assert "data-tile-notice" not in _privacy(client, municipality_a)


def test_officials_maps_have_tiles_and_credit_but_public_ones_not_until_the_municipality_says_so(
    settings, reader_client, client, municipality_a, alby
):
    settings.MAP_TILE_URL = TILE_URL
    settings.MAP_TILE_ATTRIBUTION = "© OpenStreetMap <contributors>"
    for url in [
        reverse("situation_reports:dashboard", args=[municipality_a.slug]),
        reverse("situation_reports:place-detail", args=[municipality_a.slug, alby.pk]),
    ]:
        html = reader_client.get(url).content.decode()
        assert '<image href="https://tiles.example.org/osm/' in html
        assert "© OpenStreetMap &lt;contributors&gt;" in html  # the credit, escaped
    public = _public_summary(client, municipality_a)
    assert 'aria-label="Alby centrum: 12 händelser"' in public and "<image" not in public
    assert "tiles.example.org" not in _privacy(client, municipality_a)

    MapSettings.objects.create(municipality=municipality_a, public_tiles=True)
    assert '<image href="https://tiles.example.org/osm/' in _public_summary(client, municipality_a)
    privacy = _privacy(client, municipality_a)
    assert "data-tile-notice" in privacy and "hämtar din webbläsare bilderna direkt från tiles.example.org" in privacy


def test_an_administrator_turns_public_tiles_on_for_a_municipality(admin_client, municipality_a):
    url = reverse("admin:maps_mapsettings_add")
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"municipality": municipality_a.pk, "public_tiles": "on"})
    assert response.status_code == 302
    assert MapSettings.objects.get(municipality=municipality_a).public_tiles
    assert "Arboga-test" in admin_client.get(reverse("admin:maps_mapsettings_changelist")).content.decode()
