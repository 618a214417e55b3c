"""The anonymous tip journey in a resident's own language, in a real browser
(Debian's Chromium): tip form, receipt, follow-up, an official's message read
back; in Arabic (right to left) and in Somali. Each page has no axe
violation and no horizontal scroll at 320 CSS px. Screenshots of the tip
form on a phone go to docs/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from legal.tests.test_front_browser import axe_all, horizontal_overflow, switch_language

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def resident_page(_chromium, live_server, transactional_db):
    context = _chromium.new_context(base_url=live_server.url, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _checked(page, problems: list[str]) -> None:
    problems.extend(axe_all(page))
    page.set_viewport_size({"width": 320, "height": 800})
    if (overflow := horizontal_overflow(page)) > 0:
        problems.append(f"{page.url}: {overflow} px of horizontal scroll at 320 px")
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize(("code", "direction"), [("ar", "rtl"), ("so", "ltr")])
def test_the_anonymous_tip_journey_in_a_residents_language(resident_page, demo, code, direction, settings):
    from tips import services
    from tips.models import Tip

    settings.TIPS_MIN_FILL_SECONDS = 0
    page = resident_page
    problems: list[str] = []
    page.goto("/kommun/botkyrka/tipsa/")
    switch_language(page, code)
    expect(page.locator("html")).to_have_attribute("lang", code)
    expect(page.locator("html")).to_have_attribute("dir", direction)
    if direction == "rtl":
        assert "bootstrap.rtl.min.css" in page.content()
    _checked(page, problems)

    page.locator("textarea[name=description]").fill("Text written by the resident in their language: 123")
    page.locator("input[name=knowledge]").first.check()
    page.locator("form[data-tips-form] button[type=submit]").click()
    receipt = page.locator("[data-receipt-code]")
    expect(receipt).to_be_visible()
    expect(receipt).to_have_attribute("dir", "ltr")
    receipt_code = receipt.inner_text().strip()
    _checked(page, problems)

    tip = Tip.objects.get(description__startswith="Text written by the resident")
    assert tip.language == code
    from portal.models import User

    official = User.objects.filter(memberships__municipality__slug="botkyrka").first()
    services.tip_message_send(tip=tip, actor=official, body="Thank you, we are looking into it.")

    page.goto("/tips/uppfoljning/")
    page.locator("input[name=code]").fill(receipt_code)
    page.locator("form.tips-code-form button[type=submit]").click()
    expect(page.get_by_text("Thank you, we are looking into it.")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", code)
    expect(page.locator("html")).to_have_attribute("dir", direction)
    _checked(page, problems)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("code", ["ar", "ti", "sv-ll"])
def test_screenshots_of_the_tip_form_on_a_phone(resident_page, demo, code):
    page = resident_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/kommun/botkyrka/tipsa/")
    switch_language(page, code)
    expect(page.locator("html")).to_have_attribute("lang", code)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"tip-form-{code}-phone.png"), full_page=False)
