"""Blocks this package adds to other apps' pages (registered in apps.py)."""

from __future__ import annotations

from django.http import HttpRequest

from agreements.models import Agreement
from portal.sections import Section

from . import selectors


def agreement_analyses(request: HttpRequest, agreement: Agreement) -> Section | None:
    """On an agreement's page: the period analyses that cite its priorities."""
    membership = getattr(request, "membership", None)
    if membership is None or agreement.municipality_id != membership.municipality_id:
        return None
    context = {
        "analyses": selectors.analyses_citing_agreement(agreement=agreement),
        "municipality_slug": membership.municipality.slug,
    }
    return Section("situation_reports/sections/agreement_analyses.html", context)
