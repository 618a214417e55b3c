"""Residents' pages: the published summaries of closed weeks."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from portal.models import Municipality

from . import selectors


def summary_list(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    page = Paginator(selectors.published_reports(municipality=municipality), 5).get_page(request.GET.get("page"))
    reports = list(page.object_list)
    for report in reports:
        report.municipality = municipality  # its public-count threshold, without a query per report
    counts = selectors.public_counts(reports=reports)
    summaries = [{"report": report, **counts[report.pk]} for report in reports]
    context = {"municipality": municipality, "page_obj": page, "summaries": summaries}
    return render(request, "situation_reports/public/summary_list.html", context)
