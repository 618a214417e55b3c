"""Officials' pages of period analyses and the annual situation picture and
action plan. Contributors draft analyses; coordinators approve them and
write the annual plan; readers read. Every object is loaded through a
queryset scoped to `request.municipality`."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from portal import est
from portal.models import Role
from portal.scoping import municipality_view
from portal.shortcuts import or_404

from ..weeks import local_today
from . import forms, pdf, selectors, services
from .models import AnalysisLink, AnnualPlan, PeriodAnalysis
from .present import link_entry, links, plan_document, present


def _figures(analysis: PeriodAnalysis) -> dict:
    """Stored figures of an approved analysis; a draft's, computed now."""
    if analysis.is_approved:
        return analysis.figures
    return selectors.period_figures(municipality=analysis.municipality, period=analysis.period)


ANALYSIS = "situation_reports:analysis-detail"
PLAN = "situation_reports:plan-detail"
LIST = "situation_reports:analysis-list"


def _refused(request: HttpRequest, error: services.AnalysisError, target: str, pk: int) -> HttpResponse:
    messages.error(request, str(error))
    return redirect(target, municipality_slug=request.municipality.slug, pk=pk)


def _confirmed(
    request: HttpRequest, obj: PeriodAnalysis | AnnualPlan, page: str, act: Callable, success: str, *, done: str
) -> HttpResponse:
    """The confirmation `page` (GET), then `act()` (POST): to `done` with
    `success` (the object's page, or the list), or back to the object's page
    with the service's refusal."""
    name, detail = ("analysis", ANALYSIS) if isinstance(obj, PeriodAnalysis) else ("plan", PLAN)
    if request.method != "POST":
        return render(request, f"situation_reports/analyses/{page}.html", {name: obj})
    try:
        act()
    except services.AnalysisError as error:
        return _refused(request, error, detail, obj.pk)
    messages.success(request, success)
    kwargs = {} if done == LIST else {"pk": obj.pk}
    return redirect(done, municipality_slug=request.municipality.slug, **kwargs)


# --- Analyses -------------------------------------------------------------------------


@municipality_view()
def analysis_list(request: HttpRequest) -> HttpResponse:
    context = {
        "analyses": selectors.analysis_list(municipality=request.municipality),
        "plans": selectors.plan_list(municipality=request.municipality),
    }
    return render(request, "situation_reports/analyses/analysis_list.html", context)


@municipality_view(Role.CONTRIBUTOR)
def analysis_create(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality
    form = forms.AnalysisCreateForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            analysis = services.analysis_create(
                municipality=municipality, period=form.cleaned_data["period"], actor=request.user
            )
        except services.AnalysisError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The analysis was created. Its figures are computed from the weekly reports."))
            return redirect("situation_reports:analysis-detail", municipality_slug=municipality.slug, pk=analysis.pk)
    return render(request, "situation_reports/analyses/analysis_create.html", {"form": form})


@municipality_view()
def analysis_detail(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = or_404(selectors.analysis_get(municipality=request.municipality, pk=pk))
    figures = _figures(analysis)
    live = [] if analysis.is_approved else [link_entry(link) for link in analysis.links.all()]
    entries = figures.get("links", []) if analysis.is_approved else live
    context = {
        "analysis": analysis,
        "period": analysis.period,
        "figures": present(figures, kind=analysis.kind),
        "links": links(entries),
        "period_over": local_today(request.municipality.timezone) > analysis.period.end,
    }
    return render(request, "situation_reports/analyses/analysis_detail.html", context)


@municipality_view(Role.CONTRIBUTOR)
def analysis_edit(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = get_object_or_404(PeriodAnalysis.objects.for_municipality(request.municipality), pk=pk)
    if analysis.is_approved:
        return _refused(
            request,
            services.AnalysisError(_("An approved analysis can no longer be changed.")),
            "situation_reports:analysis-detail",
            pk,
        )
    form = forms.AnalysisTextForm(request.POST or None, instance=analysis)
    if request.method == "POST" and form.is_valid():
        try:
            services.analysis_update(
                analysis=analysis,
                actor=request.user,
                analysis_text=form.cleaned_data["analysis"],
                conclusions=form.cleaned_data["conclusions"],
                proposed_priorities=form.cleaned_data["proposed_priorities"],
            )
        except services.AnalysisError as error:
            return _refused(request, error, "situation_reports:analysis-detail", pk)
        est.record_confirmation(form, actor=request.user, municipality=request.municipality, obj=analysis)
        messages.success(request, _("The analysis was saved."))
        return redirect("situation_reports:analysis-detail", municipality_slug=request.municipality.slug, pk=pk)
    return render(request, "situation_reports/analyses/analysis_form.html", {"form": form, "analysis": analysis})


@municipality_view(Role.COORDINATOR)
def analysis_approve(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = get_object_or_404(
        PeriodAnalysis.objects.for_municipality(request.municipality).select_related("approved_by"), pk=pk
    )
    today = local_today(request.municipality.timezone)
    act = partial(services.analysis_approve, analysis=analysis, actor=request.user, today=today)
    return _confirmed(
        request,
        analysis,
        "analysis_approve",
        act,
        _("The analysis was approved. Its figures are now stored and will not change."),
        done=ANALYSIS,
    )


@municipality_view(Role.COORDINATOR)
def analysis_delete(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = get_object_or_404(PeriodAnalysis.objects.for_municipality(request.municipality), pk=pk)
    act = partial(services.analysis_delete, analysis=analysis, actor=request.user)
    return _confirmed(request, analysis, "analysis_delete", act, _("The draft analysis was deleted."), done=LIST)


@municipality_view(Role.CONTRIBUTOR)
def link_edit(request: HttpRequest, pk: int, link_pk: int | None = None) -> HttpResponse:
    analysis = get_object_or_404(PeriodAnalysis.objects.for_municipality(request.municipality), pk=pk)
    if analysis.is_approved:
        return _refused(
            request,
            services.AnalysisError(_("An approved analysis can no longer be changed.")),
            "situation_reports:analysis-detail",
            pk,
        )
    link = AnalysisLink(analysis=analysis)
    if link_pk is not None:
        link = get_object_or_404(
            AnalysisLink.objects.for_municipality(request.municipality), pk=link_pk, analysis=analysis
        )
    figures = _figures(analysis) if link.pk is None else {}
    initial = {"subject": request.GET.get("amne", "")}
    form = forms.LinkForm(request.POST or None, instance=link, analysis=analysis, figures=figures, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.link_save(
                link=form.save(),
                priorities=form.cleaned_data["priorities"],
                commitments=form.cleaned_data["commitments"],
                actor=request.user,
            )
        except services.AnalysisError as error:
            return _refused(request, error, "situation_reports:analysis-detail", pk)
        est.record_confirmation(form, actor=request.user, municipality=request.municipality, obj=analysis)
        messages.success(request, _("The link was saved."))
        return redirect("situation_reports:analysis-detail", municipality_slug=request.municipality.slug, pk=pk)
    context = {"form": form, "analysis": analysis, "link": link}
    return render(request, "situation_reports/analyses/link_form.html", context)


@municipality_view(Role.CONTRIBUTOR)
def link_delete(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    link = get_object_or_404(
        AnalysisLink.objects.for_municipality(request.municipality).select_related("analysis", "place", "category"),
        pk=link_pk,
        analysis_id=pk,
    )
    if request.method == "POST":
        try:
            services.link_delete(link=link, actor=request.user)
        except services.AnalysisError as error:
            return _refused(request, error, "situation_reports:analysis-detail", pk)
        messages.success(request, _("The link was removed."))
        return redirect("situation_reports:analysis-detail", municipality_slug=request.municipality.slug, pk=pk)
    return render(request, "situation_reports/analyses/link_delete.html", {"link": link, "analysis": link.analysis})


# --- Annual plans ---------------------------------------------------------------------


@municipality_view(Role.COORDINATOR)
def plan_create(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality
    initial = {"year": local_today(municipality.timezone).year}
    form = forms.PlanCreateForm(request.POST or None, municipality=municipality, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(municipality=municipality, year=form.cleaned_data["year"], actor=request.user)
        except services.AnalysisError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "A draft was made from the year's approved analyses, the agreement and the pledges. "
                    "Rewrite it as needed."
                ),
            )
            return redirect("situation_reports:plan-edit", municipality_slug=municipality.slug, pk=plan.pk)
    return render(request, "situation_reports/analyses/plan_create.html", {"form": form})


def _document_context(plan: AnnualPlan) -> dict:
    return {"plan": plan, "document": plan_document(selectors.plan_source_analyses(plan=plan))}


@municipality_view()
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = or_404(selectors.plan_get(municipality=request.municipality, pk=pk))
    context = {**_document_context(plan), "pdf_available": pdf.weasyprint_available()}
    return render(request, "situation_reports/analyses/plan_detail.html", context)


@municipality_view(Role.COORDINATOR)
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    plan = get_object_or_404(AnnualPlan.objects.for_municipality(municipality), pk=pk)
    if plan.is_approved:
        return _refused(
            request,
            services.AnalysisError(_("An approved situation picture and action plan can no longer be changed.")),
            "situation_reports:plan-detail",
            pk,
        )
    data = request.POST if request.method == "POST" else None
    form = forms.PlanForm(data, instance=plan)
    measures = forms.MeasureFormSet(data, instance=plan, prefix="measures", form_kwargs={"municipality": municipality})
    if data is not None and form.is_valid() and measures.is_valid():
        try:
            services.plan_update(plan=plan, actor=request.user, data=form.cleaned_data, measures=measures)
        except services.AnalysisError as error:
            return _refused(request, error, "situation_reports:plan-detail", pk)
        est.record_confirmation(form, actor=request.user, municipality=municipality, obj=plan)
        est.record_row_confirmations(measures, actor=request.user, municipality=municipality)
        messages.success(request, _("The situation picture and action plan was saved."))
        return redirect("situation_reports:plan-detail", municipality_slug=municipality.slug, pk=pk)
    return render(
        request, "situation_reports/analyses/plan_form.html", {"form": form, "measures": measures, "plan": plan}
    )


@municipality_view(Role.COORDINATOR)
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(
        AnnualPlan.objects.for_municipality(request.municipality).select_related("approved_by"), pk=pk
    )
    act = partial(services.plan_approve, plan=plan, actor=request.user)
    return _confirmed(
        request, plan, "plan_approve", act, _("The situation picture and action plan was approved."), done=PLAN
    )


@municipality_view(Role.COORDINATOR)
def plan_delete(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(AnnualPlan.objects.for_municipality(request.municipality), pk=pk)
    act = partial(services.plan_delete, plan=plan, actor=request.user)
    return _confirmed(
        request, plan, "plan_delete", act, _("The draft situation picture and action plan was deleted."), done=LIST
    )


@municipality_view()
def plan_print(request: HttpRequest, pk: int) -> HttpResponse:
    plan = or_404(selectors.plan_get(municipality=request.municipality, pk=pk))
    return render(request, "situation_reports/analyses/plan_print.html", _document_context(plan))


@municipality_view()
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    plan = or_404(selectors.plan_get(municipality=request.municipality, pk=pk))
    html = render_to_string("situation_reports/analyses/plan_pdf.html", _document_context(plan), request=request)
    try:
        content = pdf.html_to_pdf(html)
    except pdf.PdfUnavailableError:
        messages.error(request, _("The PDF cannot be made on this server; use the printable page instead."))
        return redirect("situation_reports:plan-print", municipality_slug=request.municipality.slug, pk=pk)
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"lagesbild-och-atgardsplan-{request.municipality.slug}-{plan.year}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
