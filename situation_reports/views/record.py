"""The week's record beside observations and actions: field presence,
the meeting's attendance and decisions, and reopening a closed week."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import est
from portal.models import Role
from portal.scoping import municipality_view

from .. import services
from ..forms import AttendanceForm, DecisionForm, PresenceForm, ReopenForm
from ..models import Decision, PresenceEntry
from ..services import WeekClosedError
from .week import _refuse_closed, _report_or_404, _to_week, confirm_delete, written


def _own_presence(request: HttpRequest, pk: int) -> PresenceEntry:
    entry = get_object_or_404(
        PresenceEntry.objects.for_municipality(request.municipality).select_related("report__municipality"), pk=pk
    )
    if not (request.membership.is_coordinator or entry.organisation_id == request.membership.organisation_id):
        raise PermissionDenied
    return entry


@municipality_view(Role.CONTRIBUTOR)
def presence_edit(request: HttpRequest, year: int | None = None, week: int | None = None, pk: int | None = None):
    """Add (with year and week) or change (with pk) a presence entry; one's
    own organisation's entries, or any as a coordinator."""
    entry = _own_presence(request, pk) if pk else None
    report = entry.report if entry else _report_or_404(request, year, week)
    if not report.is_open:
        return _refuse_closed(request, report)
    form = PresenceForm(request.POST or None, instance=entry, report=report)
    if request.method == "POST" and form.is_valid():
        if entry is None:
            form.instance.organisation = request.membership.organisation

        def save() -> None:
            services.presence_save(entry=form.instance, actor=request.user)
            est.record_confirmation(form, actor=request.user, municipality=report.municipality, obj=form.instance)

        return written(request, report, save, _("The presence was saved."))
    context = {"form": form, "report": report, "entry": entry}
    return render(request, "situation_reports/presence_form.html", context)


@municipality_view(Role.CONTRIBUTOR)
def presence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _own_presence(request, pk)
    done = _("The presence was deleted.")
    return confirm_delete(request, "presence", {"entry": entry}, services.presence_delete, done)


@municipality_view(Role.COORDINATOR)
def meeting_edit(request: HttpRequest, year: int, week: int) -> HttpResponse:
    """The meeting's attendance and a new decision, on one page."""
    report = _report_or_404(request, year, week)
    if not report.is_open:
        return _refuse_closed(request, report)
    attendance = AttendanceForm(request.POST if "attendance" in request.POST else None, report=report)
    decision = DecisionForm(request.POST if "decision" in request.POST else None)
    if request.method == "POST":
        try:
            if attendance.is_bound and attendance.is_valid():
                services.attendance_set(report=report, actor=request.user, present=attendance.present)
                messages.success(request, _("The attendance was saved."))
                return _to_week(report)
            if decision.is_bound and decision.is_valid():
                services.decision_add(report=report, actor=request.user, text=decision.cleaned_data["text"])
                est.record_confirmation(decision, actor=request.user, municipality=report.municipality, obj=report)
                messages.success(request, _("The decision was added."))
                return _to_week(report)
        except WeekClosedError as error:
            return _refuse_closed(request, report, error)
    context = {"attendance_form": attendance, "decision_form": decision, "report": report}
    return render(request, "situation_reports/meeting_form.html", context)


@municipality_view(Role.COORDINATOR)
@require_POST
def decision_delete(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(
        Decision.objects.for_municipality(request.municipality).select_related("report__municipality"), pk=pk
    )
    delete = partial(services.decision_delete, decision=decision, actor=request.user)
    return written(request, decision.report, delete, _("The decision was deleted."))


@municipality_view(Role.COORDINATOR)
def week_reopen(request: HttpRequest, year: int, week: int) -> HttpResponse:
    report = _report_or_404(request, year, week)
    if report.is_open:
        messages.info(request, _("This week is already open."))
        return _to_week(report)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reopening = services.week_reopen(report=report, actor=request.user, reason=form.cleaned_data["reason"])
        except WeekClosedError as error:
            return _refuse_closed(request, report, error)
        est.record_confirmation(form, actor=request.user, municipality=report.municipality, obj=reopening)
        text = _("Week %(week)s is open again.") % {"week": report.iso_week}
        if reopening.carried_removed:
            text += " " + _(
                "%(count)s actions carried into the next week were taken back; closing again carries them once more."
            ) % {"count": reopening.carried_removed}
        if reopening.was_published:
            text += " " + _("The public summary was withdrawn until the week is published again.")
        messages.success(request, text)
        return _to_week(report)
    carried = report.actions.filter(carried_to__isnull=False).count()
    context = {"form": form, "report": report, "carried": carried}
    return render(request, "situation_reports/week_reopen.html", context)
