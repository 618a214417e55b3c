"""Residents' pages: the tip form, its receipt and the follow-up with the
receipt code. No login; nothing here stores who the resident is."""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.models import Municipality

from . import antiabuse, blank_form, receipts, selectors, services
from .forms import ReceiptCodeForm, ResidentReplyForm, TipForm
from .headers import resident_page
from .photos import MAX_TOTAL_BYTES

logger = logging.getLogger(__name__)

# Requests beyond this are refused before their body is read.
MAX_REQUEST_BYTES = MAX_TOTAL_BYTES + 2 * 1024 * 1024
FOLLOW_UP_MAX_BYTES = 64 * 1024
SUBMIT = "submit"
LOOKUP = "lookup"
REPLY = "reply"
REPLIES_PER_HOUR = 30


def _form_page(
    request: HttpRequest, municipality: Municipality, form: TipForm, status: int = 200, **extra
) -> HttpResponse:
    # Every render carries a fresh token: the old one may have been too fast or too old.
    data = form.data.copy() if form.is_bound else None
    if data is not None:
        data["form_token"] = antiabuse.issue_token(municipality.pk)
        form.data = data
    else:
        form.initial["form_token"] = antiabuse.issue_token(municipality.pk)
    context = {"municipality": municipality, "form": form, **extra}
    return render(request, "tips/public/tip_form.html", context, status=status)


def _blank_form_page(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """A new resident's form; kept rendered for the next ones (see blank_form)."""
    form = TipForm(municipality=municipality)
    response = _form_page(request, municipality, form)
    if blank_form.is_personal(request):
        return response
    html = response.content.decode()
    return blank_form.keep(request, municipality.slug, municipality.pk, html, form.initial["form_token"])


def _receipt(request: HttpRequest, municipality: Municipality, code: str) -> HttpResponse:
    return render(request, "tips/public/tip_receipt.html", {"municipality": municipality, "code": code})


@partial(resident_page, max_upload=MAX_REQUEST_BYTES)
@require_http_methods(["GET", "POST"])
def tip_create(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method == "GET" and (kept := blank_form.serve(request, slug)) is not None:
        return kept
    municipality = get_object_or_404(Municipality, slug=slug)
    if request.method == "GET":
        return _blank_form_page(request, municipality)
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_REQUEST_BYTES:
        form = TipForm(municipality=municipality)
        return _form_page(
            request,
            municipality,
            form,
            status=413,
            error=_("The tip was too large to receive. Photos may be at most 10 MB together."),
        )
    client = antiabuse.client_key(request)
    form = TipForm(request.POST, request.FILES, municipality=municipality)
    if form.is_bot:
        logger.info("Tip form honeypot filled in; nothing stored")
        antiabuse.hit(SUBMIT, client)
        return _receipt(request, municipality, receipts.code_for_nonce(receipts.new_nonce()))
    if antiabuse.is_limited(SUBMIT, client, settings.TIPS_SUBMIT_LIMIT):
        error = _("You have sent many tips in a short time. Wait an hour and try again, or call the municipality.")
        return _form_page(request, municipality, form, status=429, error=error)
    try:
        token = antiabuse.check_token(request.POST.get("form_token", ""), municipality.pk)
    except antiabuse.TokenError as problem:
        return _form_page(request, municipality, form, status=400, error=_token_message(problem.reason))
    if not form.is_valid():
        return _form_page(request, municipality, form, status=400, photos_lost=bool(request.FILES))
    try:
        submitted = services.tip_submit(
            municipality=municipality, data=form.cleaned_data, photos=form.cleaned_data["photos"], nonce=token.nonce
        )
    except services.AlreadySubmitted:
        return render(request, "tips/public/tip_already_sent.html", {"municipality": municipality}, status=409)
    if not submitted.duplicate:
        antiabuse.hit(SUBMIT, client)
    return _receipt(request, municipality, submitted.code)


def _token_message(reason: str) -> str:
    if reason == "too_fast":
        return _("The form was sent very quickly after the page opened. Check your tip and send it again.")
    return _("The form had been open for a long time. Check your tip and send it again.")


@partial(resident_page, max_upload=FOLLOW_UP_MAX_BYTES)
@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest) -> HttpResponse:
    """Show a tip's status and thread for a receipt code; take the resident's
    answer. Every failure gets the same answer, whatever its reason."""
    if request.method == "GET":
        return render(request, "tips/public/follow_up.html", {"form": ReceiptCodeForm()})
    client = antiabuse.client_key(request)
    code_form = ReceiptCodeForm(request.POST)
    tip = None
    if not antiabuse.is_limited(LOOKUP, client, settings.TIPS_LOOKUP_LIMIT) and code_form.is_valid():
        tip = selectors.tip_get_by_code(code=code_form.cleaned_data["code"])
    if tip is None:
        antiabuse.hit(LOOKUP, client)
        context = {"form": ReceiptCodeForm(), "not_found": True}
        return render(request, "tips/public/follow_up.html", context)
    reply_form = ResidentReplyForm(request.POST if request.POST.get("action") == "reply" else None)
    sent = False
    if reply_form.is_bound and antiabuse.is_limited(REPLY, client, REPLIES_PER_HOUR):
        reply_form.add_error(None, _("You have sent many answers in a short time. Wait an hour and try again."))
    if reply_form.is_bound and reply_form.is_valid():
        antiabuse.hit(REPLY, client)
        try:
            services.tip_resident_reply(tip=tip, body=reply_form.cleaned_data["body"])
            sent = True
            reply_form = ResidentReplyForm()
            tip = selectors.tip_get_by_code(code=code_form.cleaned_data["code"])
        except services.TipClosedError:
            reply_form.add_error(None, _("The tip is closed; it can no longer receive messages."))
    context = {"tip": tip, "code": code_form.cleaned_data["code"], "reply_form": reply_form, "sent": sent}
    return render(request, "tips/public/follow_up_status.html", context)
