"""Residents' pages: a walk's invitation and its public report, its
published photos, and the link through which participants add findings
without an account. Nothing here stores who the resident is."""

from __future__ import annotations

import logging
import uuid
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from portal import est, following, ratelimit
from portal.languages import current_language
from portal.models import Municipality
from portal.shortcuts import or_404
from tips.headers import resident_page
from tips.public_views import MAX_REQUEST_BYTES

from . import links, mail, selectors, services
from .forms import ResidentFindingForm
from .models import Walk
from .views import form_errors_json, photo_response, wants_json

logger = logging.getLogger(__name__)

RATE_SCOPE = "walks:finding"
FINDINGS_PER_HOUR = 20
HOUR = 60 * 60
FOLLOW_WINDOW = 600  # seconds over which WALKS_FOLLOW_LIMIT counts


class WalkFollowForm(following.FollowForm):
    prefix = "follow"  # the finding form on the same page has a honeypot too
    help_text = gettext_lazy("Used only to tell you about this walk's report and follow-up. You can stop at any time.")


def walk_detail(request: HttpRequest, slug: str, pk: int, follow_form: WalkFollowForm | None = None) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    walk = or_404(selectors.walk_get_public(municipality=municipality, pk=pk))
    context = {
        "municipality": municipality,
        "walk": walk,
        "findings": list(walk.findings.all()),
        "follow_form": follow_form or WalkFollowForm(),
    }
    return render(request, "walks/public/walk_detail.html", context, status=400 if follow_form else 200)


def walk_photo(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    photo = or_404(selectors.public_photo_get(municipality=municipality, pk=pk))
    return photo_response(photo)


def _page(request, walk: Walk, form: ResidentFindingForm, status: int = 200, **extra) -> HttpResponse:
    if form.is_bound and status == 200:
        form = ResidentFindingForm(walk=walk)
    context = {
        "municipality": walk.municipality,
        "walk": walk,
        "form": form,
        "follow_form": WalkFollowForm(),
        "token": links.resident_token(walk),
        **extra,
    }
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
        est.record_confirmation(form, actor=None, municipality=municipality, obj=walk)
    return _answer(request, walk, form, sent=True)


def _answer(request: HttpRequest, walk: Walk, form: ResidentFindingForm, sent: bool) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"ok": True})
    fresh = ResidentFindingForm(walk=walk, initial={"idempotency_key": uuid.uuid4()})
    return _page(request, walk, fresh, sent=sent)


def _followable(municipality: Municipality, pk: int, token: str) -> Walk:
    """A walk residents see in public, or one the participants' link names
    (followed from the page where they add findings)."""
    walk = selectors.walk_get_public(municipality=municipality, pk=pk)
    if walk is None and token:
        walk = links.walk_from_token(token, municipality.pk)
        walk = walk if walk is not None and walk.pk == pk and walk.status != Walk.Status.CANCELLED else None
    return or_404(walk)


@require_POST
def walk_follow(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    token = request.POST.get("token", "")
    walk = _followable(municipality, pk, token)
    key = ratelimit.client_key(request, purpose="walks.follow")
    if ratelimit.hit("walks:follow", key, window=FOLLOW_WINDOW) > settings.WALKS_FOLLOW_LIMIT:
        return render(request, "walks/public/follow_limited.html", {"municipality": municipality}, status=429)
    form = WalkFollowForm(request.POST)
    if not form.is_valid():
        if token:
            return _page(request, walk, ResidentFindingForm(walk=walk), status=400, follow_form=form)
        return walk_detail(request, slug, pk, follow_form=form)
    services.follower_subscribe(walk=walk, email=form.cleaned_data["email"], language=current_language())
    # The same answer whether or not the address already follows the walk.
    messages.success(request, _("Check your inbox: we have sent a link to confirm that you want to follow this walk."))
    if token:
        return redirect(reverse("walks:public-resident-finding", kwargs={"slug": slug, "token": token}))
    return redirect("walks:public-walk-detail", slug=slug, pk=pk)


def _follower_or_none(municipality: Municipality, token: str, salt: str):
    follower = mail.follower_from_token(token, salt)
    return follower if follower is not None and follower.walk.municipality_id == municipality.pk else None


@require_http_methods(["GET", "POST"])
def follow_confirm(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The link in the confirmation mail asks once more (a GET must not
    confirm: mail scanners open links); the button confirms."""
    municipality = get_object_or_404(Municipality, slug=slug)
    follower = _follower_or_none(municipality, token, mail.CONFIRM_SALT)
    context = {"municipality": municipality, "follower": follower, "done": False}
    if follower is not None and request.method == "POST":
        services.follower_confirm(follower=follower)
        context["done"] = True
    status = 200 if follower is not None else 404
    return render(request, "walks/public/follow_confirm.html", context, status=status)


@require_http_methods(["GET", "POST"])
def unfollow(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    follower = _follower_or_none(municipality, token, mail.UNSUBSCRIBE_SALT)
    context = {"municipality": municipality, "follower": follower, "done": False}
    if request.method == "POST":
        if follower is not None:
            services.follower_unsubscribe(follower=follower)
        # An already spent link still answers "you no longer follow it".
        context["done"] = True
        return render(request, "walks/public/unfollow.html", context)
    status = 200 if follower is not None else 404
    return render(request, "walks/public/unfollow.html", context, status=status)
