"""What this app adds to the core's public municipality page."""

from __future__ import annotations

from django.http import HttpRequest

from portal.models import Municipality
from portal.sections import Section

from . import selectors


def public_section(request: HttpRequest, municipality: Municipality) -> Section | None:
    """Upcoming walks and dialogues residents may join, and the reports of
    those held."""
    upcoming, reports = selectors.walk_list_public(municipality=municipality)
    if not upcoming and not reports:
        return None
    context = {"municipality": municipality, "upcoming": upcoming, "reports": reports}
    return Section("walks/sections/public.html", context)
