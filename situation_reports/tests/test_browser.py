"""The weekly cycle in a real browser, every page checked by axe-core:
two officials of different organisations add what they have seen, the
coordinator agrees on an action and closes the week, and next week shows
the action carried over."""

import re

import pytest
from playwright.sync_api import expect

from conftest import browser_login
from portal.models import Category, Role
from portal.tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PlaceFactory,
    UserFactory,
)
from situation_reports.weeks import current_week


@pytest.fixture
def botkyrka(transactional_db):
    municipality = MunicipalityFactory(name="Botkyrka", slug="botkyrka")
    Category.objects.get_or_create(slug="narcotics", defaults={"name_i18n": {"sv": "Narkotika", "en": "Narcotics"}})
    Category.objects.get_or_create(
        slug="vandalism-graffiti", defaults={"name_i18n": {"sv": "Skadegörelse och klotter", "en": "Vandalism"}}
    )
    PlaceFactory(municipality=municipality, name="Alby centrum")
    PlaceFactory(municipality=municipality, name="Fittja centrum")
    people = {}
    for username, organisation, kind, role in [
        ("polis", "Lokalpolisområde Botkyrka", "police", Role.CONTRIBUTOR),
        ("bostad", "Botkyrkabyggen", "housing", Role.CONTRIBUTOR),
        ("samordnare", "Botkyrka kommun", "municipality", Role.COORDINATOR),
    ]:
        org = OrganisationFactory(name=organisation, kind=kind, municipalities=[municipality])
        user = UserFactory(username=username)
        MembershipFactory(user=user, municipality=municipality, organisation=org, role=role)
        people[username] = user
    return municipality


def go(page, locator) -> None:
    """Follow a link or send a form, then give the fixture's axe-core check
    of the new page time to finish before the next navigation starts (a
    navigation during the check makes Playwright log an error)."""
    locator.click()
    page.wait_for_load_state()
    page.wait_for_timeout(600)


def login(page, username: str) -> None:
    browser_login(page, username)
    page.wait_for_timeout(600)


def add_observation(page, place, category, description):
    go(page, page.get_by_role("link", name="Lägesbild", exact=True))
    go(page, page.get_by_role("link", name="Lägg till iakttagelse"))
    expect(page.get_by_role("note")).to_contain_text("inte personer")
    page.get_by_label("Plats").select_option(label=place)
    page.get_by_label("Kategori").select_option(label=category)
    page.get_by_label("Beskrivning").fill(description)
    go(page, page.get_by_role("button", name="Spara iakttagelsen"))
    expect(page.get_by_text("Din iakttagelse lades till")).to_be_visible()


def log_out(page):
    go(page, page.get_by_role("button", name="Logga ut"))


def test_two_organisations_contribute_and_the_coordinator_closes_the_week(browser_page, botkyrka):
    page = browser_page
    week = current_week("Europe/Stockholm")

    login(page, "polis")
    add_observation(page, "Alby centrum", "Narkotika", "Misstänkt försäljning vid gångtunneln på kvällarna.")
    expect(page.get_by_text("Inte bidragit än:")).to_be_visible()
    log_out(page)

    login(page, "bostad")
    add_observation(page, "Fittja centrum", "Skadegörelse och klotter", "Klotter på fasaden, sanerat.")
    expect(page.get_by_role("heading", name="Botkyrkabyggen")).to_be_visible()
    expect(page.get_by_role("heading", name="Lokalpolisområde Botkyrka")).to_be_visible()
    log_out(page)

    login(page, "samordnare")
    go(page, page.get_by_role("link", name="Lägesbild", exact=True))
    expect(page.get_by_text("2 av 3 organisationer har bidragit den här veckan.")).to_be_visible()
    go(page, page.get_by_role("link", name="Lägg till åtgärd"))
    page.get_by_label("Vad").fill("Extra nattvandring kring Alby centrum")
    page.get_by_label("Ansvarig organisation").select_option(label="Botkyrka kommun")
    page.get_by_label("Plats").select_option(label="Alby centrum")
    go(page, page.get_by_role("button", name="Spara åtgärden"))
    expect(page.get_by_role("cell", name="Extra nattvandring kring Alby centrum", exact=True)).to_be_visible()

    go(page, page.get_by_role("link", name="Stäng veckan"))
    expect(page.get_by_text("1 åtgärd som inte är klar förs över")).to_be_visible()
    go(page, page.get_by_role("button", name="Stäng veckan"))

    next_week = week.shifted(1)
    expect(page).to_have_url(re.compile(rf"/lagesbild/{next_week.year}/v{next_week.week}/$"))
    expect(page.get_by_text(f"Vecka {week.week} är stängd.")).to_be_visible()
    carried = page.get_by_role("cell", name=re.compile(r"^Extra nattvandring kring Alby centrum Överförd från"))
    expect(carried).to_contain_text(f"Överförd från vecka {week.week}")
    expect(page.get_by_text(f"Överförd till vecka {next_week.week}")).to_be_visible()  # the follow-up

    go(page, page.get_by_role("link", name=f"Vecka {week.week}", exact=False).first)
    expect(page.get_by_text("Veckan kan inte längre ändras.")).to_be_visible()
    expect(page.get_by_role("link", name="Lägg till iakttagelse")).to_have_count(0)

    go(page, page.get_by_role("link", name="Översikt", exact=True))
    expect(page.get_by_role("heading", name="Brännpunkter")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Alby centrum", exact=True)).to_be_visible()


def test_an_official_of_two_municipalities_reads_every_page_without_accessibility_faults(browser_page, botkyrka):
    from portal.models import Category
    from situation_reports import services
    from situation_reports.models import Observation
    from situation_reports.tests.factories import ActionFactory, ObservationFactory, WeeklyReportFactory

    page = browser_page
    week = current_week("Europe/Stockholm")
    arboga = MunicipalityFactory(name="Arboga", slug="arboga")
    torget = PlaceFactory(municipality=arboga, name="Stora torget")
    coordinator = UserFactory(username="analytiker")
    org = OrganisationFactory(name="Polisregion Bergslagen", kind="police", municipalities=[arboga, botkyrka])
    for municipality in (arboga, botkyrka):
        MembershipFactory(user=coordinator, municipality=municipality, organisation=org, role=Role.COORDINATOR)
    narcotics = Category.objects.get(slug="narcotics")
    alby = botkyrka.places.get(name="Alby centrum")
    for offset, (municipality, place) in enumerate([(arboga, torget), (botkyrka, alby)] * 6):
        report = WeeklyReportFactory(municipality=municipality, week=week.shifted(-(offset % 5)))
        ObservationFactory(report=report, organisation=org, place=place, category=narcotics, count=offset + 1,
                           date=report.week.monday, description="<b>Lugnt</b> =1+1")  # fmt: skip
        ActionFactory(report=report, responsible_organisation=org, place=place)
    last = WeeklyReportFactory(municipality=botkyrka, week=week.shifted(-1))
    services.week_close(report=last, actor=coordinator)
    services.week_publish(report=last, actor=coordinator, text="En lugn vecka.")
    assert Observation.objects.count() == 12

    login(page, "analytiker")
    page.goto("/intern/alla-kommuner/oversikt/")
    expect(page.get_by_role("heading", name="Alla mina kommuner")).to_be_visible()
    expect(page.get_by_role("link", name="Arboga")).to_be_visible()
    page.wait_for_timeout(600)
    for url in [
        "/intern/botkyrka/oversikt/",
        f"/intern/botkyrka/lagesbild/{week.year}/v{week.week}/",
        f"/intern/botkyrka/lagesbild/{week.year}/v{week.week}/utskrift/",
        f"/intern/botkyrka/lagesbild/platser/{alby.pk}/",
        "/intern/botkyrka/lagesbild/observationer/?category=" + str(narcotics.pk),
        f"/intern/botkyrka/lagesbild/{last.iso_year}/v{last.iso_week}/publicera/",
        "/intern/botkyrka/",
        "/kommun/botkyrka/",
        "/kommun/botkyrka/lagesbild/",
    ]:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.locator("main b", has_text="Lugnt")).to_have_count(0)  # shown as text, never as markup
        page.wait_for_timeout(600)
    expect(page.get_by_text("En lugn vecka.")).to_be_visible()
