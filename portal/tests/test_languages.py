"""Languages are data: a language configured in settings, with its
catalogue, works without any change to code, templates or migrations."""

from __future__ import annotations

import polib
import pytest
from django.conf import settings
from django.utils import translation

from portal.languages import catalogue_languages, current_language, official_language_choices, translated
from portal.models import User
from portal.tests.factories import category
from tips.models import Tip
from tips.tests.conftest import tip_data

pytestmark = pytest.mark.django_db

ARABIC = {"What happened?": "ماذا حدث؟"}


def _catalogue(tmp_path) -> str:
    """A tiny compiled catalogue for Arabic in a LOCALE_PATHS folder of its own."""
    folder = tmp_path / "locale" / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ar"}
    for msgid, msgstr in ARABIC.items():
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    po.save_as_mofile(str(folder / "django.mo"))
    return str(tmp_path / "locale")


@pytest.fixture
def arabic(settings, tmp_path):
    settings.LANGUAGES = [*settings.LANGUAGES, ("ar", "Arabic")]
    settings.LOCALE_PATHS = [_catalogue(tmp_path), *settings.LOCALE_PATHS]
    settings.TIPS_MIN_FILL_SECONDS = 0
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_a_third_language_configured_in_settings_works_on_the_tip_form(client, municipality_a, arabic):
    narcotics = category("narcotics")
    narcotics.name_i18n = {**narcotics.name_i18n, "ar": "مخدرات"}
    narcotics.save()
    form_url = f"/kommun/{municipality_a.slug}/tipsa/"

    switched = client.post("/sprak/", {"language": "ar", "next": form_url})
    assert switched.status_code == 302 and switched["Location"] == form_url

    page = client.get(form_url)
    content = page.content.decode()
    assert page["Content-Language"] == "ar"
    assert '<html lang="ar" dir="rtl">' in content
    assert "ماذا حدث؟" in content  # from the catalogue
    assert "مخدرات" in content  # the category's own Arabic name
    assert "Skadegörelse och klotter" in content  # no Arabic name: the Swedish one
    for own_name in ('lang="sv"', "Svenska", 'lang="en"', "English"):
        assert own_name in content  # the switch offers the others, each in its own name

    receipt = client.post(form_url, tip_data(municipality_a, category=narcotics.pk))
    assert receipt.status_code == 200 and receipt["Content-Language"] == "ar"
    assert Tip.objects.get().category == narcotics


def test_the_default_pages_are_left_to_right_and_in_swedish(client, municipality_a):
    content = client.get(f"/kommun/{municipality_a.slug}/tipsa/").content.decode()
    assert '<html lang="sv" dir="ltr">' in content
    assert 'lang="en"' in content and "English" in content


def test_translated_text_falls_back_to_swedish_and_reads_older_stored_figures():
    names = {"name_i18n": {"sv": "Narkotika", "en": "Narcotics"}}
    assert translated(names, "name", language="en") == "Narcotics"
    assert translated(names, "name", language="fi") == "Narkotika"
    assert translated({"category_sv": "Rån", "category_en": "Robbery"}, "category", language="en") == "Robbery"
    assert translated({"name_i18n": None}, "name") == ""
    with translation.override("en-gb"):
        assert current_language() == "en"


def test_accounts_offer_the_official_languages_and_catalogues_follow_languages(settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("fi", "Finnish")]
    assert [code for code, _ in official_language_choices()] == settings.OFFICIAL_LANGUAGES
    assert [code for code, _ in User._meta.get_field("language").choices] == settings.OFFICIAL_LANGUAGES
    assert catalogue_languages() == ["sv", "fi"]


def test_no_language_is_named_in_the_code_that_reads_categories():
    assert settings.LANGUAGE_CODE == "sv"
    assert not hasattr(category("narcotics"), "name_en")
