"""The residents' front and every page type in a real browser (Debian's
Chromium): axe-core with no violation of any impact, in Swedish and English,
logged out and logged in, admin included; no horizontal scroll at 320 CSS px
(and 640 px, a 1280 px window at 200 % zoom); control borders and focus
measured >= 3:1; a keyboard-only tip; the language switch losing nothing;
the tip form's first field on a phone's first screen."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from conftest import browser_login

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "trygghet-demo"
MIN_FILL_SECONDS = 2
WAIT_PAST_MIN_FILL_MS = MIN_FILL_SECONDS * 1000 + 300


@pytest.fixture(autouse=True)
def _short_fill_time(settings):
    """The form refuses a tip sent faster than a person can; the tests wait
    out a short minimum after each render instead of hoping the default's
    four seconds have passed."""
    settings.TIPS_MIN_FILL_SECONDS = MIN_FILL_SECONDS


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def plain_page(_chromium, live_server, transactional_db):
    """A page without the shared fixture's axe-on-load: this file runs axe itself."""
    context = _chromium.new_context(base_url=live_server.url, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def axe_all(page) -> list[str]:
    """Every WCAG 2.1 A/AA violation, whatever its impact."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    return [
        f"{page.url}: {v['id']} ({v['impact']}) {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


def horizontal_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def public_urls() -> list[str]:
    from agreements.models import Agreement, CitizenPledge

    pledge = CitizenPledge.objects.filter(municipality__slug="botkyrka", is_published=True).first()
    agreement = Agreement.objects.filter(municipality__slug="botkyrka").first()
    urls = [
        "/",
        "/kommun/botkyrka/",
        "/kommun/botkyrka/tipsa/",
        "/tips/uppfoljning/",
        "/kommun/botkyrka/integritet/",
        "/kommun/botkyrka/tillganglighet/",
        "/kommun/botkyrka/kontakt/",
        "/om-tjansten/",
        "/kommun/botkyrka/lagesbild/",
        "/konto/logga-in/",
        "/konto/aterstall/",
        "/admin/login/",
    ]
    if agreement is not None:
        urls.append(reverse("agreements:public-agreement-detail", args=["botkyrka", agreement.pk]))
    if pledge is not None:
        urls.append(reverse("agreements:public-pledge-detail", args=["botkyrka", pledge.pk]))
    return urls


def internal_urls() -> list[str]:
    from agreements.models import Agreement, CitizenPledge, Commitment
    from situation_reports.analyses.models import AnnualPlan, PeriodAnalysis
    from situation_reports.models import WeeklyReport
    from tips.models import Tip

    slug = "botkyrka"
    urls = [
        f"/intern/{slug}/",
        f"/intern/{slug}/platser/",
        f"/intern/{slug}/deltagare/",
        f"/intern/{slug}/deltagare/bjud-in/",
        f"/intern/{slug}/tips/",
        f"/intern/{slug}/juridik/",
        f"/intern/{slug}/juridik/integritet/",
        reverse("agreements:agreement-list", args=[slug]),
        reverse("agreements:pledge-list", args=[slug]),
        reverse("agreements:commitment-due", args=[slug]),
        reverse("situation_reports:dashboard", args=[slug]),
        reverse("situation_reports:observation-list", args=[slug]),
        reverse("situation_reports:analysis-list", args=[slug]),
        reverse("portal:delivery-failed-list", args=[slug]),
        reverse("portal:delivery-resend-all", args=[slug]),
        "/konto/",
        "/intern/?all",
    ]
    report = WeeklyReport.objects.filter(municipality__slug=slug).order_by("-iso_year", "-iso_week").first()
    if report:
        urls.append(reverse("situation_reports:week-detail", args=[slug, report.iso_year, report.iso_week]))
    for model, name in (
        (Agreement, "agreements:agreement-detail"),
        (CitizenPledge, "agreements:pledge-detail"),
        (Tip, "tips:tip-detail"),
        (PeriodAnalysis, "situation_reports:analysis-detail"),
        (AnnualPlan, "situation_reports:plan-detail"),
    ):
        obj = model.objects.filter(municipality__slug=slug).first()
        if obj is not None:
            urls.append(reverse(name, args=[slug, obj.pk]))
    commitment = Commitment.objects.filter(focus_area__pledge__municipality__slug=slug).first()
    if commitment is not None:
        urls.append(reverse("agreements:commitment-detail", args=[slug, commitment.pk]))
    place = report.municipality.places.first() if report else None
    if place is not None:
        urls.append(reverse("situation_reports:place-detail", args=[slug, place.pk]))
    return urls


ADMIN_URLS = ["/admin/", "/admin/portal/municipality/", "/admin/legal/legalpage/", "/admin/legal/legalpage/add/"]


def check_pages(page, urls: list[str], problems: list[str]) -> None:
    for url in urls:
        for width in (320, 640, 1280):
            page.set_viewport_size({"width": width, "height": 800})
            response = page.goto(url)
            assert response is not None and response.status < 400, f"{url}: {response and response.status}"
            if width == 1280:
                problems.extend(axe_all(page))
            elif (overflow := horizontal_overflow(page)) > 0:
                problems.append(f"{url}: scrolls {overflow}px sideways at {width}px")


def switch_language(page, code: str) -> None:
    page.locator(f"form[data-language-switch] button[value='{code}']").click()
    page.wait_for_load_state()


def test_every_page_type_has_no_axe_violation_and_reflows_at_320_px(plain_page, demo):
    page = plain_page
    problems: list[str] = []
    public, internal = public_urls(), internal_urls()
    for language in ("sv", "en"):
        page.goto("/")
        if language == "en":
            switch_language(page, "en")
        check_pages(page, public, problems)
    switch_language(page, "sv")
    browser_login(page, "samordnare-botkyrka", DEMO_PASSWORD)
    for language in ("en", "sv"):
        page.goto("/konto/")
        switch_language(page, language)
        check_pages(page, internal, problems)
    page.context.clear_cookies()
    browser_login(page, "admin", DEMO_PASSWORD)
    for language in ("en", "sv"):
        page.goto("/konto/")
        switch_language(page, language)
        check_pages(page, ADMIN_URLS, problems)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


# Relative luminance and contrast (WCAG 2.1), computed in the page.
CONTRAST_JS = """
([selector, property, against]) => {
  function rgb(value) { return value.match(/[\\d.]+/g).slice(0, 3).map(Number); }
  function lum([r, g, b]) {
    const c = [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }
  const el = document.querySelector(selector);
  const style = getComputedStyle(el);
  const a = lum(rgb(style[property])), b = lum(rgb(against));
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  return { ratio: ratio, width: style.outlineWidth, outline: style.outlineStyle };
}
"""


def test_control_borders_and_focus_indicators_reach_3_to_1(browser_page, demo):
    page = browser_page
    page.goto("/kommun/botkyrka/tipsa/")
    for selector in ("#id_description", "#id_place", "#id_where_text", "input[name=knowledge]", "input[name=identity]"):
        border = page.evaluate(CONTRAST_JS, [selector, "borderTopColor", "rgb(255, 255, 255)"])
        assert border["ratio"] >= 3, f"{selector} border {border['ratio']:.2f}:1"
        page.focus(selector)
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        focus = page.evaluate(CONTRAST_JS, [selector, "outlineColor", "rgb(255, 255, 255)"])
        assert focus["outline"] == "solid" and focus["width"] == "3px", f"{selector} focus {focus}"
        assert focus["ratio"] >= 3, f"{selector} focus {focus['ratio']:.2f}:1"
    page.locator("a[href='/tips/uppfoljning/']").last.focus()
    link = page.evaluate(CONTRAST_JS, ["a[href='/tips/uppfoljning/']:focus", "outlineColor", "rgb(255, 255, 255)"])
    assert link["ratio"] >= 3 and link["outline"] == "solid"
    # On the dark header the indicator is light.
    page.keyboard.press("Shift+Tab")
    page.locator(".portal-navbar .navbar-brand").focus()
    header = page.evaluate(CONTRAST_JS, [".portal-navbar .navbar-brand", "outlineColor", "rgb(27, 42, 74)"])
    assert header["ratio"] >= 3, f"header focus {header['ratio']:.2f}:1"


def test_a_keyboard_only_tip_a_failed_submit_lands_on_the_error_summary(browser_page, demo):
    page = browser_page
    page.goto("/kommun/botkyrka/tipsa/")
    page.locator("#id_description").focus()
    page.keyboard.press("Tab")  # past "Vad har hänt?" without writing anything
    page.locator("form[data-tips-form] button[type=submit]").focus()
    page.wait_for_timeout(WAIT_PAST_MIN_FILL_MS)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.title().startswith("Fel:")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#id_description"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_description"
    assert page.locator("#id_description").get_attribute("aria-invalid") == "true"
    page.keyboard.type("Någon har klottrat på busskuren vid skolan.")
    page.locator("input[name=knowledge]").first.focus()
    page.keyboard.press("Space")
    page.locator("form[data-tips-form] button[type=submit]").focus()
    page.wait_for_timeout(WAIT_PAST_MIN_FILL_MS)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Tack för ditt tips")).to_be_visible()


def test_switching_language_keeps_the_receipt_a_half_filled_tip_and_a_follow_up(browser_page, demo):
    page = browser_page
    # A half-filled tip form.
    page.goto("/kommun/botkyrka/tipsa/")
    page.get_by_label("Vad har hänt?").fill("Mopeder på gång- och cykelvägen.")
    page.get_by_label("När hände det?").fill("Varje kväll")
    page.get_by_label("Jag har själv sett eller hört det").check()
    switch_language(page, "en")
    expect(page.get_by_role("heading", name=re.compile("Send a tip to Botkyrka"))).to_be_visible()
    assert page.get_by_label("What happened?").input_value() == "Mopeder på gång- och cykelvägen."
    assert page.get_by_label("When did it happen?").input_value() == "Varje kväll"
    assert page.locator("input[name=knowledge]:checked").count() == 1
    page.wait_for_timeout(WAIT_PAST_MIN_FILL_MS)
    page.get_by_role("button", name="Send the tip").click()
    # The receipt.
    expect(page.get_by_role("heading", name="Thank you for your tip")).to_be_visible()
    code = page.locator("[data-receipt-code]").inner_text().strip()
    switch_language(page, "sv")
    expect(page.get_by_role("heading", name="Tack för ditt tips")).to_be_visible()
    assert page.locator("[data-receipt-code]").inner_text().strip() == code
    # A follow-up thread, with an answer half typed.
    page.goto("/tips/uppfoljning/")
    page.get_by_label("Kvittokod").fill(code)
    page.get_by_role("button", name="Visa mitt tips").click()
    expect(page.get_by_role("heading", name="Ditt tips")).to_be_visible()
    page.get_by_label("Ditt svar").fill("Det var fyra mopeder.")
    switch_language(page, "en")
    expect(page.get_by_role("heading", name="Your tip")).to_be_visible()
    expect(page.get_by_text("Botkyrka").first).to_be_visible()
    assert page.get_by_label("Your answer").input_value() == "Det var fyra mopeder."


def test_on_a_phone_the_tip_form_and_the_tip_button_are_on_the_first_screen(browser_page, demo):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/kommun/botkyrka/")
    button = page.get_by_role("link", name="Skicka ett tips").first.bounding_box()
    assert button["y"] + button["height"] <= 844, button
    page.goto("/kommun/botkyrka/tipsa/")
    field = page.get_by_label("Vad har hänt?").bounding_box()
    assert field["y"] + 40 <= 844, f"the first field starts at y={field['y']}"
    print(f"first field at y={field['y']:.0f}, tip button at y={button['y']:.0f}")
