"""The main journey in a real browser, each page checked by axe-core."""

import re

import pytest
from playwright.sync_api import expect

from conftest import browser_login

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_publishes_a_pledge_and_a_resident_sees_it(
    browser_page, coordinator_a, official_b, municipality_a, police_a
):
    page = browser_page
    browser_login(page, coordinator_a.username)
    page.get_by_role("link", name="Medborgarlöften").first.click()
    expect(page.get_by_role("heading", name="Medborgarlöften", level=1)).to_be_visible()
    page.get_by_role("link", name="Nytt medborgarlöfte").click()

    page.locator("#id_title").fill("Medborgarlöfte för centrum 2026")
    page.locator("#id_period_start").fill("2026-01-01")
    page.locator("#id_period_end").fill("2026-12-31")
    page.get_by_label("Polisen A").check()
    page.locator("#id_areas-0-title").fill("Centrummiljön")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_role("heading", name="Medborgarlöfte för centrum 2026", level=1)).to_be_visible()

    page.get_by_role("link", name="Redigera åtagandena inom Centrummiljön").click()
    page.locator("#id_commitments-0-what").fill("Minst 3 medborgardialoger")
    page.locator("#id_commitments-0-responsible").select_option(label="Polisen A")
    page.locator("#id_commitments-0-target_count").fill("3")
    page.locator("#id_commitments-0-target_unit").fill("medborgardialoger")
    page.locator("#id_commitments-1-what").fill("Trygghetsvandring vid torget")
    page.locator("#id_commitments-1-responsible").select_option(label="Kommunen A")
    page.get_by_role("button", name="Spara åtagandena").click()
    expect(page.get_by_role("link", name="Trygghetsvandring vid torget")).to_be_visible()

    page.get_by_role("link", name="Publicera", exact=True).click()  # first a page that says what will happen
    expect(page.get_by_role("heading", name="Publicera medborgarlöftet?")).to_be_visible()
    page.get_by_role("button", name="Ja, publicera").click()
    expect(page.get_by_text("Medborgarlöftet är publicerat")).to_be_visible()
    internal_url = page.url

    resident = page.context.browser.new_context(base_url=page.url.split("/intern/")[0], locale="sv-SE").new_page()
    resident.goto(f"/kommun/{municipality_a.slug}/")
    expect(resident.get_by_role("link", name="Medborgarlöfte för centrum 2026", exact=True)).to_be_visible()
    expect(resident.get_by_text("Framsteg 0 %: 0 av 2 åtaganden är klara")).to_be_visible()
    resident.get_by_role("link", name="Medborgarlöfte för centrum 2026", exact=True).click()
    expect(resident.get_by_role("heading", name=re.compile("Minst 3 medborgardialoger"))).to_be_visible()
    expect(resident.get_by_role("heading", name=re.compile("Trygghetsvandring vid torget"))).to_be_visible()
    expect(resident.get_by_text("0 av 3 medborgardialoger hittills")).to_be_visible()

    browser_login(resident, official_b.username)
    response = resident.goto(internal_url)
    assert response.status == 404
    resident.context.close()
