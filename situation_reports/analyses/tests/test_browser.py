"""A coordinator drafts an analysis of the latest finished tertial, links a
hot spot to the agreement, approves it, then drafts, approves and exports
the year's situation picture and action plan; every page is checked by
axe-core."""

import pytest
from playwright.sync_api import expect

from agreements.tests.factories import AgreementFactory, AgreementSignatoryFactory, PriorityAreaFactory
from conftest import browser_login
from portal.models import Category, Role
from portal.tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PlaceFactory,
    UserFactory,
)
from situation_reports.analyses.demo import latest_finished_tertial
from situation_reports.tests.factories import ObservationFactory, WeeklyReportFactory


@pytest.fixture
def lerum(transactional_db):
    municipality = MunicipalityFactory(name="Lerum", slug="lerum")
    Category.objects.get_or_create(slug="narcotics", defaults={"name_i18n": {"sv": "Narkotika", "en": "Narcotics"}})
    police = OrganisationFactory(name="Lokalpolisområde Lerum", kind="police", municipalities=[municipality])
    MembershipFactory(
        user=UserFactory(username="samordnare"), municipality=municipality, organisation=police, role=Role.COORDINATOR
    )
    tertial = latest_finished_tertial(municipality)
    report = WeeklyReportFactory(municipality=municipality, week=tertial.weeks[2])
    place = PlaceFactory(municipality=municipality, name="Lerums station")
    ObservationFactory(
        report=report, organisation=police, place=place, count=3, category=Category.objects.get(slug="narcotics")
    )
    agreement = AgreementFactory(municipality=municipality, title="Överenskommelse Lerum")
    AgreementSignatoryFactory(agreement=agreement)
    PriorityAreaFactory(agreement=agreement, title="Narkotikasituationen", position=1)
    return tertial


def go(page, locator) -> None:
    locator.click()
    page.wait_for_load_state()
    page.wait_for_timeout(600)


def test_a_coordinator_drafts_approves_and_exports(browser_page, lerum):
    page, tertial = browser_page, lerum
    browser_login(page, "samordnare")
    page.wait_for_timeout(600)
    page.goto("/intern/lerum/")
    go(page, page.get_by_role("link", name="Analyser", exact=True))
    go(page, page.get_by_role("link", name="Ny analys"))
    page.get_by_label("Period").select_option("tertial")
    page.get_by_label("År").fill(str(tertial.year))
    page.get_by_label("Vilket tertial eller kvartal").fill(str(tertial.number))
    go(page, page.get_by_role("button", name="Skapa analysen"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"analys av Tertial {tertial.number} {tertial.year}")
    expect(page.get_by_role("table", name="Brännpunkter (diagrammets siffror)")).to_contain_text("Lerums station")

    go(page, page.get_by_role("link", name="Redigera texten"))
    page.get_by_label("Analys", exact=True).fill("Narkotikan vid stationen ökar <b>kvällstid</b>.")
    page.get_by_label("Slutsatser").fill("Gemensam närvaro vid stationen.")
    go(page, page.get_by_role("button", name="Spara analysen"))
    expect(page.get_by_text("Narkotikan vid stationen ökar <b>kvällstid</b>.")).to_be_visible()

    go(page, page.get_by_role("link", name="Koppla en brännpunkt eller kategori"))
    page.get_by_label("Brännpunkt eller kategori").select_option(label="Lerums station")
    page.get_by_label("Överenskommelse Lerum: 1. Narkotikasituationen").check()
    go(page, page.get_by_role("button", name="Spara kopplingen"))
    expect(page.get_by_text("Brännpunkt: Lerums station")).to_be_visible()

    go(page, page.get_by_role("link", name="Godkänn", exact=True))
    go(page, page.get_by_role("button", name="Godkänn analysen"))
    expect(page.get_by_text("Analysen godkändes.")).to_be_visible()
    expect(page.get_by_role("link", name="Redigera texten")).to_have_count(0)

    go(page, page.get_by_role("navigation", name="Brödsmulor").get_by_role("link", name="Analyser"))
    go(page, page.get_by_role("link", name="Ny lägesbild och åtgärdsplan"))
    page.get_by_label("År").fill(str(tertial.year))
    go(page, page.get_by_role("button", name="Skapa utkastet"))
    page.get_by_label("Problembild").fill("Narkotikan är det största problemet.")
    page.locator("#id_measures-0-what").fill("Helgkvällar vid stationen")
    page.locator("#id_measures-0-responsible").select_option(label="Lokalpolisområde Lerum")
    page.locator("#id_measures-0-timing").fill("Fredagar")
    go(page, page.get_by_role("button", name="Spara planen"))
    expect(page.get_by_role("table", name="Åtgärder med ansvarig och tidpunkt")).to_contain_text(
        "Helgkvällar vid stationen"
    )

    go(page, page.get_by_role("link", name="Godkänn", exact=True))
    go(page, page.get_by_role("button", name="Godkänn planen"))
    expect(page.get_by_text("Lägesbilden och åtgärdsplanen godkändes.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner som PDF").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    go(page, page.get_by_role("link", name="Utskriftsvänlig sida"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"Lerum: lägesbild över brottsligheten och åtgärdsplan {tertial.year}"
    )
    expect(page.get_by_text("Narkotikan är det största problemet.")).to_be_visible()
