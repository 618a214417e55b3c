"""The coordinator's journey in a real browser, every page checked by
axe-core: set up the schedule, see that a reminder failed, send it again."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import expect

from conftest import browser_login
from portal.models import Organisation, Role
from portal.tests.factories import MembershipFactory, MunicipalityFactory, OrganisationFactory, UserFactory
from situation_reports.reminders.models import ReminderDelivery
from situation_reports.reminders.tests.factories import ReminderDeliveryFactory
from situation_reports.weeks import current_week


@pytest.fixture
def botkyrka(transactional_db):
    municipality = MunicipalityFactory(name="Botkyrka", slug="botkyrka")
    people = {}
    for username, organisation, kind, role in [
        ("polis", "Lokalpolisområde Botkyrka", Organisation.Kind.POLICE, Role.CONTRIBUTOR),
        ("samordnare", "Botkyrka kommun", Organisation.Kind.MUNICIPALITY, Role.COORDINATOR),
    ]:
        org = OrganisationFactory(name=organisation, kind=kind, municipalities=[municipality])
        people[username] = UserFactory(username=username, first_name=username.title(), last_name="Testsson")
        MembershipFactory(user=people[username], municipality=municipality, organisation=org, role=role)
    week = current_week(municipality.timezone)
    ReminderDeliveryFactory(
        municipality=municipality,
        user=people["polis"],
        iso_year=week.year,
        iso_week=week.week,
        status=ReminderDelivery.Status.FAILED,
        attempts=3,
        last_error="SMTPDataError 554",
    )
    return people


def go(page, locator) -> None:
    """Click, then let the fixture's axe-core check of the new page finish."""
    locator.click()
    page.wait_for_load_state()
    page.wait_for_timeout(600)


def test_a_coordinator_sets_the_schedule_and_resends_a_failed_reminder(browser_page, botkyrka):
    page = browser_page
    browser_login(page, "samordnare")
    page.wait_for_timeout(600)
    page.goto("/intern/botkyrka/lagesbild/")
    page.wait_for_timeout(600)
    go(page, page.get_by_role("link", name="Påminnelser", exact=True))
    expect(page.get_by_text("Inget schema är upplagt")).to_be_visible()

    go(page, page.get_by_role("link", name="Lägg upp schemat"))
    page.get_by_label("Mötesdag").select_option(label="torsdag")
    page.get_by_label("Mötestid (klockslag)").fill("13:30")
    page.get_by_label("Timmar före mötet").fill("48")
    page.get_by_label("Polis").check()  # already ticked by default; check() keeps it
    go(page, page.get_by_role("button", name="Spara"))
    expect(page.get_by_text("Mötesschemat sparades.")).to_be_visible()
    expect(page.get_by_text("torsdag kl. 13:30")).to_be_visible()

    row = page.get_by_role("row", name="Polis Testsson")
    expect(row).to_contain_text("Misslyckades")
    expect(row).to_contain_text("SMTPDataError 554")
    go(page, row.get_by_role("button", name="Skicka igen"))
    expect(page.get_by_text("Påminnelsen skickas igen.")).to_be_visible()
    expect(page.get_by_role("row", name="Polis Testsson")).to_contain_text("Skickad")
    assert [message.to for message in mail.outbox] == [[botkyrka["polis"].email]]
