"""Residents' languages: each municipality chooses which of settings.LANGUAGES
its public pages offer; officials' pages speak only OFFICIAL_LANGUAGES; a tip
records the language it was written in."""

from __future__ import annotations

import polib
import pytest
from django.conf import settings
from django.utils import translation

from legal.models import Kind, LegalPage
from portal.models import AuditEvent
from tips import receipts
from tips.models import ReplyTemplate, Tip, TipMessage
from tips.tests.conftest import tip_data

pytestmark = pytest.mark.django_db

ARABIC = {"Your tip": "بلاغك", "What happened?": "ماذا حدث؟"}


def _switch_codes(content: str) -> set[str]:
    import re

    form = content.split("data-language-switch", 1)[1].split("</form>", 1)[0]
    return set(re.findall(r'name="language" value="([^"]+)"', form))


@pytest.fixture
def arabic_catalogue(settings, tmp_path):
    """A tiny compiled Arabic catalogue first in LOCALE_PATHS, so the test does
    not depend on the translators' catalogues."""
    for locale, texts in (("ar", ARABIC), ("so", {"Your tip": "Warbixintaada"})):
        folder = tmp_path / "locale" / locale / "LC_MESSAGES"
        folder.mkdir(parents=True)
        po = polib.POFile()
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": locale}
        for msgid, msgstr in texts.items():
            po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
        po.save_as_mofile(str(folder / "django.mo"))
    settings.LOCALE_PATHS = [str(tmp_path / "locale"), *settings.LOCALE_PATHS]
    settings.TIPS_MIN_FILL_SECONDS = 0
    translation.trans_real._translations = {}
    yield
    translation.trans_real._translations = {}
    translation.activate(settings.LANGUAGE_CODE)


def test_every_resident_language_is_offered_in_its_own_name(client, municipality_a):
    content = client.get(f"/kommun/{municipality_a.slug}/tipsa/").content.decode()
    assert _switch_codes(content) == {"sv-ll", "en", "ar", "so", "fa", "ti", "uk", "fi"}
    for own_name in ("العربيّة", "Soomaali", "فارسی", "ትግርኛ", "Українська", "Suomi", "English", "Lättläst svenska"):
        assert own_name in content


def test_a_coordinator_turns_a_language_off_and_it_leaves_the_switch_and_pages(
    client, municipality_a, coordinator_a, arabic_catalogue
):
    form_url = f"/kommun/{municipality_a.slug}/tipsa/"
    client.post("/sprak/", {"language": "so", "next": form_url})
    assert client.get(form_url)["Content-Language"] == "so"

    client.force_login(coordinator_a)
    url = f"/intern/{municipality_a.slug}/sprak/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="resident_languages"' in page.content.decode()
    keep = ["sv-ll", "en", "ar", "fa", "ti", "uk", "fi"]  # Somali off
    saved = client.post(url, {"resident_languages": keep})
    assert saved.status_code == 302
    municipality_a.refresh_from_db()
    assert "so" not in municipality_a.resident_languages and "sv" in municipality_a.resident_languages
    assert AuditEvent.objects.filter(action="municipality.resident_languages_changed").exists()
    client.logout()

    client.post("/sprak/", {"language": "so", "next": form_url})
    page = client.get(form_url)
    assert page["Content-Language"] == "sv"  # a language turned off falls back to Swedish
    assert '<html lang="sv" dir="ltr">' in page.content.decode()
    assert "so" not in _switch_codes(page.content.decode())
    assert "ar" in _switch_codes(page.content.decode())


def test_the_languages_page_is_for_coordinators_of_the_municipality_only(client, reader_a, official_b, municipality_a):
    url = f"/intern/{municipality_a.slug}/sprak/"
    client.force_login(reader_a)
    assert client.get(url).status_code == 403
    client.force_login(official_b)
    assert client.get(url).status_code == 404


def test_officials_pages_speak_only_the_official_languages(client, coordinator_a, municipality_a, arabic_catalogue):
    client.post("/sprak/", {"language": "ar", "next": "/"})
    client.force_login(coordinator_a)
    coordinator_a.language = ""
    coordinator_a.save(update_fields=["language"])
    page = client.get(f"/intern/{municipality_a.slug}/")
    assert page["Content-Language"] == "sv"
    assert _switch_codes(page.content.decode()) == {"en"}


def test_a_tip_in_arabic_is_shown_filtered_answered_and_read_in_arabic(
    client, municipality_a, coordinator_a, arabic_catalogue
):
    form_url = f"/kommun/{municipality_a.slug}/tipsa/"
    client.post("/sprak/", {"language": "ar", "next": form_url})
    receipt = client.post(form_url, tip_data(municipality_a, description="رأيت شخصاً يكسر نافذة"))
    assert receipt.status_code == 200 and receipt["Content-Language"] == "ar"
    tip = Tip.objects.get()
    assert tip.language == "ar"
    code = receipts.code_for_nonce(tip.submission_token)
    swedish_tip = Tip.objects.create(
        municipality=municipality_a, description="På svenska", receipt_hash="x", submission_token="y"
    )
    ReplyTemplate.objects.create(municipality=municipality_a, title="Tack", body="Tack för tipset", language="sv")
    ReplyTemplate.objects.create(municipality=municipality_a, title="شكراً", body="شكراً على بلاغك", language="ar")

    fresh = client.__class__()  # the official's browser
    fresh.force_login(coordinator_a)
    detail = fresh.get(f"/intern/{municipality_a.slug}/tips/{tip.pk}/").content.decode()
    assert "Skrivet på arabiska." in detail
    templates = detail.split('name="template"', 1)[1].split("</select>", 1)[0]
    assert templates.index("شكراً") < templates.index("Tack")  # the tip's language first
    listed = fresh.get(f"/intern/{municipality_a.slug}/tips/", {"language": "ar"}).content.decode()
    assert f"#{tip.pk}<" in listed and f"#{swedish_tip.pk}<" not in listed
    answered = fresh.post(f"/intern/{municipality_a.slug}/tips/{tip.pk}/meddelande/", {"body": "شكراً على بلاغك"})
    assert answered.status_code == 302
    assert TipMessage.objects.filter(tip=tip).exists()

    resident = client.__class__()  # another phone: no language cookie
    thread = resident.post("/tips/uppfoljning/", {"code": code})
    content = thread.content.decode()
    assert thread["Content-Language"] == "ar" and '<html lang="ar" dir="rtl">' in content
    assert "بلاغك" in content and "شكراً على بلاغك" in content

    resident.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # a chosen language wins
    assert resident.post("/tips/uppfoljning/", {"code": code})["Content-Language"] == "en"


def test_a_legal_page_in_the_residents_language_or_swedish_with_a_note(client, municipality_a):
    LegalPage.objects.create(
        municipality=municipality_a, kind=Kind.PRIVACY, version=1, body="Svensk text", language="sv"
    )
    LegalPage.objects.create(
        municipality=municipality_a, kind=Kind.PRIVACY, version=2, body="English text", language="en"
    )
    url = f"/kommun/{municipality_a.slug}/{_privacy_word()}/"
    assert "Svensk text" in client.get(url).content.decode()
    client.post("/sprak/", {"language": "en", "next": url})
    english = client.get(url).content.decode()
    assert "English text" in english and "data-not-in-language" not in english
    client.post("/sprak/", {"language": "fi", "next": url})
    finnish = client.get(url).content.decode()
    assert "Svensk text" in finnish and "data-not-in-language" in finnish and 'lang="sv"' in finnish


def _privacy_word() -> str:
    from django.urls import reverse

    return reverse("legal:privacy", kwargs={"slug": "x"}).rstrip("/").rsplit("/", 1)[1]


def test_emergency_numbers_stay_left_to_right_in_right_to_left_text(client, municipality_a, arabic_catalogue):
    form_url = f"/kommun/{municipality_a.slug}/tipsa/"
    client.post("/sprak/", {"language": "ar", "next": form_url})
    content = client.get(form_url).content.decode()
    assert '<span dir="ltr">114 14</span>' in content
    assert "bootstrap.rtl.min.css" in content
