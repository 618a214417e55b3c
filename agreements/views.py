"""Officials' pages: agreements and pledges of the municipality in the URL.

Coordinators edit; contributors add progress updates; readers read. Every
object is loaded through a queryset scoped to `request.municipality`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import est
from portal.models import Role
from portal.scoping import municipality_view, require_role
from portal.sections import object_sections
from portal.shortcuts import or_404

from . import forms, selectors, services
from .models import Agreement, CitizenPledge, Commitment, FocusArea, ProgressUpdate

PAGE_SIZE = 25


def _page(request: HttpRequest, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


# --- Agreements ------------------------------------------------------------------


@municipality_view()
def agreement_list(request: HttpRequest) -> HttpResponse:
    page = _page(request, selectors.agreement_list(municipality=request.municipality))
    return render(request, "agreements/agreement_list.html", {"page_obj": page})


@municipality_view()
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = or_404(selectors.agreement_get(municipality=request.municipality, pk=pk))
    context = {"agreement": agreement, "object_sections": object_sections(request, agreement)}
    return render(request, "agreements/agreement_detail.html", context)


@dataclass(frozen=True)
class _Editor:
    """How an agreement or a pledge is edited: its form, its ordered rows
    (priorities, focus areas) and signatories, the service that saves them;
    `name` names its template, context, URL and the service's argument."""

    model: type[Agreement | CitizenPledge]
    name: str
    form_class: type
    rows_formset: Callable
    rows_prefix: str
    rows_name: str
    signatory_formset: type
    service: str
    saved: str


def _document_edit(request: HttpRequest, pk: int | None, editor: _Editor) -> HttpResponse:
    """A new document (three empty rows) or the municipality's own `pk`;
    saved when a POST is not "add a row" and is valid throughout."""
    municipality = request.municipality
    if pk is None:
        document = editor.model(municipality=municipality)
    else:
        document = get_object_or_404(editor.model.objects.for_municipality(municipality), pk=pk)
    data = request.POST if request.method == "POST" else None
    files = request.FILES if data is not None else None
    data, adding = forms.with_added_row(data, (editor.rows_prefix, "signatories"))
    form = editor.form_class(data, files, instance=document, municipality=municipality)
    rows = editor.rows_formset(extra=3 if pk is None else 1)(data, instance=document, prefix=editor.rows_prefix)
    signatories = editor.signatory_formset(
        data, instance=document, prefix="signatories", form_kwargs={"municipality": municipality}
    )
    if data is not None and not adding and form.is_valid() and rows.is_valid() and signatories.is_valid():
        document = getattr(services, editor.service)(
            actor=request.user,
            parties=list(form.cleaned_data["parties"]),
            signatories=signatories,
            **{editor.name: form.save(commit=False), editor.rows_name: rows},
        )
        est.record_confirmation(form, actor=request.user, municipality=municipality, obj=document)
        est.record_row_confirmations(rows, actor=request.user, municipality=municipality)
        messages.success(request, editor.saved % {"title": document.title})
        return redirect(f"agreements:{editor.name}-detail", municipality_slug=municipality.slug, pk=document.pk)
    context = {"form": form, editor.rows_name: rows, "signatories": signatories, editor.name: document}
    return render(request, f"agreements/{editor.name}_form.html", context)


AGREEMENT_EDITOR = _Editor(
    model=Agreement,
    name="agreement",
    form_class=forms.AgreementForm,
    rows_formset=forms.priority_formset,
    rows_prefix="priorities",
    rows_name="priorities",
    signatory_formset=forms.AgreementSignatoryFormSet,
    service="agreement_save",
    saved=gettext_lazy("The agreement “%(title)s” was saved."),
)
PLEDGE_EDITOR = _Editor(
    model=CitizenPledge,
    name="pledge",
    form_class=forms.PledgeForm,
    rows_formset=forms.focus_area_formset,
    rows_prefix="areas",
    rows_name="focus_areas",
    signatory_formset=forms.PledgeSignatoryFormSet,
    service="pledge_save",
    saved=gettext_lazy("The pledge “%(title)s” was saved."),
)


@municipality_view(Role.COORDINATOR)
def agreement_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _document_edit(request, pk, AGREEMENT_EDITOR)


def _pdf_response(agreement: Agreement) -> FileResponse:
    if not agreement.document:
        raise Http404
    filename = f"{slugify(agreement.title) or 'overenskommelse'}.pdf"
    return FileResponse(agreement.document.open("rb"), content_type="application/pdf", filename=filename)


@municipality_view()
def agreement_pdf(request: HttpRequest, pk: int) -> FileResponse:
    agreement = get_object_or_404(Agreement.objects.for_municipality(request.municipality), pk=pk)
    return _pdf_response(agreement)


# --- Pledges ---------------------------------------------------------------------


@municipality_view()
def pledge_list(request: HttpRequest) -> HttpResponse:
    page = _page(request, selectors.pledge_list(municipality=request.municipality))
    return render(request, "agreements/pledge_list.html", {"page_obj": page})


@municipality_view()
def pledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = or_404(selectors.pledge_get(municipality=request.municipality, pk=pk))
    areas = [selectors.focus_area_progress(focus_area=area) for area in pledge.focus_areas.all()]
    return render(request, "agreements/pledge_detail.html", {"pledge": pledge, "areas": areas})


@municipality_view(Role.COORDINATOR)
def pledge_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _document_edit(request, pk, PLEDGE_EDITOR)


@municipality_view(Role.COORDINATOR)
def commitments_edit(request: HttpRequest, pk: int, area_pk: int) -> HttpResponse:
    municipality = request.municipality
    area = get_object_or_404(
        FocusArea.objects.for_municipality(municipality).select_related("pledge"), pk=area_pk, pledge_id=pk
    )
    data = request.POST if request.method == "POST" else None
    data, adding = forms.with_added_row(data, ("commitments",))
    commitments = forms.CommitmentFormSet(
        data, instance=area, prefix="commitments", form_kwargs={"municipality": municipality}
    )
    if data is not None and not adding and commitments.is_valid():
        services.commitments_save(actor=request.user, focus_area=area, commitments=commitments)
        est.record_row_confirmations(commitments, actor=request.user, municipality=municipality)
        messages.success(request, _("The commitments of “%(title)s” were saved.") % {"title": area.title})
        return redirect("agreements:pledge-detail", municipality_slug=municipality.slug, pk=area.pledge_id)
    return render(request, "agreements/commitments_form.html", {"area": area, "commitments": commitments})


@municipality_view(Role.COORDINATOR)
def pledge_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what publishing (or unpublishing) will do, with a button; POST: do it."""
    pledge = get_object_or_404(CitizenPledge.objects.for_municipality(request.municipality), pk=pk)
    if request.method == "GET":
        context = {
            "pledge": pledge,
            "unpublish": pledge.is_published,
            "commitments": Commitment.objects.filter(focus_area__pledge=pledge).count(),
            "followers": pledge.followers.filter(confirmed_at__isnull=False).count(),
        }
        return render(request, "agreements/pledge_publish_confirm.html", context)
    if request.POST.get("action") == "unpublish":
        services.pledge_unpublish(actor=request.user, pledge=pledge)
        messages.success(request, _("The pledge is no longer shown to residents."))
    else:
        try:
            services.pledge_publish(actor=request.user, pledge=pledge)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The pledge is published on the municipality's public page."))
    return redirect("agreements:pledge-detail", municipality_slug=request.municipality.slug, pk=pledge.pk)


@municipality_view(Role.COORDINATOR)
def progress_update_correct(request: HttpRequest, pk: int) -> HttpResponse:
    update = get_object_or_404(
        ProgressUpdate.objects.select_related("commitment__focus_area__pledge").filter(
            commitment__focus_area__pledge__municipality=request.municipality
        ),
        pk=pk,
    )
    if update.withdrawn_at is not None:
        raise Http404
    form = forms.ProgressUpdateCorrectionForm(request.POST if request.method == "POST" else None, update=update)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["action"] == "withdrawn":
            services.progress_update_withdraw(actor=request.user, update=update, reason=data["reason"])
            messages.success(request, _("The update was withdrawn."))
        else:
            services.progress_update_correct(
                actor=request.user, update=update, text=data["text"], reason=data["reason"]
            )
            messages.success(request, _("The update was corrected."))
        est.record_confirmation(form, actor=request.user, municipality=request.municipality, obj=update)
        return redirect(
            "agreements:commitment-detail", municipality_slug=request.municipality.slug, pk=update.commitment_id
        )
    pledge = update.commitment.focus_area.pledge
    followers = pledge.followers.filter(confirmed_at__isnull=False).count() if pledge.is_published else 0
    context = {"form": form, "update": update, "followers": followers, "tells": update.is_public and followers}
    return render(request, "agreements/progress_update_correct.html", context)


@municipality_view(Role.COORDINATOR)
def evaluation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = get_object_or_404(
        CitizenPledge.objects.for_municipality(request.municipality).select_related("evaluation"), pk=pk
    )
    evaluation = getattr(pledge, "evaluation", None)
    data = request.POST if request.method == "POST" else None
    form = forms.EvaluationForm(data, instance=evaluation, pledge=pledge)
    if data is not None and form.is_valid():
        evaluation = services.evaluation_record(
            actor=request.user,
            pledge=pledge,
            outcome=form.cleaned_data["outcome"],
            text=form.cleaned_data["text"],
            evaluated_on=form.cleaned_data["evaluated_on"],
            early_reason=form.cleaned_data["early_reason"],
        )
        est.record_confirmation(form, actor=request.user, municipality=request.municipality, obj=evaluation)
        messages.success(request, _("The evaluation was saved."))
        return redirect("agreements:pledge-detail", municipality_slug=request.municipality.slug, pk=pledge.pk)
    return render(request, "agreements/evaluation_form.html", {"form": form, "pledge": pledge})


@municipality_view(Role.COORDINATOR)
def pledge_next_period(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = get_object_or_404(
        CitizenPledge.objects.for_municipality(request.municipality).select_related("evaluation"), pk=pk
    )
    form = forms.NextPeriodForm(request.POST if request.method == "POST" else None, pledge=pledge)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.pledge_start_next_period(actor=request.user, pledge=pledge, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Next period's pledge was started. Review it and publish it when ready."))
            return redirect("agreements:pledge-detail", municipality_slug=request.municipality.slug, pk=new.pk)
    unfinished = Commitment.objects.filter(focus_area__pledge=pledge).unfinished().select_related("focus_area")
    context = {"form": form, "pledge": pledge, "unfinished": unfinished}
    return render(request, "agreements/pledge_next_period.html", context)


@municipality_view()
def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = or_404(selectors.commitment_get(municipality=request.municipality, pk=pk))
    form = forms.ProgressUpdateForm(commitment=commitment)
    if request.method == "POST":
        require_role(request, Role.CONTRIBUTOR)
        form = forms.ProgressUpdateForm(request.POST, commitment=commitment)
        if form.is_valid():
            services.progress_update_add(
                actor=request.user,
                commitment=commitment,
                organisation=request.membership.organisation,
                day=form.cleaned_data["day"],
                text=form.cleaned_data["text"],
                is_public=form.cleaned_data["is_public"],
                status=form.cleaned_data["status"],
                count_reached=form.cleaned_data.get("count_reached"),
            )
            est.record_confirmation(form, actor=request.user, municipality=request.municipality, obj=commitment)
            messages.success(request, _("The progress update was saved."))
            return redirect("agreements:commitment-detail", municipality_slug=request.municipality.slug, pk=pk)
    context = {"commitment": commitment, "pledge": commitment.focus_area.pledge, "form": form}
    return render(request, "agreements/commitment_detail.html", context)


def _due_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    page = _page(request, selectors.commitment_list_due_for_user(user=request.user, today=today))
    return render(request, "agreements/commitment_due_list.html", {"page_obj": page, "today": today})


@municipality_view()
def commitment_due_list(request: HttpRequest) -> HttpResponse:
    """Due commitments in all the user's municipalities, reached from one of them."""
    return _due_page(request)


@login_required
def commitment_due_list_all(request: HttpRequest) -> HttpResponse:
    return _due_page(request)
