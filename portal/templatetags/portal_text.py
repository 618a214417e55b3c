"""Words that depend on the language: a name's genitive."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def genitive(name: object) -> str:
    """ "Botkyrkas", "Kramfors" (Swedish adds no s after s, x or z); "Botkyrka's"."""
    name = str(name)
    if (get_language() or "sv").startswith("sv"):
        return name if name[-1:].lower() in "sxz" else f"{name}s"
    return f"{name}’" if name.endswith("s") else f"{name}’s"
