"""Every language residents are offered is translated completely on the
pages residents meet (portal/resident_pages.py), and the sentences whose
meaning must be exact (112, 114 14: a tip is not a police report) keep their
numbers. A language in settings.LANGUAGES without catalogues fails here: it
must not be offered to residents until its catalogues land."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation import to_locale

from portal.languages import catalogue_languages
from portal.resident_pages import resident_msgids

CATALOGUE_DIRS = ["locale", "agreements/locale", "tips/locale", "situation_reports/locale", "maps/locale"]
CATALOGUE_DIRS += ["walks/locale", "legal/locale"]
NUMBERS = ("112", "114 14")
# Resident-file msgids added after the translators' catalogues were written
# may wait here (awaiting_translators.json) until each language's draft has
# them; residents read the English msgid meanwhile. Today none waits.
AWAITING_TRANSLATORS = {
    (row["msgctxt"], row["msgid"])
    for row in json.loads((Path(__file__).parent / "awaiting_translators.json").read_text(encoding="utf-8"))
}


def _existing(directory: str, locale: str) -> Path:
    return Path(directory) / locale / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("code", [code for code in catalogue_languages() if code != settings.LANGUAGE_CODE])
def test_every_resident_string_is_translated_in_each_offered_language(code, monkeypatch):
    monkeypatch.chdir(settings.BASE_DIR)
    _assert_complete(code)


def test_a_language_without_catalogues_fails(monkeypatch):
    monkeypatch.chdir(settings.BASE_DIR)
    with pytest.raises(AssertionError, match="has no catalogue"):
        _assert_complete("de")


def _assert_complete(code: str) -> None:
    locale = to_locale(code)
    missing, fuzzy, numbers_lost, no_catalogue = [], [], [], []
    for directory in CATALOGUE_DIRS:
        swedish = _existing(directory, to_locale(settings.LANGUAGE_CODE))
        if not swedish.exists():
            continue
        wanted = resident_msgids(str(swedish)) - AWAITING_TRANSLATORS
        if not wanted:
            continue
        path = _existing(directory, locale)
        if not path.exists():
            no_catalogue.append(str(path))
            continue
        entries = {(entry.msgctxt, entry.msgid): entry for entry in polib.pofile(str(path)) if not entry.obsolete}
        for key in sorted(wanted, key=lambda k: (k[0] or "", k[1])):
            entry = entries.get(key)
            texts = [] if entry is None else [entry.msgstr, *entry.msgstr_plural.values()]
            if entry is None or not any(texts):
                missing.append(f"{directory}: {key[1][:70]}")
            elif entry.fuzzy:
                fuzzy.append(f"{directory}: {key[1][:70]}")
            else:
                for number in NUMBERS:
                    if number in key[1] and not all(number in text for text in texts if text):
                        numbers_lost.append(f"{directory}: {number} in {key[1][:60]}")
    assert not no_catalogue, f"{code} is offered to residents but has no catalogue: {no_catalogue}"
    assert not missing, f"{len(missing)} resident strings untranslated in {code}: {missing[:10]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy resident strings in {code}: {fuzzy[:10]}"
    assert not numbers_lost, f"emergency numbers lost in {code}: {numbers_lost}"
