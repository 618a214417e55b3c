"""A safety walk on a phone (390×844) in a real browser: plan it in Arboga
for the pledge's commitment, record three findings with photos (one while
the network is cut off, sent when it returns), turn them into actions, hold
the walk, publish its report; a resident adds a finding through the link.
Every new page is checked with axe-core and must have no violation at all."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from agreements.tests.factories import CommitmentFactory, FocusAreaFactory, PledgeFactory
from conftest import browser_login
from portal.models import Category, Role
from portal.tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PlaceFactory,
    UserFactory,
)
from situation_reports.models import Action
from tips.tests.conftest import jpeg_bytes
from tips.tests.test_photos import gps_exif
from walks.models import Finding, FindingPhoto, Walk

PHONE = {"width": 390, "height": 844}
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture
def arboga(transactional_db):
    municipality = MunicipalityFactory(name="Arboga", slug="arboga")
    Category.objects.get_or_create(
        slug="lighting", defaults={"name_i18n": {"sv": "Belysning och fysisk miljö", "en": "Lighting"}}
    )
    for name in ("Stora torget", "Sätra", "Nygatan"):
        PlaceFactory(municipality=municipality, name=name)
    kommun = OrganisationFactory(name="Arboga kommun", municipalities=[municipality])
    police = OrganisationFactory(
        name="Lokalpolisområde Västra Mälardalen", kind="police", municipalities=[municipality]
    )
    user = UserFactory(username="samordnare")
    MembershipFactory(user=user, municipality=municipality, organisation=kommun, role=Role.COORDINATOR)
    pledge = PledgeFactory(municipality=municipality, title="Medborgarlöften i Arboga kommun 2021", published=True)
    area = FocusAreaFactory(pledge=pledge, title="Centrummiljön")
    CommitmentFactory(
        focus_area=area,
        what="Riktade trygghetsvandringar i hot spots",
        responsible=police,
        target_count=3,
        target_unit="trygghetsvandringar",
    )
    return municipality


def axe_clean(page) -> None:
    """No axe-core violation of any impact on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error as PlaywrightError

    page.wait_for_load_state()
    for _attempt in range(10):  # the fixture's own check of the page may still be running
        page.wait_for_timeout(500)
        try:
            results = Axe().run(page, options={"runOnly": RULES})
            break
        except PlaywrightError as error:
            if "already running" not in str(error):
                raise
    violations = [
        f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]
    ]
    assert not violations, f"{page.url}: {violations}"


def photo(name: str) -> dict:
    return {"name": name, "mimeType": "image/jpeg", "buffer": jpeg_bytes(size=(200, 150), exif=gps_exif())}


def fill_finding(page, place: str, kind: str, text: str, image: str) -> None:
    page.get_by_label("Plats", exact=True).select_option(label=place)
    page.get_by_label("Vad hittade ni?").select_option(label=kind)
    page.get_by_label("Beskriv det").fill(text)
    page.get_by_label("Kategori").select_option(label="Belysning och fysisk miljö")
    if page.get_by_label("Vem bör åtgärda det?").count():
        page.get_by_label("Vem bör åtgärda det?").select_option(label="Arboga kommun")
    page.get_by_label("Bilder (valfritt)").set_input_files(photo(image))


def assert_no_exif(stored: FindingPhoto) -> None:
    with stored.image.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
    assert not image.getexif() and "exif" not in image.info


def test_a_walk_is_planned_recorded_offline_followed_up_and_reported_on_a_phone(
    browser_page, arboga, live_server, _chromium
):
    page = browser_page
    page.set_viewport_size(PHONE)
    browser_login(page, "samordnare")

    # Plan the walk.
    page.goto("/intern/arboga/vandringar/")
    axe_clean(page)
    page.get_by_role("link", name="Planera en vandring eller dialog").click()
    axe_clean(page)
    page.get_by_label("Rubrik eller ämne").fill("Kvällsvandring kring Stora torget")
    start = timezone.localtime() + timedelta(minutes=30)
    page.get_by_label("Datum och tid").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Mötesplats", exact=True).select_option(label="Stora torget")
    page.get_by_label("Åtagande i medborgarlöftet som den uppfyller").select_option(index=1)
    page.get_by_label("Lokalpolisområde Västra Mälardalen").check()
    page.get_by_label("Hur man deltar").fill("Kom bara, ingen anmälan behövs.")
    page.get_by_label("Stopp 1").select_option(label="Stora torget")
    page.get_by_label("Stopp 2").select_option(label="Nygatan")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", name="Kvällsvandring kring Stora torget")).to_be_visible()
    axe_clean(page)
    walk = Walk.objects.get()
    assert walk.commitment is not None and [s.place.name for s in walk.stops.all()] == ["Stora torget", "Nygatan"]

    # Three findings with a photo each; the second while offline.
    fill_finding(page, "Stora torget", "Mörk plats", "Trasig lampa vid busshållplatsen.", "lampa.jpg")
    page.get_by_role("button", name="Spara fyndet").click()
    expect(page.get_by_text("Trasig lampa vid busshållplatsen.")).to_be_visible()

    page.context.set_offline(True)
    fill_finding(page, "Nygatan", "Igenvuxna buskar", "Buskarna skymmer gångvägen mot parken.", "buskar.jpg")
    page.get_by_role("button", name="Spara fyndet").click()
    expect(page.get_by_text("Ingen uppkoppling: fyndet sparas i telefonen")).to_be_visible()
    assert Finding.objects.count() == 1
    page.context.set_offline(False)
    expect(page.get_by_text("Fyndet som väntade i telefonen har nu sparats.")).to_be_visible()
    assert Finding.objects.count() == 2

    fill_finding(page, "Stora torget", "Klotter eller skadegörelse", "Klotter på elskåpet vid torget.", "klotter.jpg")
    page.get_by_role("button", name="Spara fyndet").click()
    expect(page.get_by_text("Klotter på elskåpet vid torget.")).to_be_visible()
    expect(page.get_by_text("Buskarna skymmer gångvägen mot parken.")).to_be_visible()
    assert Finding.objects.count() == 3 and FindingPhoto.objects.count() == 3
    for stored in FindingPhoto.objects.all():
        assert_no_exif(stored)

    # A resident adds a finding through the link, without an account.
    resident_link = page.locator("[data-resident-link]").input_value()
    resident = _chromium.new_context(base_url=live_server.url, locale="sv-SE", viewport=PHONE)
    try:
        other = resident.new_page()
        other.goto(resident_link)
        axe_clean(other)
        fill_finding(other, "Sätra", "Känns otryggt", "Gångtunneln känns otrygg på kvällen, den är mörk.", "tunnel.jpg")
        other.get_by_role("button", name="Spara fyndet").click()
        expect(other.get_by_text("Fyndet har sparats.")).to_be_visible()
    finally:
        resident.close()
    from_resident = Finding.objects.get(source=Finding.Source.RESIDENT)
    assert from_resident.author is None and from_resident.owner is None
    assert_no_exif(from_resident.photos.get())

    # Each finding becomes an action for the owning organisation.
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    for number in range(3):
        page.get_by_role("link", name=re.compile("^Gör till åtgärd")).first.click()
        if number == 0:
            axe_clean(page)
        page.get_by_label("Klart senast").fill(due)
        page.get_by_role("button", name="Skapa åtgärden").click()
        expect(page.get_by_text("Fyndet är nu en åtgärd i veckans rapport.")).to_be_visible()
    assert Action.objects.filter(walk_finding__walk=walk, responsible_organisation__name="Arboga kommun").count() == 3

    # Hold the walk: the commitment's count moves.
    page.get_by_role("button", name="Markera som genomförd").click()
    expect(page.get_by_text("Vandringen är markerad som genomförd.")).to_be_visible()
    expect(page.get_by_text("1 av 3 trygghetsvandringar hittills")).to_be_visible()
    walk.commitment.refresh_from_db()
    assert walk.commitment.count_reached == 1

    # Publish the report with one chosen photo.
    page.get_by_role("link", name="Offentlig rapport").click()
    axe_clean(page)
    page.get_by_label("Sammanfattning för invånare").fill("Vi hittade tre brister kring torget; alla har en ansvarig.")
    page.get_by_role("checkbox", name=re.compile("^Foto .* av .Trasig lampa")).check()
    page.get_by_label("Publicera rapporten på kommunens sida").check()
    page.get_by_role("button", name="Spara rapporten").click()
    expect(page.get_by_text("Rapporten har sparats.")).to_be_visible()

    page.goto("/kommun/arboga/")
    page.get_by_role("link", name="Medborgarlöften i Arboga kommun 2021").first.click()
    expect(page.get_by_text("1 av 3 trygghetsvandringar hittills")).to_be_visible()
    page.get_by_role("link", name="Kvällsvandring kring Stora torget").click()
    expect(page.get_by_text("Vi hittade tre brister kring torget")).to_be_visible()
    expect(page.get_by_text("Klotter på elskåpet vid torget.")).to_be_visible()
    expect(page.get_by_role("img", name="Foto: Mörk plats")).to_be_visible()
    expect(page.get_by_text("samordnare")).to_have_count(0)
    axe_clean(page)
