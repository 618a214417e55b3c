"""Officials' pages: triage list, detail with its actions, registering a
tip that came by another channel, CSV export, photos and reply templates.

Every view resolves its municipality through `municipality_view` (404 for
non-members) and loads tips only through the municipality's queryset.
Viewing a tip's detail is recorded as an audit event.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import pagecache, streaming
from portal.links import Link
from portal.models import Organisation, Role
from portal.scoping import municipality_view
from portal.sections import object_sections
from portal.spreadsheets import csv_response

from . import receipts, selectors, services
from .forms import (
    MessageForm,
    OfficialTipForm,
    ReplyTemplateForm,
    RetentionForm,
    ShareForm,
    TemplateChoiceForm,
    TipFilterForm,
    TipStatusForm,
    TipTriageForm,
)
from .headers import private_page
from .models import ReplyTemplate, Tip, TipPhoto

PAGE_SIZE = 25


def _require_handler(request: HttpRequest) -> None:
    """Only tip handlers act on tips, export them and see their photos."""
    if not request.membership.handles_tips:
        raise PermissionDenied


def _tip_or_404(request: HttpRequest, pk: int) -> Tip:
    """A tip the member may see (404 otherwise), for an action only a handler
    may take (403 for others who can see it)."""
    tip = get_object_or_404(Tip.objects.visible_to(request.membership).select_related("municipality"), pk=pk)
    _require_handler(request)
    return tip


def _to_detail(tip: Tip) -> HttpResponse:
    return redirect("tips:tip-detail", municipality_slug=tip.municipality.slug, pk=tip.pk)


@private_page
@municipality_view(Role.CONTRIBUTOR)
def tip_list(request: HttpRequest) -> HttpResponse:
    form = TipFilterForm(request.GET or None, municipality=request.municipality)
    filters = form.cleaned_data if form.is_valid() else {}
    tips = selectors.tip_list(membership=request.membership, filters=filters)
    page = selectors.tip_page(tips=tips, number=request.GET.get("page"), per_page=PAGE_SIZE)
    tip_link = Link("tips:tip-detail", request.municipality.slug)  # one reverse() for the page's rows
    for tip in page.object_list:
        tip.url = tip_link.for_id(tip.pk)
    services.tip_record_listed(tips=page.object_list, actor=request.user, municipality=request.municipality)
    query = {key: value for key, value in request.GET.items() if key != "page" and value}
    context = {
        "filter_form": form,
        "filter_fields": _filter_fields(request, form),
        "page_obj": page,
        "querystring_base": urlencode(query),
        "filtered": bool(query),
        "counts": selectors.tip_counts(membership=request.membership),
    }
    return render(request, "tips/tip_list.html", context)


def _filter_fields(request: HttpRequest, form: TipFilterForm) -> str:
    """The filter form's fields. Without a filter in the query they are the
    same for every official of the municipality (crispy renders a template
    per field, and a large municipality has ~150 places): rendered once per
    municipality, language and change of its places or the categories."""

    def render_fields() -> str:
        return render_to_string("tips/_tip_filter_fields.html", {"filter_form": form})

    if any(name in request.GET for name in form.fields):
        return render_fields()
    municipality_id = request.municipality.pk
    versions = pagecache.versions(f"places:{municipality_id}", "categories")
    if versions is None:  # the cache is down: render, keep nothing
        return render_fields()
    key = ("tip-filter", municipality_id, get_language(), form.is_bound, *versions)
    return pagecache.get_or_render(key, render_fields)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_cell(value) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


@private_page
@municipality_view(Role.CONTRIBUTOR)
def tip_export(request: HttpRequest) -> HttpResponse:
    _require_handler(request)
    form = TipFilterForm(request.GET or None, municipality=request.municipality)
    tips = selectors.tip_list(membership=request.membership, filters=form.cleaned_data if form.is_valid() else {})
    tip_ids = list(tips.values_list("pk", flat=True))
    services.audit_record(
        actor=request.user, action="tip.exported", municipality=request.municipality, detail=f"rows={len(tip_ids)}"
    )
    services.tip_record_exported(tip_ids=tip_ids, actor=request.user, municipality=request.municipality)
    header = [
        _("Number"),
        _("Received"),
        _("Channel"),
        _("Status"),
        _("Category"),
        _("Place"),
        _("Where"),
        _("When"),
        _("What happened"),
        _("Registry number"),
    ]
    rows = (
        [
            tip.pk,
            timezone.localtime(tip.created).strftime("%Y-%m-%d %H:%M"),
            tip.get_channel_display(),
            tip.get_status_display(),
            tip.category.name if tip.category else "",
            tip.place.name if tip.place else "",
            tip.where_text,
            tip.when_text,
            tip.description,
            tip.registry_number,
        ]
        for tip in streaming.iterate(tips, chunk_size=500)
    )
    return csv_response(f"tips-{request.municipality.slug}-{timezone.localdate():%Y-%m-%d}.csv", header, rows)


@private_page
@municipality_view(Role.CONTRIBUTOR)
def tip_detail(request: HttpRequest, pk: int) -> HttpResponse:
    tip = selectors.tip_get_for_official(membership=request.membership, pk=pk)
    if tip is None:
        raise Http404
    services.tip_record_view(tip=tip, actor=request.user)
    return _render_detail(request, tip)


def _render_detail(request: HttpRequest, tip: Tip, status: int = 200, **forms) -> HttpResponse:
    municipality = request.municipality
    handler = request.membership.handles_tips
    if not handler:
        context = {
            "tip": tip,
            "handler": False,
            "show_contact": selectors.tip_contact_visible(membership=request.membership, tip=tip),
            "access_log": None,
            "object_sections": object_sections(request, tip),
        }
        return render(request, "tips/tip_detail.html", context, status=status)
    message_form = forms.get("message_form")
    if message_form is None:
        template = _chosen_template(request)
        message_form = MessageForm(initial={"body": template.body} if template else None)
    context = {
        "tip": tip,
        "status_form": forms.get("status_form")
        or TipStatusForm(
            initial={"status": tip.status, "close_reason": tip.close_reason, "close_note": tip.close_note}
        ),
        "triage_form": forms.get("triage_form") or TipTriageForm(instance=tip, municipality=municipality),
        "message_form": message_form,
        "template_form": TemplateChoiceForm(request.GET or None, municipality=municipality, language=tip.language),
        "has_templates": ReplyTemplate.objects.for_municipality(municipality).exists(),
        "access_log": selectors.tip_access_log(tip=tip)[:50] if request.membership.is_coordinator else None,
        "object_sections": object_sections(request, tip),
        "handler": True,
        "show_contact": True,
        "share_form": forms.get("share_form") or ShareForm(municipality=municipality),
    }
    return render(request, "tips/tip_detail.html", context, status=status)


def _chosen_template(request: HttpRequest) -> ReplyTemplate | None:
    if "template" not in request.GET:
        return None
    form = TemplateChoiceForm(request.GET, municipality=request.municipality)
    return form.cleaned_data["template"] if form.is_valid() else None


def _reload(request: HttpRequest, tip: Tip) -> Tip:
    return selectors.tip_get_for_official(membership=request.membership, pk=tip.pk)


@private_page
@require_POST
@municipality_view(Role.CONTRIBUTOR)
def tip_status(request: HttpRequest, pk: int) -> HttpResponse:
    tip = _tip_or_404(request, pk)
    form = TipStatusForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, _reload(request, tip), status=400, status_form=form)
    services.tip_set_status(tip=tip, actor=request.user, **form.cleaned_data)
    messages.success(request, _("The status was changed to “%(status)s”.") % {"status": tip.get_status_display()})
    return _to_detail(tip)


@private_page
@require_POST
@municipality_view(Role.CONTRIBUTOR)
def tip_triage(request: HttpRequest, pk: int) -> HttpResponse:
    tip = _tip_or_404(request, pk)
    form = TipTriageForm(request.POST, instance=_tip_or_404(request, pk), municipality=request.municipality)
    if not form.is_valid():
        return _render_detail(request, _reload(request, tip), status=400, triage_form=form)
    services.tip_update(tip=tip, actor=request.user, data=form.cleaned_data)
    messages.success(request, _("The tip was saved."))
    return _to_detail(tip)


@private_page
@require_POST
@municipality_view(Role.CONTRIBUTOR)
def tip_message(request: HttpRequest, pk: int) -> HttpResponse:
    tip = _tip_or_404(request, pk)
    form = MessageForm(request.POST)
    if tip.is_finished or tip.personal_data_erased_at:
        form.add_error(None, _("The tip is closed. Reopen it to write to the resident."))
    if not form.is_valid():
        return _render_detail(request, _reload(request, tip), status=400, message_form=form)
    services.tip_message_send(tip=tip, actor=request.user, body=form.cleaned_data["body"])
    messages.success(request, _("The message was sent. The resident sees it when they follow up with their code."))
    return _to_detail(tip)


@private_page
@require_POST
@municipality_view(Role.CONTRIBUTOR)
def tip_review(request: HttpRequest, pk: int) -> HttpResponse:
    tip = _tip_or_404(request, pk)
    services.tip_mark_reviewed(tip=tip, actor=request.user)
    messages.success(request, _("The confidentiality review was recorded."))
    return _to_detail(tip)


@private_page
@municipality_view(Role.CONTRIBUTOR)
def tip_photo(request: HttpRequest, pk: int, photo_pk: int) -> FileResponse:
    _tip_or_404(request, pk)
    photo = get_object_or_404(
        TipPhoto.objects.for_municipality(request.municipality).select_related("tip"), tip_id=pk, pk=photo_pk
    )
    services.tip_record_view(tip=photo.tip, actor=request.user, what="tip.photo_downloaded")
    response = FileResponse(
        photo.image.open("rb"),
        as_attachment=True,
        filename=f"tips-{pk}-{photo_pk}.jpg",
        content_type="image/jpeg",
    )
    return response


REGISTERED_RECEIPT = "tips.registered-receipt"


@private_page
@municipality_view(Role.CONTRIBUTOR)
def tip_register(request: HttpRequest) -> HttpResponse:
    """Register a tip that came by phone, email, a visit or a safety walk.

    The receipt code is shown once, on the GET after the redirect: it rides
    in the session between the two requests and is removed as it is shown,
    so a reload shows a blank form and never registers the tip again."""
    _require_handler(request)
    if request.method == "GET" and (receipt := request.session.pop(REGISTERED_RECEIPT, None)):
        tip = Tip.objects.for_municipality(request.municipality).filter(pk=receipt["tip"]).first()
        if tip is not None:
            return render(request, "tips/tip_registered.html", {"tip": tip, "code": receipt["code"]})
    form = OfficialTipForm(request.POST or None, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        submitted = services.tip_submit(
            municipality=request.municipality,
            data=data,
            photos=[],
            nonce=receipts.new_nonce(),
            channel=data["channel"],
            registered_by=request.user,
        )
        request.session[REGISTERED_RECEIPT] = {"tip": submitted.tip.pk, "code": submitted.code}
        return redirect("tips:tip-register", municipality_slug=request.municipality.slug)
    return render(request, "tips/tip_register.html", {"form": form})


@private_page
@require_POST
@municipality_view(Role.CONTRIBUTOR)
def tip_share(request: HttpRequest, pk: int) -> HttpResponse:
    """Share the tip with an organisation of the municipality ("dela med
    Botkyrkabyggen"). An organisation outside the municipality answers 404."""
    tip = _tip_or_404(request, pk)
    if request.POST.get("organisation"):
        _organisation_or_404(request, request.POST["organisation"])
    form = ShareForm(request.POST, municipality=request.municipality)
    if not form.is_valid():
        return _render_detail(request, _reload(request, tip), status=400, share_form=form)
    share = services.tip_share(tip=tip, actor=request.user, **form.cleaned_data)
    messages.success(request, _("The tip was shared with %(organisation)s.") % {"organisation": share.organisation})
    return _to_detail(tip)


@private_page
@require_POST
@municipality_view(Role.CONTRIBUTOR)
def tip_unshare(request: HttpRequest, pk: int, organisation_pk: int) -> HttpResponse:
    tip = _tip_or_404(request, pk)
    organisation = _organisation_or_404(request, organisation_pk)
    if services.tip_unshare(tip=tip, actor=request.user, organisation=organisation):
        messages.success(
            request, _("The tip is no longer shared with %(organisation)s.") % {"organisation": organisation}
        )
    return _to_detail(tip)


def _organisation_or_404(request: HttpRequest, pk) -> Organisation:
    if not str(pk or "").isdigit():
        raise Http404
    return get_object_or_404(Organisation.objects.filter(municipalities=request.municipality), pk=int(pk))


# --- Reply templates (coordinators) ------------------------------------------


@municipality_view(Role.CONTRIBUTOR)
def reply_template_list(request: HttpRequest) -> HttpResponse:
    templates = ReplyTemplate.objects.for_municipality(request.municipality)
    page = Paginator(templates, 50).get_page(request.GET.get("page"))
    return render(request, "tips/replytemplate_list.html", {"page_obj": page})


@municipality_view(Role.COORDINATOR)
def reply_template_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    template = None
    if pk is not None:
        template = get_object_or_404(ReplyTemplate.objects.for_municipality(request.municipality), pk=pk)
    form = ReplyTemplateForm(request.POST or None, instance=template, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        services.reply_template_save(template=form.instance, actor=request.user)
        messages.success(request, _("The reply template was saved."))
        return redirect("tips:reply-template-list", municipality_slug=request.municipality.slug)
    return render(request, "tips/replytemplate_form.html", {"form": form, "template": template})


@municipality_view(Role.COORDINATOR)
def reply_template_delete(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(ReplyTemplate.objects.for_municipality(request.municipality), pk=pk)
    if request.method == "POST":
        services.reply_template_delete(template=template, actor=request.user)
        messages.success(request, _("The reply template was deleted."))
        return redirect("tips:reply-template-list", municipality_slug=request.municipality.slug)
    return render(request, "tips/replytemplate_confirm_delete.html", {"template": template})


@municipality_view(Role.COORDINATOR)
def tip_settings(request: HttpRequest) -> HttpResponse:
    """How long the municipality keeps closed tips' personal data."""
    municipality = request.municipality
    form = RetentionForm(request.POST or None, initial={"tip_retention_days": municipality.tip_retention_days})
    if request.method == "POST" and form.is_valid():
        services.municipality_set_retention(
            municipality=municipality, actor=request.user, days=form.cleaned_data["tip_retention_days"]
        )
        messages.success(request, _("The retention period was saved."))
        return redirect("tips:tip-list", municipality_slug=municipality.slug)
    return render(request, "tips/tip_settings.html", {"form": form})
