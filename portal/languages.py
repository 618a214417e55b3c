"""Languages as data. `settings.LANGUAGES` lists every language the portal
speaks, `settings.OFFICIAL_LANGUAGES` the ones officials' pages and accounts
offer (residents may get more), and translated database text is a JSON object
keyed by language code, read through `translated()`. Adding a language is a
change to settings plus catalogues: see docs/LANGUAGES.md."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils.translation import get_language, get_supported_language_variant


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def language_choices() -> list[tuple[str, str]]:
    return list(settings.LANGUAGES)


def official_language_choices() -> list[tuple[str, str]]:
    """The choices of an official's account language (a callable, so that a
    change of settings needs no migration)."""
    official = set(settings.OFFICIAL_LANGUAGES)
    return [(code, name) for code, name in settings.LANGUAGES if code in official]


def catalogue_languages() -> list[str]:
    """The languages with a .po catalogue: all but the msgid language."""
    return [code for code in language_codes() if code != settings.MSGID_LANGUAGE]


def current_language() -> str:
    """The active language as one of `settings.LANGUAGES` ("en-gb" is "en"),
    the default language outside a request."""
    try:
        return get_supported_language_variant(get_language() or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


def translated(source: Any, field: str = "name", language: str | None = None) -> str:
    """`field` of a model instance or dict in the active language, falling
    back to the default language (Swedish). The translations live in
    `<field>_i18n` ({"sv": …, "en": …}); dicts stored before that (analyses
    approved earlier keep their figures) carry `<field>_sv`, `<field>_en`."""
    language = language or current_language()
    get = source.get if isinstance(source, Mapping) else lambda key, default=None: getattr(source, key, default)
    texts = get(f"{field}_i18n") or {}
    for code in (language, settings.LANGUAGE_CODE):
        text = texts.get(code) or get(f"{field}_{code}")
        if text:
            return text
    return ""


def catalogue_locales() -> list[str]:
    """The catalogue folder names (`sv_LL` for "sv-ll"), for makemessages -l."""
    from django.utils.translation import to_locale

    return [to_locale(code) for code in catalogue_languages()]


def resident_language_choices() -> list[tuple[str, str]]:
    """Every language residents' pages may speak (a municipality chooses a
    subset); a callable for `choices=`, so a new language needs no migration."""
    return language_choices()


# Officials' pages speak only OFFICIAL_LANGUAGES; everything under these
# prefixes is an official's page (login and account included).
OFFICIAL_PREFIXES = ("/intern/", "/admin/", "/konto/")


def is_official_path(path: str) -> bool:
    return path.startswith(OFFICIAL_PREFIXES)


def municipality_slug_of_path(path: str) -> str | None:
    """The slug of a municipality's public page (`/kommun/<slug>/…`)."""
    if not path.startswith("/kommun/"):
        return None
    slug = path[len("/kommun/") :].split("/", 1)[0]
    return slug or None


def language_name_in_sentence(code: str) -> str:
    """A language's name as it reads inside a sentence of the active language
    ("Skrivet på arabiska", "Written in Arabic"): Swedish writes language names
    in lower case. Falls back to Django's translated name."""
    from django.utils.translation import get_language_info, pgettext

    try:
        info = get_language_info(code)
    except KeyError:
        return code
    name = info["name"]
    translated_name = pgettext("language name inside a sentence", name)
    if translated_name != name:
        return translated_name
    return info["name_translated"]


def _sentence_names_for_catalogues() -> None:  # pragma: no cover - read by makemessages only
    from django.utils.translation import pgettext_lazy

    for name in (
        pgettext_lazy("language name inside a sentence", "Swedish"),
        pgettext_lazy("language name inside a sentence", "Easy-to-read Swedish"),
        pgettext_lazy("language name inside a sentence", "English"),
        pgettext_lazy("language name inside a sentence", "Arabic"),
        pgettext_lazy("language name inside a sentence", "Somali"),
        pgettext_lazy("language name inside a sentence", "Persian"),
        pgettext_lazy("language name inside a sentence", "Tigrinya"),
        pgettext_lazy("language name inside a sentence", "Ukrainian"),
        pgettext_lazy("language name inside a sentence", "Finnish"),
    ):
        str(name)


def _language_label():
    from django.utils.translation import gettext_lazy

    return gettext_lazy("language")


# The label of a model field or filter holding a language, named here (not in
# the residents' source files) because only officials read it.
LANGUAGE_LABEL = _language_label()
