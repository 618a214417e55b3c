"""Officials' pages: plan a walk, record findings on a phone, turn them into
actions, hold the walk and write its public report.

Contributors plan, record and follow up; coordinators publish the report;
readers read. Every object is loaded through a queryset scoped to
`request.municipality`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import est
from portal.models import Role
from portal.scoping import municipality_view
from portal.shortcuts import or_404

from . import links, selectors, services
from .forms import FindingActionForm, FindingForm, WalkForm, WalkReportForm
from .models import FindingPhoto, Walk

PAGE_SIZE = 25
# The page's own script sends this header; without it the form posts as
# plain HTML and gets a page back (progressive enhancement).
SCRIPT_HEADER = "HTTP_X_WALKS_SCRIPT"


def _walk_or_404(request: HttpRequest, pk: int) -> Walk:
    return or_404(selectors.walk_get(municipality=request.municipality, pk=pk))


def _walk_to_work_on(request: HttpRequest, pk: int) -> Walk:
    """The walk, when the member's organisation takes part (403 otherwise)."""
    walk = _walk_or_404(request, pk)
    _require_taking_part(request, walk)
    return walk


def _require_taking_part(request: HttpRequest, walk: Walk) -> None:
    if not walk.takes_part(request.membership):
        raise PermissionDenied


def wants_json(request: HttpRequest) -> bool:
    return request.META.get(SCRIPT_HEADER) == "1"


def form_errors_json(form) -> JsonResponse:
    """The errors, and whether the form asks for the EST "not about a
    person" tick (the page's script then shows that box)."""
    errors = {name: [str(message) for message in messages_] for name, messages_ in form.errors.items()}
    return JsonResponse({"ok": False, "errors": errors, "est": form.est_flagged}, status=400)


@municipality_view()
def walk_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.walk_list(municipality=request.municipality), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "walks/walk_list.html", {"page_obj": page})


@municipality_view(Role.CONTRIBUTOR)
def walk_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    municipality = request.municipality
    walk = Walk(municipality=municipality) if pk is None else _walk_to_work_on(request, pk)
    data = request.POST if request.method == "POST" else None
    form = WalkForm(data, instance=walk, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        walk = services.walk_save(
            actor=request.user,
            walk=form.save(commit=False),
            organisations=list(form.cleaned_data["organisations"]),
            route=form.cleaned_data["route"],
        )
        est.record_confirmation(form, actor=request.user, municipality=municipality, obj=walk)
        messages.success(request, _("“%(title)s” was saved.") % {"title": walk.title})
        return redirect("walks:walk-detail", municipality_slug=municipality.slug, pk=walk.pk)
    status = 400 if form.is_bound else 200
    return render(request, "walks/walk_form.html", {"form": form, "walk": walk}, status=status)


@municipality_view()
def walk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    walk = _walk_or_404(request, pk)
    taking_part = walk.takes_part(request.membership)
    context = {
        "walk": walk,
        "findings": list(walk.findings.all()),
        "taking_part": taking_part,
        "may_work_on": taking_part and request.membership.can_contribute,
    }
    if context["may_work_on"]:
        context["finding_form"] = FindingForm(walk=walk)
        kwargs = {"slug": walk.municipality.slug, "token": links.resident_token(walk)}
        context["resident_url"] = request.build_absolute_uri(reverse("walks:public-resident-finding", kwargs=kwargs))
    return render(request, "walks/walk_detail.html", context)


@municipality_view(Role.CONTRIBUTOR)
def finding_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a finding. The page's script posts with SCRIPT_HEADER and gets
    JSON (so it can keep a form typed offline and send it again); without
    the script the form posts as a page."""
    walk = _walk_to_work_on(request, pk)
    posted = request.method == "POST"
    form = FindingForm(request.POST if posted else None, request.FILES if posted else None, walk=walk)
    if request.method == "POST" and form.is_valid():
        recorded = services.finding_record(
            walk=walk,
            data=form.cleaned_data,
            photos=form.cleaned_data["photos"],
            idempotency_key=form.cleaned_data["idempotency_key"],
            actor=request.user,
        )
        est.record_confirmation(form, actor=request.user, municipality=walk.municipality, obj=walk)
        if wants_json(request):
            return JsonResponse({"ok": True, "id": recorded.finding.pk, "duplicate": not recorded.created})
        messages.success(request, _("The finding was saved."))
        return redirect("walks:walk-detail", municipality_slug=walk.municipality.slug, pk=walk.pk)
    if request.method == "POST" and wants_json(request):
        return form_errors_json(form)
    status = 400 if form.is_bound else 200
    return render(request, "walks/finding_form.html", {"walk": walk, "form": form}, status=status)


@municipality_view(Role.CONTRIBUTOR)
def finding_action(request: HttpRequest, pk: int) -> HttpResponse:
    finding = or_404(selectors.finding_get(municipality=request.municipality, pk=pk))
    _require_taking_part(request, finding.walk)
    form = FindingActionForm(request.POST if request.method == "POST" else None, finding=finding)
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_to_action(
                actor=request.user,
                finding=finding,
                organisation=form.cleaned_data["organisation"],
                what=form.cleaned_data["what"],
                due_date=form.cleaned_data["due_date"],
                today=timezone.localdate(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            est.record_confirmation(form, actor=request.user, municipality=request.municipality, obj=finding.walk)
            messages.success(request, _("The finding is now an action in this week's report."))
            return redirect("walks:walk-detail", municipality_slug=request.municipality.slug, pk=finding.walk_id)
    status = 400 if form.is_bound else 200
    return render(request, "walks/finding_action.html", {"finding": finding, "form": form}, status=status)


@require_POST
@municipality_view(Role.CONTRIBUTOR)
def walk_hold(request: HttpRequest, pk: int) -> HttpResponse:
    walk = _walk_to_work_on(request, pk)
    try:
        services.walk_hold(actor=request.user, walk=walk, organisation=request.membership.organisation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The walk is marked as held."))
    return redirect("walks:walk-detail", municipality_slug=request.municipality.slug, pk=walk.pk)


@municipality_view(Role.COORDINATOR)
def walk_report(request: HttpRequest, pk: int) -> HttpResponse:
    walk = _walk_or_404(request, pk)
    form = WalkReportForm(request.POST if request.method == "POST" else None, walk=walk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.walk_report_save(
                actor=request.user,
                walk=walk,
                summary=data["summary"],
                residents_said=data["residents_said"],
                parties_answered=data["parties_answered"],
                public_photos=list(data["public_photos"]),
                hidden_findings=list(data["hidden_findings"]),
                publish=data["publish"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            est.record_confirmation(form, actor=request.user, municipality=request.municipality, obj=walk)
            messages.success(request, _("The report was saved."))
            return redirect("walks:walk-detail", municipality_slug=request.municipality.slug, pk=walk.pk)
    status = 400 if form.is_bound else 200
    return render(request, "walks/walk_report_form.html", {"walk": walk, "form": form}, status=status)


def photo_response(photo: FindingPhoto) -> FileResponse:
    try:
        handle = photo.image.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


@municipality_view()
def finding_photo(request: HttpRequest, pk: int) -> FileResponse:
    photos = FindingPhoto.objects.for_municipality(request.municipality).select_related("finding__walk")
    photo = get_object_or_404(photos, pk=pk)
    published = photo.is_public and photo.finding.is_public
    if not published and not photo.finding.walk.takes_part(request.membership):
        raise Http404  # need-to-know: an unpublished photo is only for those taking part
    return photo_response(photo)
