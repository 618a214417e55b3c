"""Blocks this app adds to the core's pages (registered in apps.py)."""

from __future__ import annotations

from django.http import HttpRequest

from portal.models import Municipality
from portal.sections import Section

from . import selectors
from .weeks import current_week


def internal_week_card(request: HttpRequest, municipality: Municipality) -> Section:
    """This week's report on the municipality's internal home page."""
    week = current_week(municipality.timezone)
    report = selectors.report_get(municipality=municipality, week=week)
    organisations = selectors.contribution_status(municipality=municipality, report=report)
    context = {
        "week": week,
        "report": report,
        "contributed": sum(1 for o in organisations if o.contributed),
        "organisation_count": len(organisations),
        "own_contributed": any(o.contributed for o in organisations if o.pk == request.membership.organisation_id),
        "can_contribute": request.membership.can_contribute,
    }
    return Section("situation_reports/sections/week_card.html", context)


def public_latest_summary(request: HttpRequest, municipality: Municipality) -> Section | None:
    """The latest published week summary on the public municipality page."""
    report = selectors.published_reports(municipality=municipality).first()
    if report is None:
        return None
    counts = selectors.public_counts(reports=[report])[report.pk]
    return Section(
        "situation_reports/sections/public_summary.html",
        {"municipality": municipality, "report": report, **counts},
    )
