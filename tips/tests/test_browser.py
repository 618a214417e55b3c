"""A resident's journey in a real browser: send an anonymous tip, note the
code; an official asks a question; the resident answers with the code."""

import re

import pytest
from playwright.sync_api import expect

from conftest import browser_login
from portal.tests.factories import PlaceFactory
from tips.models import Tip, TipMessage


@pytest.fixture
def place(municipality_a):
    return PlaceFactory(municipality=municipality_a, name="Stora torget")


def test_a_resident_sends_a_tip_answers_a_question_and_stays_anonymous(
    browser_page, municipality_a, coordinator_a, place
):
    page = browser_page
    page.goto(f"/kommun/{municipality_a.slug}/")
    page.get_by_role("link", name="Skicka ett tips").click()
    expect(page.get_by_role("heading", name="Det här är ingen polisanmälan")).to_be_visible()
    expect(page.get_by_label("Nej, jag vill vara anonym")).to_be_checked()
    expect(page.get_by_label("Ditt namn")).to_be_hidden()  # JS hides contact fields while anonymous

    page.get_by_label("Vad har hänt?").fill("Mopeder kör i hög fart över torget varje kväll.")
    page.get_by_label("Område (valfritt)").select_option(label="Stora torget")
    page.get_by_label("När hände det?").fill("Kvällar efter kl. 21")
    page.get_by_label("Jag har själv sett eller hört det").check()
    page.get_by_role("button", name="Skicka tipset").click()

    expect(page.get_by_role("heading", name="Tack för ditt tips")).to_be_visible()
    code = page.locator("[data-receipt-code]").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}", code)
    tip = Tip.objects.get()
    assert tip.place == place and not tip.has_contact

    browser_login(page, coordinator_a.username)
    page.goto(f"/intern/{municipality_a.slug}/tips/")
    page.get_by_role("link", name=f"#{tip.pk}").click()
    expect(page.get_by_text("Mopeder kör i hög fart")).to_be_visible()
    page.get_by_label("Meddelande till invånaren").fill("Tack! Vet du ungefär hur många mopeder det är?")
    page.get_by_role("button", name="Skicka till invånaren").click()
    expect(page.get_by_text("Meddelandet har skickats.")).to_be_visible()
    page.get_by_role("button", name="Logga ut").click()

    page.goto("/tips/uppfoljning/")
    page.get_by_label("Kvittokod").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="Visa mitt tips").click()
    expect(page.get_by_text("Tack! Vet du ungefär hur många mopeder det är?")).to_be_visible()
    page.get_by_label("Ditt svar").fill("Fyra eller fem, samma varje kväll.")
    page.get_by_role("button", name="Skicka svaret").click()
    expect(page.get_by_text("Ditt svar har skickats.")).to_be_visible()
    expect(page.get_by_text("Fyra eller fem, samma varje kväll.")).to_be_visible()

    answer = TipMessage.objects.get(sender=TipMessage.Sender.RESIDENT)
    assert answer.tip == tip and answer.author is None


def test_a_wrong_code_is_answered_kindly(browser_page, db):
    page = browser_page
    page.goto("/tips/uppfoljning/")
    page.get_by_label("Kvittokod").fill("AAAA-BBBB-CCCC-DDDD-EEEE")
    page.get_by_role("button", name="Visa mitt tips").click()
    expect(page.get_by_text("Vi kunde inte visa något tips för den koden.")).to_be_visible()
