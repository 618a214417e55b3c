"""Residents' pages: the tip form, its receipt and the follow-up with the
receipt code. No login; nothing here stores who the resident is."""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal import outage
from portal.languages import current_language
from portal.models import Municipality

from . import antiabuse, blank_form, receipts, recent, selectors, services
from .forms import ReceiptCodeForm, ResidentReplyForm, StatusEmailForm, TipForm
from .headers import resident_page
from .photos import MAX_TOTAL_BYTES, megabytes, photos_to_leave_out

logger = logging.getLogger(__name__)

# Requests beyond this are refused before their body is read.
MAX_REQUEST_BYTES = MAX_TOTAL_BYTES + 1024 * 1024  # the text fields are a few kB
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
    url = reverse("tips:tip-receipt", kwargs={"slug": municipality.slug})

    def rendered(shown_code: str) -> HttpResponse:
        context = {"municipality": municipality, "code": shown_code, "receipt_url": url}
        return render(request, "tips/public/tip_receipt.html", context)

    response = blank_form.receipt(request, municipality.slug, municipality.pk, code, rendered)
    recent.remember(response, recent.RECEIPT, code, path=url)
    return response


@partial(resident_page, max_upload=0)
@require_http_methods(["GET"])
def tip_receipt(request: HttpRequest, slug: str) -> HttpResponse:
    """The receipt again, for a quarter of an hour, from the resident's own cookie."""
    municipality = get_object_or_404(Municipality, slug=slug)
    code = recent.recall(request, recent.RECEIPT)
    if code is None:
        return redirect("tips:follow-up")
    url = reverse("tips:tip-receipt", kwargs={"slug": slug})
    context = {"municipality": municipality, "code": code, "receipt_url": url}
    return render(request, "tips/public/tip_receipt.html", context)


@partial(resident_page, max_upload=MAX_REQUEST_BYTES)
@require_http_methods(["GET", "POST"])
def tip_create(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method == "GET" and (kept := blank_form.serve(request, slug)) is not None:
        return kept
    municipality = blank_form.municipality(slug)
    if request.method == "GET":
        return _blank_form_page(request, municipality)
    if getattr(request, "skipped_uploads", None) is not None:
        return _too_large(request, municipality)
    client = antiabuse.client_key(request)
    form = TipForm(request.POST, request.FILES, municipality=municipality)
    form_token = request.POST.get("form_token", "")
    # Counted as it arrives, once per form; given back unless a tip is stored.
    with antiabuse.claim(SUBMIT, client, form_token, settings.TIPS_SUBMIT_LIMIT) as claim:
        if form.is_bot:
            logger.info("Tip form honeypot filled in; nothing stored")
            claim.keep()
            return _receipt(request, municipality, receipts.code_for_nonce(receipts.new_nonce()))
        if claim.limited:
            error = _("You have sent many tips in a short time. Wait an hour and try again, or call the municipality.")
            return _form_page(request, municipality, form, status=429, error=error)
        try:
            token = antiabuse.check_token(form_token, municipality.pk)
        except antiabuse.TokenError as problem:
            return _form_page(request, municipality, form, status=400, error=_token_message(problem.reason))
        if not form.is_valid():
            return _form_page(request, municipality, form, status=400, photos_lost=bool(request.FILES))
        try:
            submitted = services.tip_submit(
                municipality=municipality,
                data=form.cleaned_data,
                photos=form.cleaned_data["photos"],
                nonce=token.nonce,
                language=current_language(),
            )
        except services.AlreadySubmitted:
            return render(request, "tips/public/tip_already_sent.html", {"municipality": municipality}, status=409)
        if not submitted.duplicate:
            claim.keep()
        return _receipt(request, municipality, submitted.code)


def _too_large(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """A request beyond MAX_REQUEST_BYTES: its files were read past (see
    headers.resident_page); the text comes back with the photos to leave out."""
    form = TipForm(request.POST, municipality=municipality)  # reading POST reads past the files, measuring them
    leave_out = photos_to_leave_out(request.skipped_uploads)
    names = ", ".join(f"{name[:80]} ({megabytes(size)} MB)" for name, size in leave_out)
    error = _(
        "The photos were too large to send together: at most 4 photos of 10 MB each. "
        "Your text is kept below. Choose the photos again and leave out: %(names)s."
    ) % {"names": names or _("the largest ones")}
    return _form_page(request, municipality, form, status=413, error=error)


def _kept_during_outage() -> list[tuple[str, str, bool]]:
    """The tip's text fields that the 503 page gives back when the database
    is down (portal/outage.py); choices and the form token ride along hidden."""
    fields = TipForm.base_fields
    return [
        (name, str(fields[name].label), name == "description")
        for name in ("description", "where_text", "when_text", "contact_name", "contact_email", "contact_phone")
    ]


outage.keep_posted_text(tip_create, _kept_during_outage)


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
        typed = str(request.POST.get("code", ""))[:64]  # kept, so a typo can be corrected
        context = {"form": ReceiptCodeForm(initial={"code": typed}), "not_found": True}
        return render(request, "tips/public/follow_up.html", context)
    action = request.POST.get("action")
    if action in ("status_email", "status_email_stop"):
        return _status_email(request, tip, code_form.cleaned_data["code"], stop=action == "status_email_stop")
    reply_form = ResidentReplyForm(request.POST if action == "reply" else None)
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
    return _status_page(request, tip, code_form.cleaned_data["code"], reply_form, sent=sent)


def _status_email(request: HttpRequest, tip, code: str, *, stop: bool) -> HttpResponse:
    """Start (or stop) the status e-mails for this tip."""
    form = StatusEmailForm(request.POST if not stop else {"status_email": ""})
    notice = ""
    if form.is_valid():
        address = form.cleaned_data["status_email"]
        if not address and not stop:
            form.add_error("status_email", _("Give an e-mail address."))
        else:
            try:
                tip = services.tip_status_email_set(tip=tip, address=address)
                notice = _("We will e-mail you when the status changes.") if address else _("No more e-mails.")
                form = StatusEmailForm()
            except services.TipClosedError:
                form.add_error(None, _("The tip is closed; it can no longer receive messages."))
    return _status_page(request, tip, code, ResidentReplyForm(), sent=False, status_form=form, notice=notice)


def _status_page(
    request: HttpRequest,
    tip,
    code: str,
    reply_form: ResidentReplyForm,
    *,
    sent: bool,
    status_form: StatusEmailForm | None = None,
    notice: str = "",
) -> HttpResponse:
    _speak_tips_language(request, tip)
    url = reverse("tips:follow-up-recent")
    context = {
        "tip": tip,
        "municipality": tip.municipality,
        "code": code,
        "reply_form": reply_form,
        "sent": sent,
        "status_url": url,
        "status_form": status_form or StatusEmailForm(),
        "notice": notice,
    }
    response = render(request, "tips/public/follow_up_status.html", context)
    recent.remember(response, recent.FOLLOW_UP, code, path=url)
    return response


def _speak_tips_language(request: HttpRequest, tip) -> None:
    """A resident who arrives without a chosen language (no language cookie:
    another phone, a cleared browser) reads their tip's thread in the
    language they wrote it in, if the municipality still offers it. A
    language they chose wins."""
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES or request.user.is_authenticated:
        return
    if tip.language in tip.municipality.offered_languages():
        translation.activate(tip.language)
        request.LANGUAGE_CODE = tip.language


@partial(resident_page, max_upload=0)
@require_http_methods(["GET"])
def follow_up_recent(request: HttpRequest) -> HttpResponse:
    """The tip last looked up in this browser, for a quarter of an hour."""
    code = recent.recall(request, recent.FOLLOW_UP)
    tip = selectors.tip_get_by_code(code=code) if code else None
    if tip is None:
        return redirect("tips:follow-up")
    return _status_page(request, tip, code, ResidentReplyForm(), sent=False)
