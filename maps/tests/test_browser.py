"""Maps in a real browser: an official sets a position by clicking and by
typing SWEREF 99 TM, the dashboard shows the demo hot spots, a resident
picks a point with the keyboard; every page with a map has no axe
violation at all, and no request goes anywhere but the portal itself."""

from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from conftest import browser_login
from maps import geo
from maps.demo import POSITIONS
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
    expect(page.get_by_role("status")).to_contain_text(f"N {round(northing)}, E {round(easting)}")
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
    for url in [
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
