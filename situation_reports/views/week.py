"""Officials' views of the weekly report: the week page, observations,
actions, closing, publishing and exports."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal import est
from portal.models import Role
from portal.scoping import municipality_view
from portal.spreadsheets import csv_response

from .. import exports, selectors, services, week_page
from ..forms import ActionForm, ActionStatusForm, ObservationForm, PublishForm, ReportForm, WeekJumpForm
from ..models import Action, Observation, WeeklyReport
from ..services import WeekClosedError
from ..weeks import IsoWeek, current_week, local_today


def _week_or_404(year: int, week: int) -> IsoWeek:
    iso_week = IsoWeek.parse(year, week)
    if iso_week is None:
        raise Http404
    return iso_week


def _report(request: HttpRequest, week: IsoWeek) -> WeeklyReport | None:
    """The week's report; the current week opens by itself on first visit."""
    municipality = request.municipality
    if week == current_week(municipality.timezone):
        return services.week_get_or_open(municipality=municipality, week=week, actor=request.user)[0]
    return selectors.report_get(municipality=municipality, week=week)


def _report_or_404(request: HttpRequest, year: int, week: int) -> WeeklyReport:
    """The week's report, open or closed (the views that write refuse a
    closed one themselves); 404 for a week without one."""
    report = _report(request, _week_or_404(year, week))
    if report is None:
        raise Http404
    return report


def _to_week(report: WeeklyReport) -> HttpResponse:
    return redirect("situation_reports:week-detail", report.municipality.slug, report.iso_year, report.iso_week)


def _refuse_closed(request: HttpRequest, report: WeeklyReport, error: WeekClosedError | None = None) -> HttpResponse:
    messages.error(request, str(error or WeekClosedError()))
    return _to_week(report)


def written(request: HttpRequest, report: WeeklyReport, write: Callable[[], object], done: str) -> HttpResponse:
    """Run a write of an open week, then back to the week with `done`; a
    week closed meanwhile refuses."""
    try:
        write()
    except WeekClosedError as error:
        return _refuse_closed(request, report, error)
    messages.success(request, done)
    return _to_week(report)


def _action_save(request: HttpRequest, form, report: WeeklyReport) -> None:
    services.action_save(action=form.instance, actor=request.user)
    est.record_confirmation(form, actor=request.user, municipality=report.municipality, obj=form.instance)


def confirm_delete(request: HttpRequest, kind: str, row: dict, delete: Callable, done: str) -> HttpResponse:
    """Delete `row` ({"observation": observation}) of an open week with
    `delete(observation=..., actor=...)` after the confirmation page
    `<kind>_confirm_delete.html` (GET)."""
    report = next(iter(row.values())).report
    if not report.is_open:
        return _refuse_closed(request, report)
    if request.method != "POST":
        return render(request, f"situation_reports/{kind}_confirm_delete.html", {**row, "report": report})
    return written(request, report, lambda: delete(**row, actor=request.user), done)


@municipality_view()
def week_current(request: HttpRequest) -> HttpResponse:
    week = current_week(request.municipality.timezone)
    return redirect("situation_reports:week-detail", request.municipality.slug, week.year, week.week)


@municipality_view()
def week_jump(request: HttpRequest) -> HttpResponse:
    form = WeekJumpForm(request.GET)
    if form.is_valid():
        week = form.iso_week
    else:
        messages.error(request, _("There is no such week. Give a year and a week number from 1 to 52 or 53."))
        week = current_week(request.municipality.timezone)
    return redirect("situation_reports:week-detail", request.municipality.slug, week.year, week.week)


def _tables(request: HttpRequest, report: WeeklyReport | None, *, editable: bool) -> dict:
    """The observation groups, the actions and the week's tallies, from the
    rows kept under the week's version (week_page.py); edit links and what
    is new since the last visit added for this viewer."""
    if report is None:
        empty = {"groups": [], "actions": "", "action_count": 0, "observation_count": 0}
        return {**empty, **selectors.week_record(report=None)}
    membership = request.membership
    week = week_page.week_get(report=report, municipality=request.municipality, tips=membership.can_contribute)
    viewer = week_page.Viewer.of(membership) if editable else None
    groups = [
        {
            "organisation_id": group.organisation_id,
            "name": group.name,
            "count": len(group.rows),
            "events": group.events,
            "rows": week_page.observation_rows(group, viewer=viewer),
        }
        for group in week.groups
    ]
    return {
        "groups": groups,
        "actions": week_page.action_rows(week.actions, viewer=viewer),
        "action_count": len(week.actions),
        "observation_count": sum(group.events for group in week.groups),
        "tallies": week,
        "observation_columns": week_page.observation_columns(),
        "action_columns": week_page.action_columns(),
        "followup": week.followup,
        **week.record,
    }


def _news(request: HttpRequest, report: WeeklyReport | None, groups: list[dict], tallies) -> dict:
    """What is new since this user's last visit to the week (none the first time)."""
    if report is None:
        return {}
    since = week_page.last_visit_swap(report=report, user=request.user)
    for group, kept in zip(groups, tallies.groups, strict=True):
        group["new"] = week_page.new_since(kept, since)
    return {"last_visit": since, "new_count": sum(group["new"] for group in groups)}


@municipality_view()
def week_detail(request: HttpRequest, year: int, week: int) -> HttpResponse:
    iso_week = _week_or_404(year, week)
    municipality = request.municipality
    this_week = current_week(municipality.timezone)
    report = _report(request, iso_week)
    organisations = selectors.contribution_status(municipality=municipality, report=report)
    membership = request.membership
    tables = _tables(request, report, editable=report is not None and report.is_open)
    context = {
        "report": report,
        "week": iso_week,
        "this_week": this_week,
        "previous_week": iso_week.shifted(-1),
        "next_week": iso_week.shifted(1) if iso_week <= this_week else None,
        **tables,
        **_news(request, report, tables["groups"], tables.get("tallies")),
        "contributed": [o for o in organisations if o.contributed],
        "not_contributed": [o for o in organisations if not o.contributed],
        "organisation_count": len(organisations),
        "jump_form": WeekJumpForm(initial={"year": iso_week.year, "week": iso_week.week}),
        # A week that has not begun yet (opened early by a close) takes no observations.
        "can_contribute": report is not None and report.is_open and membership.can_contribute and iso_week <= this_week,
        "can_coordinate": report is not None and report.is_open and membership.is_coordinator,
    }
    if report is None:  # (else the kept tables carry last week's unfinished actions)
        context["followup"] = selectors.followup_actions(municipality=municipality, week=iso_week)
    return render(request, "situation_reports/week_detail.html", context)


@municipality_view(Role.COORDINATOR)
def report_edit(request: HttpRequest, year: int, week: int) -> HttpResponse:
    report = _report_or_404(request, year, week)
    if not report.is_open:
        return _refuse_closed(request, report)
    form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():

        def save() -> None:
            services.report_update(report=report, actor=request.user, data=form.cleaned_data)
            est.record_confirmation(form, actor=request.user, municipality=report.municipality, obj=report)

        return written(request, report, save, _("The week's summary was saved."))
    return render(request, "situation_reports/report_form.html", {"form": form, "report": report})


@municipality_view(Role.COORDINATOR)
def week_close(request: HttpRequest, year: int, week: int) -> HttpResponse:
    report = _report_or_404(request, year, week)
    if not report.is_open:
        return _refuse_closed(request, report, WeekClosedError(_("This week is already closed.")))
    if request.method == "POST":
        try:
            next_report = services.week_close(report=report, actor=request.user)
        except WeekClosedError as error:
            return _refuse_closed(request, report, error)
        carried = next_report.actions.filter(carried_over_from__report=report).count()
        messages.success(
            request,
            ngettext(
                "Week %(week)s is closed. %(count)d unfinished action was carried over to week %(next)s.",
                "Week %(week)s is closed. %(count)d unfinished actions were carried over to week %(next)s.",
                carried,
            )
            % {"week": report.iso_week, "count": carried, "next": next_report.iso_week},
        )
        return _to_week(next_report)
    unfinished = report.actions.unfinished().filter(carried_to__isnull=True).count()
    return render(request, "situation_reports/week_close.html", {"report": report, "unfinished": unfinished})


@municipality_view(Role.COORDINATOR)
def week_publish(request: HttpRequest, year: int, week: int) -> HttpResponse:
    report = _report_or_404(request, year, week)
    if report.is_open:
        messages.error(request, _("Only a closed week can be published."))
        return _to_week(report)
    if request.method == "POST" and request.POST.get("unpublish"):
        services.week_unpublish(report=report, actor=request.user)
        messages.success(request, _("The public summary was withdrawn."))
        return _to_week(report)
    form = PublishForm(request.POST or None, initial={"public_summary": report.public_summary})
    if request.method == "POST" and form.is_valid():
        services.week_publish(report=report, actor=request.user, text=form.cleaned_data["public_summary"])
        est.record_confirmation(form, actor=request.user, municipality=report.municipality, obj=report)
        messages.success(request, _("The summary of week %(week)s is published.") % {"week": report.iso_week})
        return _to_week(report)
    counts = selectors.public_counts(reports=[report])[report.pk]
    return render(request, "situation_reports/week_publish.html", {"form": form, "report": report, "counts": counts})


# --- Observations -------------------------------------------------------------


def _own_observation(request: HttpRequest, pk: int) -> Observation:
    observation = get_object_or_404(
        Observation.objects.for_municipality(request.municipality).select_related("report__municipality", "place"),
        pk=pk,
    )
    if not (request.membership.is_coordinator or observation.author_id == request.user.pk):
        raise PermissionDenied
    return observation


def _save_observation(request: HttpRequest, form: ObservationForm) -> None:
    services.observation_save(observation=form.instance, actor=request.user)
    est.record_confirmation(form, actor=request.user, municipality=form.instance.report.municipality, obj=form.instance)


@municipality_view(Role.CONTRIBUTOR)
def observation_create(request: HttpRequest, year: int, week: int) -> HttpResponse:
    report = _report_or_404(request, year, week)
    if not report.is_open:
        return _refuse_closed(request, report)
    today = local_today(request.municipality.timezone)
    form = ObservationForm(request.POST or None, report=report, today=today)
    if request.method == "POST" and form.is_valid():
        form.instance.organisation = request.membership.organisation
        done = _("Your observation was added to week %(week)s.") % {"week": report.iso_week}
        return written(request, report, lambda: _save_observation(request, form), done)
    return render(request, "situation_reports/observation_form.html", {"form": form, "report": report})


@municipality_view(Role.CONTRIBUTOR)
def observation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    observation = _own_observation(request, pk)
    report = observation.report
    if not report.is_open:
        return _refuse_closed(request, report)
    today = local_today(request.municipality.timezone)
    form = ObservationForm(request.POST or None, instance=observation, report=report, today=today)
    if request.method == "POST" and form.is_valid():
        return written(request, report, lambda: _save_observation(request, form), _("The observation was saved."))
    context = {"form": form, "report": report, "observation": observation}
    return render(request, "situation_reports/observation_form.html", context)


@municipality_view(Role.CONTRIBUTOR)
def observation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    observation = _own_observation(request, pk)
    done = _("The observation was deleted.")
    return confirm_delete(request, "observation", {"observation": observation}, services.observation_delete, done)


# --- Actions ------------------------------------------------------------------


def _action(request: HttpRequest, pk: int) -> Action:
    return get_object_or_404(
        Action.objects.for_municipality(request.municipality).select_related("report__municipality"), pk=pk
    )


@municipality_view(Role.COORDINATOR)
def action_create(request: HttpRequest, year: int, week: int) -> HttpResponse:
    report = _report_or_404(request, year, week)
    if not report.is_open:
        return _refuse_closed(request, report)
    form = ActionForm(request.POST or None, report=report)
    if request.method == "POST" and form.is_valid():
        return written(request, report, partial(_action_save, request, form, report), _("The action was added."))
    return render(request, "situation_reports/action_form.html", {"form": form, "report": report})


@municipality_view(Role.CONTRIBUTOR)
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Coordinators edit everything; the responsible organisation's
    contributors update the status and the outcome."""
    action = _action(request, pk)
    report = action.report
    membership = request.membership
    if membership.is_coordinator:
        form_class = ActionForm
        form_kwargs = {"report": report}
    elif membership.organisation_id == action.responsible_organisation_id:
        form_class, form_kwargs = ActionStatusForm, {}
    else:
        raise PermissionDenied
    if not report.is_open:
        return _refuse_closed(request, report)
    form = form_class(request.POST or None, instance=action, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        return written(request, report, partial(_action_save, request, form, report), _("The action was saved."))
    return render(request, "situation_reports/action_form.html", {"form": form, "report": report, "action": action})


@municipality_view(Role.COORDINATOR)
def action_delete(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk)
    done = _("The action was deleted.")
    return confirm_delete(request, "action", {"action": action}, services.action_delete, done)


# --- Print and CSV ------------------------------------------------------------


@municipality_view()
def week_print(request: HttpRequest, year: int, week: int) -> HttpResponse:
    report = _report_or_404(request, year, week)
    context = {
        "report": report,
        **_tables(request, report, editable=False),
        "followup": selectors.followup_actions(municipality=request.municipality, week=report.week),
        "previous_week": report.week.shifted(-1),
        **selectors.week_record(report=report),
    }
    return render(request, "situation_reports/week_print.html", context)


@municipality_view()
def week_csv(request: HttpRequest, year: int, week: int) -> HttpResponse:
    report = _report_or_404(request, year, week)
    rows = exports.week_rows(
        selectors.observation_list_for_report(report=report),
        selectors.action_list_for_report(report=report),
        selectors.week_record(report=report),
    )
    filename = f"lagesbild-{request.municipality.slug}-{report.week}.csv"
    return csv_response(filename, exports.week_header(), rows)
