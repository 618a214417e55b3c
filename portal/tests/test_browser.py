"""Journeys in a real browser (Debian's Chromium), each page checked by axe-core."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from conftest import browser_login


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_demo_coordinator_logs_in_and_sees_their_municipality(browser_page, demo):
    page = browser_page
    page.goto("/")
    expect(page.get_by_role("heading", name="Tillsammans för trygghet")).to_be_visible()
    page.get_by_role("link", name="Arboga").click()
    expect(page.get_by_role("heading", name="Trygghet i Arboga")).to_be_visible()
    browser_login(page, "samordnare-arboga", "trygghet-demo")
    expect(page).to_have_url(re.compile(r"/intern/arboga/$"))
    expect(page.get_by_role("heading", level=1, name="Arboga")).to_be_visible()
    page.get_by_role("link", name="Visa platser").click()
    expect(page.get_by_role("cell", name="Stora torget")).to_be_visible()


def test_the_skip_link_is_the_first_stop_for_keyboard_users(browser_page, demo):
    page = browser_page
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Hoppa till huvudinnehållet" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_language_switch_shows_the_portal_in_english(browser_page, demo):
    page = browser_page
    page.goto("/kommun/arboga/")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Safety in Arboga")).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "en"
