"""The tip form's photo check in a real browser. With JavaScript a photo
over 10 MB is named before anything is sent, in an alert the field is
described by, and the typed text stays; without JavaScript the portal's own
check answers with the form, the text kept and the photos to leave out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tips.models import Tip, TipPhoto
from tips.tests.conftest import jpeg_bytes

MB = 1024 * 1024
DESCRIPTION = "Någon har sprejat på lekplatsens rutschkana, tredje gången i månaden."


def _file(folder: Path, name: str, size: int) -> Path:
    """A file of `size` bytes that takes no room on disk (the browser only measures it)."""
    path = folder / name
    with path.open("wb") as out:
        out.truncate(size)
    return path


def _small_photo(folder: Path) -> Path:
    path = folder / "liten.jpg"
    path.write_bytes(jpeg_bytes())
    return path


def _fill_in(page, slug: str) -> None:
    page.goto(f"/kommun/{slug}/tipsa/")
    page.get_by_label("Vad har hänt?").fill(DESCRIPTION)
    page.get_by_label("När hände det?").fill("I helgen")
    page.get_by_label("Jag har själv sett eller hört det").check()


def test_a_photo_over_ten_megabytes_is_named_before_sending_and_the_text_stays(browser_page, municipality_a, tmp_path):
    page = browser_page
    posts: list[str] = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    _fill_in(page, municipality_a.slug)
    photos = page.get_by_label("Bilder (valfritt)")
    photos.set_input_files([_small_photo(tmp_path), _file(tmp_path, "IMG_2041.jpg", 11 * MB)])

    warning = page.get_by_role("alert")
    expect(warning).to_have_text(
        "Lämna bort de här bilderna eller välj mindre (högst 4, 10 MB vardera): IMG_2041.jpg (11.0 MB)"
    )
    expect(photos).to_have_attribute("aria-invalid", "true")
    expect(photos).to_have_accessible_description(re.compile(r"Lämna bort de här bilderna.*IMG_2041\.jpg"))

    page.get_by_role("button", name="Skicka tipset").click()
    expect(photos).to_be_focused()  # the resident is taken to the field the alert is about
    expect(page.get_by_label("Vad har hänt?")).to_have_value(DESCRIPTION)
    expect(page.get_by_label("När hände det?")).to_have_value("I helgen")
    assert posts == [] and not Tip.objects.exists()

    photos.set_input_files([_small_photo(tmp_path)])  # leave the large one out
    expect(warning).to_have_text("")
    expect(photos).not_to_have_attribute("aria-invalid", "true")
    page.get_by_role("button", name="Skicka tipset").click()
    expect(page.get_by_role("heading", name="Tack för ditt tips")).to_be_visible()
    assert len(posts) == 1
    assert Tip.objects.get().description == DESCRIPTION
    assert TipPhoto.objects.count() == 1


@pytest.fixture
def page_without_javascript(_chromium, live_server, transactional_db):
    context = _chromium.new_context(base_url=live_server.url, locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


@pytest.mark.browser
def test_without_javascript_the_portal_names_the_photo_and_keeps_the_text(
    page_without_javascript, municipality_a, tmp_path
):
    page = page_without_javascript
    _fill_in(page, municipality_a.slug)
    page.get_by_label("Bilder (valfritt)").set_input_files(
        [_small_photo(tmp_path), _file(tmp_path, "IMG_2041.jpg", 11 * MB)]
    )
    page.get_by_role("button", name="Skicka tipset").click()
    expect(page.get_by_text("Ett foto får vara högst 10 MB. Lämna bort: IMG_2041.jpg (11 MB).")).to_be_visible()
    expect(page.get_by_text("Allt du skrev finns kvar")).to_be_visible()
    expect(page.get_by_label("Vad har hänt?")).to_have_value(DESCRIPTION)
    expect(page.get_by_label("När hände det?")).to_have_value("I helgen")
    assert not Tip.objects.exists()


@pytest.mark.browser
def test_without_javascript_a_request_over_the_limit_comes_back_with_the_text(
    page_without_javascript, municipality_a, tmp_path
):
    page = page_without_javascript
    _fill_in(page, municipality_a.slug)
    sizes = {"IMG_1.jpg": 9 * MB, "IMG_2.jpg": 15 * MB, "IMG_3.jpg": 9 * MB, "IMG_4.jpg": 10 * MB}
    page.get_by_label("Bilder (valfritt)").set_input_files([_file(tmp_path, n, s) for n, s in sizes.items()])
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.get_by_role("button", name="Skicka tipset").click()
    assert answer.value.status == 413
    expect(page.get_by_text(re.compile(r"Din text finns kvar nedan.*lämna bort: IMG_2\.jpg \(15 MB\)"))).to_be_visible()
    expect(page.get_by_label("Vad har hänt?")).to_have_value(DESCRIPTION)
    expect(page.get_by_label("När hände det?")).to_have_value("I helgen")
    assert not Tip.objects.exists()
