"""Words that depend on the language: a name's genitive."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.filter
def genitive(name: object) -> str:
    """ "Botkyrkas", "Kramfors" (Swedish adds no s after s, x or z); "Botkyrka's"."""
    name = str(name)
    if (get_language() or "sv").startswith("sv"):
        return name if name[-1:].lower() in "sxz" else f"{name}s"
    return f"{name}’" if name.endswith("s") else f"{name}’s"


# What officials read for the audit codes they are shown (a tip's history).
AUDIT_LABELS = {
    "tip.received": _("Tip received"),
    "tip.registered": _("Tip registered by an official"),
    "tip.viewed": _("Tip opened"),
    "tip.viewed_in_admin": _("Tip opened in the administration"),
    "tip.updated": _("Details changed"),
    "tip.status_changed": _("Status changed"),
    "tip.message_sent": _("Message sent to the resident"),
    "tip.resident_replied": _("The resident answered"),
    "tip.photo_downloaded": _("Photo opened"),
    "tip.exported": _("Included in an export"),
    "tip.confidentiality_reviewed": _("Confidentiality reviewed"),
    "tip.personal_data_erased": _("Personal data erased"),
    "legal.published": _("Legal page published"),
}


@register.filter
def audit_label(code: object) -> str:
    """A human label for an audit code; an unknown code is shown as it is."""
    return str(AUDIT_LABELS.get(str(code), code))


@register.simple_tag
def content_lang() -> str:
    """` lang="sv"` on text people wrote (in Swedish) when the interface is in
    another language, so a screen reader reads it as Swedish (WCAG 3.1.2)."""
    if (get_language() or settings.LANGUAGE_CODE) == settings.LANGUAGE_CODE:
        return ""
    return format_html(' lang="{}"', settings.LANGUAGE_CODE)
