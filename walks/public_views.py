"""Residents' pages: a walk's invitation and its public report, its
published photos, and the link through which participants add findings
without an account. Nothing here stores who the resident is."""

from __future__ import annotations

import logging
import uuid
from functools import partial

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal import ratelimit
from portal.models import Municipality
from portal.shortcuts import or_404
from tips.headers import resident_page
from tips.public_views import MAX_REQUEST_BYTES

from . import links, selectors, services
from .forms import ResidentFindingForm
from .models import Walk
from .views import form_errors_json, photo_response, wants_json

logger = logging.getLogger(__name__)

RATE_SCOPE = "walks:finding"
FINDINGS_PER_HOUR = 20
HOUR = 60 * 60


def walk_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    walk = or_404(selectors.walk_get_public(municipality=municipality, pk=pk))
    context = {"municipality": municipality, "walk": walk, "findings": list(walk.findings.all())}
    return render(request, "walks/public/walk_detail.html", context)


def walk_photo(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    photo = or_404(selectors.public_photo_get(municipality=municipality, pk=pk))
    return photo_response(photo)


def _page(request, walk: Walk, form: ResidentFindingForm, status: int = 200, **extra) -> HttpResponse:
    if form.is_bound and status == 200:
        form = ResidentFindingForm(walk=walk)
    context = {"municipality": walk.municipality, "walk": walk, "form": form, **extra}
    return render(request, "walks/public/resident_finding.html", context, status=status)


@partial(resident_page, max_upload=MAX_REQUEST_BYTES)
@require_http_methods(["GET", "POST"])
def resident_finding(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """A participant's finding, through the walk's link; no account, no name."""
    municipality = get_object_or_404(Municipality, slug=slug)
    walk = links.walk_from_token(token, municipality.pk)
    if walk is None or not walk.accepts_resident_findings:
        raise Http404
    if request.method == "GET":
        return _page(request, walk, ResidentFindingForm(walk=walk))
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_REQUEST_BYTES:
        error = _("The finding was too large to receive. Photos may be at most 10 MB together.")
        if wants_json(request):
            return JsonResponse({"ok": False, "errors": {"photos": [error]}}, status=400)
        return _page(request, walk, ResidentFindingForm(walk=walk), status=413, error=error)
    client = ratelimit.client_key(request, purpose="walks.client")
    form = ResidentFindingForm(request.POST, request.FILES, walk=walk)
    if form.is_bot:
        logger.info("Walk finding honeypot filled in; nothing stored")
        ratelimit.hit(RATE_SCOPE, client, window=HOUR)
        return _answer(request, walk, form, sent=True)
    if ratelimit.is_limited(RATE_SCOPE, client, limit=FINDINGS_PER_HOUR, window=HOUR):
        error = _("You have sent many findings in a short time. Wait an hour and try again.")
        if wants_json(request):
            return JsonResponse({"ok": False, "errors": {"__all__": [error]}}, status=429)
        return _page(request, walk, form, status=429, error=error)
    if not form.is_valid():
        if wants_json(request):
            return form_errors_json(form)
        return _page(request, walk, form, status=400, photos_lost=bool(request.FILES))
    recorded = services.finding_record(
        walk=walk,
        data=form.cleaned_data,
        photos=form.cleaned_data["photos"],
        idempotency_key=form.cleaned_data["idempotency_key"],
    )
    if recorded.created:
        ratelimit.hit(RATE_SCOPE, client, window=HOUR)
    return _answer(request, walk, form, sent=True)


def _answer(request: HttpRequest, walk: Walk, form: ResidentFindingForm, sent: bool) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"ok": True})
    fresh = ResidentFindingForm(walk=walk, initial={"idempotency_key": uuid.uuid4()})
    return _page(request, walk, fresh, sent=sent)
