"""The coordinator's week in a real browser (every page checked by axe-core):
observations with a time and a certainty, field presence, the meeting's
attendance and a decision, an action; close, reopen with a reason, close
again, and the carried action is in the next week exactly once, with the
reopening in the week's trail."""

import re

import pytest
from playwright.sync_api import expect

from situation_reports.models import Action, Observation, PresenceEntry
from situation_reports.tests.test_browser import botkyrka, go, login  # noqa: F401 (fixture)
from situation_reports.weeks import current_week

pytestmark = pytest.mark.browser


def test_the_coordinator_records_the_week_closes_reopens_and_closes_it_again(browser_page, botkyrka):  # noqa: F811
    page = browser_page
    week = current_week("Europe/Stockholm")
    login(page, "samordnare")
    go(page, page.get_by_role("link", name="Lägesbild", exact=True))

    go(page, page.get_by_role("link", name="Lägg till iakttagelse"))
    page.get_by_label("Tid", exact=True).fill("21:30")
    page.get_by_label("Plats").select_option(label="Alby centrum")
    page.get_by_label("Kategori").select_option(label="Narkotika")
    page.get_by_label("Säkerhet").select_option(label="Misstänkt")
    page.get_by_label("Beskrivning").fill("Misstänkt försäljning vid gångtunneln.")
    go(page, page.get_by_role("button", name="Spara iakttagelsen"))
    expect(page.get_by_role("cell", name="Misstänkt", exact=True)).to_be_visible()
    expect(page.get_by_text("21:30")).to_be_visible()

    go(page, page.get_by_role("link", name="Lägg till närvaro i fält"))
    page.get_by_label("Personer eller enhet").fill("Två fältassistenter")
    page.get_by_label("Plats", exact=True).select_option(label="Fittja centrum")
    page.get_by_label(re.compile(r"Från")).fill(f"{week.monday.isoformat()}T18:00")
    page.get_by_label(re.compile(r"Till")).fill(f"{week.monday.isoformat()}T21:30")
    page.get_by_label("Vad som gjordes").fill("Samtal med unga vid centrum.")
    go(page, page.get_by_role("button", name="Spara närvaro"))
    expect(page.get_by_text("3,5 timmar i fält den här veckan.")).to_be_visible()

    go(page, page.get_by_role("link", name="Närvaro och beslut"))
    page.get_by_label("Lokalpolisområde Botkyrka", exact=True).check()
    page.get_by_label("Närvarande från Lokalpolisområde Botkyrka").fill("Kommunpolis")
    page.get_by_label("Botkyrka kommun", exact=True).check()
    go(page, page.get_by_role("button", name="Spara närvaro"))
    go(page, page.get_by_role("link", name="Närvaro och beslut"))
    page.get_by_role("textbox", name="Beslut").fill("Gemensam kvällsvandring i Alby på fredag.")
    go(page, page.get_by_role("button", name="Lägg till beslut"))
    expect(page.get_by_text("Lokalpolisområde Botkyrka: Kommunpolis")).to_be_visible()
    expect(page.get_by_text("Gemensam kvällsvandring i Alby på fredag.")).to_be_visible()

    go(page, page.get_by_role("link", name="Lägg till åtgärd"))
    page.get_by_label("Vad").fill("Extra nattvandring kring Alby centrum")
    page.get_by_label("Ansvarig organisation").select_option(label="Botkyrka kommun")
    go(page, page.get_by_role("button", name="Spara åtgärden"))

    go(page, page.get_by_role("link", name="Stäng veckan"))
    go(page, page.get_by_role("button", name="Stäng veckan"))
    expect(page.get_by_text(f"Vecka {week.week} är stängd.")).to_be_visible()

    page.goto(f"/intern/botkyrka/lagesbild/{week.year}/v{week.week}/")
    page.wait_for_timeout(600)
    go(page, page.get_by_role("link", name="Öppna veckan igen"))
    page.get_by_label("Varför öppnas veckan igen?").fill("Polisens siffror för lördagen kom efter mötet.")
    go(page, page.get_by_role("button", name="Öppna veckan igen"))
    expect(page.get_by_text(f"Vecka {week.week} är öppen igen.")).to_be_visible()
    expect(page.get_by_text("1 överförda åtgärder i nästa vecka togs tillbaka")).to_be_visible()
    expect(page.get_by_role("link", name="Lägg till iakttagelse")).to_be_visible()

    go(page, page.get_by_role("link", name="Stäng veckan"))
    go(page, page.get_by_role("button", name="Stäng veckan"))
    next_week = week.shifted(1)
    expect(page).to_have_url(re.compile(rf"/lagesbild/{next_week.year}/v{next_week.week}/$"))
    carried = page.get_by_role("cell", name=re.compile(r"^Extra nattvandring kring Alby centrum Överförd från"))
    expect(carried).to_have_count(1)

    page.goto(f"/intern/botkyrka/lagesbild/{week.year}/v{week.week}/")
    page.wait_for_timeout(600)
    trail = page.locator(".week-trail")
    expect(trail).to_contain_text("Öppnad igen av")
    expect(trail).to_contain_text("Polisens siffror för lördagen kom efter mötet.")
    expect(trail).to_contain_text("Överförda åtgärder som togs tillbaka: 1, som behölls: 0.")

    observation = Observation.objects.get()
    assert (observation.part_of_day, observation.certainty) == ("evening", "suspected")
    assert PresenceEntry.objects.get().hours == 3.5
    assert Action.objects.filter(what="Extra nattvandring kring Alby centrum").count() == 2  # the week's, the carried
