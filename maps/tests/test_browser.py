"""Maps in a real browser: an official sets a position by clicking and by
typing SWEREF 99 TM, the dashboard shows the demo hot spots, a resident
picks a point with the keyboard; every page with a map has no axe
violation at all, and no request goes anywhere but the portal itself."""

import copy
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from conftest import browser_login
from maps import geo
from maps.demo import POSITIONS
from maps.models import MapSettings
from portal.models import Category, Place, Role, User
from portal.tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PlaceFactory,
    UserFactory,
)
from situation_reports.models import WeeklyReport
from situation_reports.tests.factories import ObservationFactory, WeeklyReportFactory
from situation_reports.weeks import current_week
from tips.models import Tip

LOCAL_HOSTS = {"localhost", "127.0.0.1"}


@pytest.fixture
def botkyrka(transactional_db, settings, tmp_path):
    """Botkyrka as the demo has it: its border, its places at their demo
    positions and a few weeks of observations."""
    settings.TIPS_MIN_FILL_SECONDS = 0
    settings.TIP_PHOTO_ROOT = tmp_path / "tip-photos"
    call_command("load_boundaries", "0127", stdout=StringIO())
    Category.objects.get_or_create(
        slug="vandalism-graffiti", defaults={"name_i18n": {"sv": "Skadegörelse och klotter", "en": "Vandalism"}}
    )
    municipality = MunicipalityFactory(name="Botkyrka", slug="botkyrka", kommunkod="0127")
    organisation = OrganisationFactory(name="Botkyrka kommun", kind="municipality", municipalities=[municipality])
    user = UserFactory(username="samordnare")
    MembershipFactory(user=user, municipality=municipality, organisation=organisation, role=Role.COORDINATOR)
    week = current_week(municipality.timezone)
    report = WeeklyReportFactory(municipality=municipality, week=week)
    earlier = WeeklyReportFactory(municipality=municipality, week=week.shifted(-4))
    for index, (name, (lat, lon)) in enumerate(POSITIONS["botkyrka"].items()):
        place = PlaceFactory(municipality=municipality, name=name, latitude=lat, longitude=lon)
        ObservationFactory(report=report, organisation=organisation, place=place, count=10 - index)
        ObservationFactory(report=earlier, organisation=organisation, place=place, count=3)
    PlaceFactory(municipality=municipality, name="Ny plats")
    return municipality


@pytest.fixture
def requests_seen(browser_page):
    seen: list[str] = []
    browser_page.on("request", lambda request: seen.append(request.url))
    return seen


def assert_all_local(urls: list[str]) -> None:
    foreign = [u for u in urls if urlsplit(u).scheme in ("http", "https") and urlsplit(u).hostname not in LOCAL_HOSTS]
    assert urls and not foreign, foreign


def assert_no_axe_violation(page) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error as PlaywrightError

    page.wait_for_load_state()
    # The fixture's own check (serious and critical only) runs on every load;
    # let it finish first, and wait again if it is still running.
    for _attempt in range(5):
        page.wait_for_timeout(600)
        try:
            results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
            break
        except PlaywrightError as error:
            if "already running" not in str(error):
                raise
    else:
        raise AssertionError("axe never got to run")
    violations = [
        f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]
    ]
    assert not violations, violations


def test_an_official_sets_a_position_by_clicking_and_by_typing_sweref(browser_page, botkyrka, requests_seen):
    page = browser_page
    browser_login(page, "samordnare")
    target = Place.objects.get(name="Ny plats")
    page.goto(f"/intern/botkyrka/platser/{target.pk}/")
    picker = page.get_by_role("application", name="Karta för att välja en punkt")
    expect(picker).to_be_visible()
    assert_no_axe_violation(page)
    box = picker.bounding_box()
    picker.click(position={"x": box["width"] * 0.55, "y": box["height"] * 0.45})
    expect(page.get_by_label("SWEREF 99 TM (nordlig, östlig)")).to_be_checked()
    northing = float(page.get_by_label("Nordlig (N), SWEREF 99 TM").input_value())
    easting = float(page.get_by_label("Östlig (E), SWEREF 99 TM").input_value())
    expect(page.get_by_role("status").filter(has_text="Vald punkt")).to_contain_text(
        f"N {round(northing)}, E {round(easting)}"
    )
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("sparades")).to_be_visible()
    target.refresh_from_db()
    clicked = (target.latitude, target.longitude)
    north, east = geo.to_sweref(*clicked)
    assert abs(north - northing) < 1.5 and abs(east - easting) < 1.5
    # Inside Botkyrka's border (the click was in the middle of its map).
    assert 6_555_000 < north < 6_585_000 and 650_000 < east < 672_000

    # The same point typed in SWEREF 99 TM for another place, then seen in both systems.
    other = PlaceFactory(municipality=botkyrka, name="Skrivet in")
    page.goto(f"/intern/botkyrka/platser/{other.pk}/")
    page.get_by_label("SWEREF 99 TM (nordlig, östlig)").check()
    page.get_by_label("Nordlig (N), SWEREF 99 TM").fill(str(round(northing)))
    page.get_by_label("Östlig (E), SWEREF 99 TM").fill(str(round(easting)))
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("sparades")).to_be_visible()
    other.refresh_from_db()
    assert abs(float(other.latitude) - float(clicked[0])) < 0.00001
    assert abs(float(other.longitude) - float(clicked[1])) < 0.00001
    page.goto(f"/intern/botkyrka/platser/{other.pk}/")
    expect(page.get_by_role("spinbutton", name="Latitud")).to_have_value(str(other.latitude))
    expect(page.get_by_label("Nordlig (N), SWEREF 99 TM")).to_have_value(str(round(northing)))
    pin = page.locator("[data-map-pin]")
    expect(pin).to_have_attribute("transform", f"translate({round(easting)} {-round(northing)})")
    assert_all_local(requests_seen)


def test_the_dashboard_map_shows_the_demo_hot_spots(browser_page, botkyrka, requests_seen):
    page = browser_page
    browser_login(page, "samordnare")
    page.goto("/intern/botkyrka/oversikt/")
    figure = page.locator("#map-hot-spots")
    expect(figure.locator("svg path.maps-boundary")).to_have_count(1)
    expect(figure.locator("svg circle")).to_have_count(len(POSITIONS["botkyrka"]))
    expect(figure.get_by_role("link", name="Alby centrum: 10 händelser, +7")).to_be_attached()
    expect(figure.locator("[data-map-summary]")).to_contain_text("Alby centrum: 10 händelser, +7")
    expect(figure.get_by_role("cell", name="+7").first).to_be_visible()
    # The circles are links a keyboard reaches.
    figure.get_by_role("link", name="Alby centrum: 10 händelser, +7").focus()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Alby centrum: 10 händelser, +7"
    assert_no_axe_violation(page)
    page.get_by_role("link", name="12 veckor").click()
    expect(figure.locator("figcaption")).to_contain_text("senaste 12 veckorna")
    assert_no_axe_violation(page)
    from situation_reports.analyses.tests.factories import PeriodAnalysisFactory

    analysis = PeriodAnalysisFactory(municipality=botkyrka, year=current_week("Europe/Stockholm").year, number=1)
    for url in [
        reverse("situation_reports:analysis-detail", args=["botkyrka", analysis.pk]),
        f"/intern/botkyrka/lagesbild/platser/{Place.objects.get(name='Alby centrum').pk}/",
        f"/intern/botkyrka/lagesbild/{current_week('Europe/Stockholm').year}/v{current_week('Europe/Stockholm').week}/",
    ]:
        page.goto(url)
        expect(page.locator(".maps-map svg")).to_be_visible()
        assert_no_axe_violation(page)
    # An official of two municipalities sees them shaded within their county.
    call_command("load_boundaries", "0120", stdout=StringIO())
    varmdo = MunicipalityFactory(name="Värmdö", slug="varmdo", kommunkod="0120")
    MembershipFactory(user=User.objects.get(username="samordnare"), municipality=varmdo, role=Role.READER)
    page.goto("/intern/alla-kommuner/oversikt/")
    total = sum(10 - index for index in range(len(POSITIONS["botkyrka"])))
    expect(page.get_by_role("link", name=f"Botkyrka: {total} händelser de senaste 4 veckorna")).to_be_attached()
    assert_no_axe_violation(page)
    assert_all_local(requests_seen)


def test_a_resident_picks_a_point_with_the_keyboard_and_it_is_stored_rounded(browser_page, botkyrka, requests_seen):
    page = browser_page
    report = WeeklyReport.objects.get(municipality=botkyrka, week_start=current_week(botkyrka.timezone).monday)
    WeeklyReport.objects.filter(pk=report.pk).update(
        status="closed", closed_at=timezone.now(), published_at=timezone.now(), public_summary="Lugn vecka."
    )
    page.goto("/kommun/botkyrka/lagesbild/")
    expect(page.locator("#map-public-week svg circle")).to_have_count(len(POSITIONS["botkyrka"]))
    assert_no_axe_violation(page)
    page.goto("/kommun/botkyrka/tipsa/")
    page.get_by_label("Vad har hänt?").fill("Trasig belysning i gångtunneln, mörkt på kvällarna.")
    picker = page.get_by_role("application", name="Karta för att välja en punkt")
    expect(picker).to_be_visible()
    assert_no_axe_violation(page)
    picker.focus()
    picker.press("ArrowUp")  # the first key puts the point in the middle
    for key in ["ArrowRight", "ArrowRight", "ArrowUp"]:
        picker.press(key)
    status = page.get_by_role("status").filter(has_text="Vald punkt")
    expect(status).to_be_visible()
    northing = float(page.locator("#id_point_northing").input_value())
    easting = float(page.locator("#id_point_easting").input_value())
    page.get_by_role("button", name="Skicka tipset").click()
    expect(page.get_by_role("heading", name="Tack för ditt tips")).to_be_visible()
    tip = Tip.objects.get()
    assert not tip.location_exact
    lat, lon = geo.to_wgs84(northing, easting)
    assert (tip.latitude, tip.longitude) == geo.round_point(lat, lon)
    stored_n, stored_e = geo.to_sweref(tip.latitude, tip.longitude)
    assert abs(stored_n % 100 - 50) < 0.2 and abs(stored_e % 100 - 50) < 0.2

    browser_login(page, "samordnare")
    page.goto(f"/intern/botkyrka/tips/{tip.pk}/")
    expect(page.locator("#map-tip-point svg")).to_be_visible()
    expect(page.locator("#map-tip-point [data-map-summary]")).to_contain_text("avrundad till ungefär 100 m")
    assert_no_axe_violation(page)
    assert_all_local(requests_seen)


def _view_centre(svg) -> tuple[int, int]:
    """(northing, easting) of the middle of a map, where the first arrow key puts the cross."""
    x, y, width, height = (float(v) for v in svg.get_attribute("viewBox").split())
    return round(-(y + height / 2)), round(x + width / 2)


def test_an_official_draws_an_area_with_the_keyboard_and_by_clicking(browser_page, botkyrka, requests_seen):
    page = browser_page
    browser_login(page, "samordnare")
    target = Place.objects.get(name="Ny plats")
    page.goto(f"/intern/botkyrka/platser/{target.pk}/")
    draw = page.get_by_role("application", name="Rita området")
    expect(draw).to_be_visible()
    assert_no_axe_violation(page)
    status = page.get_by_role("status").filter(has_text="Hörn:")
    field = page.get_by_label("Område (GeoJSON-polygon)")
    north, east = _view_centre(draw)

    # Keyboard: the cross starts in the middle; Shift moves it 100 m, Enter adds a corner.
    draw.focus()
    draw.press("ArrowUp")
    draw.press("Enter")
    for _ in range(3):
        draw.press("Shift+ArrowRight")
    draw.press("Enter")
    expect(status).to_contain_text("Hörn: 2. Ett område behöver minst tre.")
    assert field.input_value() == ""
    for _ in range(2):
        draw.press("Shift+ArrowUp")
    draw.press("Enter")
    draw.press("ArrowLeft")
    draw.press("Enter")
    expect(status).to_contain_text("Hörn: 4. Området är slutet")
    page.get_by_role("button", name="Ångra senaste hörnet").click()
    expect(status).to_contain_text("Hörn: 3. Området är slutet")
    assert json.loads(field.input_value())["type"] == "Polygon"
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("sparades")).to_be_visible()
    target.refresh_from_db()
    ring = target.area["coordinates"][0]
    assert len(ring) == 4 and ring[0] == ring[-1]
    corners = [geo.to_sweref(lat, lon) for lon, lat in ring[:3]]
    expected = [(north, east), (north, east + 300), (north + 200, east + 300)]
    for (got_n, got_e), (want_n, want_e) in zip(corners, expected, strict=True):
        # Six decimals of a degree are a decimetre: the drawn corner is the metre it was drawn at.
        assert abs(got_n - want_n) < 0.5 and abs(got_e - want_e) < 0.5

    # The saved area comes back into the drawing; clicking draws a new one.
    page.goto(f"/intern/botkyrka/platser/{target.pk}/")
    expect(status).to_contain_text("Hörn: 3. Området är slutet")
    page.get_by_role("button", name="Rensa området").click()
    expect(status).to_contain_text("Hörn: 0.")
    assert field.input_value() == ""
    box = draw.bounding_box()
    for fx, fy in [(0.45, 0.45), (0.6, 0.45), (0.6, 0.6), (0.45, 0.6)]:
        draw.click(position={"x": box["width"] * fx, "y": box["height"] * fy})
    expect(status).to_contain_text("Hörn: 4. Området är slutet")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("sparades")).to_be_visible()
    target.refresh_from_db()
    assert len(target.area["coordinates"][0]) == 5
    page.goto(f"/intern/botkyrka/lagesbild/platser/{target.pk}/")
    expect(page.locator(".maps-map svg path.maps-area")).to_have_count(1)

    # At 320 CSS px both maps and the drawing's buttons fit without sideways scrolling.
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(f"/intern/botkyrka/platser/{target.pk}/")
    expect(page.get_by_role("button", name="Rensa området")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    assert_all_local(requests_seen)


def test_a_drawn_outline_that_crosses_itself_is_refused_and_kept(browser_page, botkyrka):
    page = browser_page
    browser_login(page, "samordnare")
    target = Place.objects.get(name="Ny plats")
    page.goto(f"/intern/botkyrka/platser/{target.pk}/")
    draw = page.get_by_role("application", name="Rita området")
    box = draw.bounding_box()
    for fx, fy in [(0.45, 0.45), (0.6, 0.6), (0.6, 0.45), (0.45, 0.6)]:  # a bow tie
        draw.click(position={"x": box["width"] * fx, "y": box["height"] * fy})
    drawn = page.get_by_label("Område (GeoJSON-polygon)").input_value()
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Områdets kontur korsar sig själv")).to_be_visible()
    expect(page.get_by_label("Område (GeoJSON-polygon)")).to_have_value(drawn)
    expect(page.get_by_role("status").filter(has_text="Hörn:")).to_contain_text("Hörn: 4.")
    target.refresh_from_db()
    assert target.area is None
    assert_no_axe_violation(page)


# A 1×1 grey PNG: every tile of the test tile server.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b55"
    "0000000a49444154789c63f80f00010101001848d3e40000000049454e44ae426082"
)


@pytest.fixture
def tile_server(settings):
    """A tile server of our own on another port, configured as MAP_TILE_URL
    with the policy settings.py derives from it."""
    served: list[str] = []

    class Tiles(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            served.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(PNG)))
            self.end_headers()
            self.wfile.write(PNG)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    settings.MAP_TILE_URL = origin + "/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© Testkartor"
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["img-src"].append(origin)
    settings.CONTENT_SECURITY_POLICY = policy
    yield served
    server.shutdown()
    server.server_close()


def test_tiles_load_on_officials_maps_and_on_public_ones_only_when_the_municipality_turns_them_on(
    browser_page, botkyrka, tile_server
):
    page = browser_page
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security" in message.text else None)
    report = WeeklyReport.objects.get(municipality=botkyrka, week_start=current_week(botkyrka.timezone).monday)
    WeeklyReport.objects.filter(pk=report.pk).update(
        status="closed", closed_at=timezone.now(), published_at=timezone.now(), public_summary="Lugn vecka."
    )

    # Residents: no tile, no request to the tile server, no word of it in the privacy notice.
    for url in ["/kommun/botkyrka/lagesbild/", "/kommun/botkyrka/tipsa/", "/kommun/botkyrka/integritet/"]:
        page.goto(url)
        page.wait_for_load_state("networkidle")
    expect(page.locator("[data-tile-notice]")).to_have_count(0)
    assert tile_server == []

    # Officials: the dashboard's map has its tiles from the tile server, and the credit.
    browser_login(page, "samordnare")
    page.goto("/intern/botkyrka/oversikt/")
    figure = page.locator("#map-hot-spots")
    tiles = figure.locator("[data-map-tiles] image")
    expect(tiles.first).to_be_attached()
    hrefs = {urlsplit(href).path for href in tiles.evaluate_all("els => els.map(e => e.getAttribute('href'))")}
    page.wait_for_load_state("networkidle")
    assert hrefs and hrefs <= set(tile_server)
    expect(figure.locator("[data-map-attribution]")).to_have_text("© Testkartor")
    expect(figure.get_by_role("link", name="Alby centrum: 10 händelser, +7")).to_be_attached()
    assert_no_axe_violation(page)
    page.goto(f"/intern/botkyrka/platser/{Place.objects.get(name='Ny plats').pk}/")
    expect(page.locator("[data-map-picker] [data-map-tiles] image").first).to_be_attached()
    assert_no_axe_violation(page)

    # The municipality turns public tiles on: the public map has them and the notice names the server.
    MapSettings.objects.create(municipality=botkyrka, public_tiles=True)
    before = len(tile_server)
    page.goto("/kommun/botkyrka/lagesbild/")
    expect(page.locator("#map-public-week [data-map-tiles] image").first).to_be_attached()
    page.wait_for_load_state("networkidle")
    assert len(tile_server) > before
    assert_no_axe_violation(page)
    page.goto("/kommun/botkyrka/integritet/")
    expect(page.locator("[data-tile-notice]")).to_contain_text("direkt från 127.0.0.1")
    assert not refused, refused
