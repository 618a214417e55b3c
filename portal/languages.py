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
