"""What this app adds to the core's municipality pages."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from portal.models import Municipality
from portal.sections import Section

from . import selectors


def public_section(request: HttpRequest, municipality: Municipality) -> Section | None:
    """The agreement in force and the published pledges, with how far each
    focus area has come and the evaluations made."""
    today = timezone.localdate()
    agreements = list(selectors.agreement_list_active_public(municipality=municipality, day=today))
    pledges = list(selectors.pledge_list_public(municipality=municipality))
    if not agreements and not pledges:
        return None
    current = [p for p in pledges if not hasattr(p, "evaluation")]
    evaluated = [p for p in pledges if hasattr(p, "evaluation")]
    context = {
        "municipality": municipality,
        "agreements": agreements,
        "current": [(p, [selectors.focus_area_progress(focus_area=a) for a in p.focus_areas.all()]) for p in current],
        "evaluated": evaluated,
    }
    return Section("agreements/sections/public.html", context)


def internal_section(request: HttpRequest, municipality: Municipality) -> Section:
    today = timezone.localdate()
    context = {
        "agreement": selectors.agreement_list_active_public(municipality=municipality, day=today).first(),
        "pledge_count": selectors.pledge_count_published(municipality=municipality),
        "due_count": selectors.commitment_list_due_for_user(user=request.user, today=today)
        .filter(focus_area__pledge__municipality=municipality)
        .count(),
    }
    return Section("agreements/sections/internal.html", context)
