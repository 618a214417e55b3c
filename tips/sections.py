"""The tips app's blocks on the core's pages."""

from __future__ import annotations

from django.http import HttpRequest

from portal.models import Municipality, Role
from portal.sections import Section

from . import selectors


def public_section(request: HttpRequest, municipality: Municipality) -> Section:
    return Section("tips/sections/public.html", {"municipality": municipality})


def internal_section(request: HttpRequest, municipality: Municipality) -> Section | None:
    if not request.membership.has_role(Role.CONTRIBUTOR):
        return None
    return Section(
        "tips/sections/internal.html",
        {"municipality": municipality, "counts": selectors.tip_counts(membership=request.membership)},
    )
