"""The coordinators' pages: this week's reminders and their state, resending
a failed one, and the briefing schedule."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.models import Role
from portal.scoping import municipality_view

from ..weeks import IsoWeek, current_week
from . import selectors, services
from .forms import DeliveryFilterForm, ResendForm, ScheduleForm
from .models import BriefingSchedule, ReminderDelivery

PAGE_SIZE = 50


def _week_from(request: HttpRequest) -> IsoWeek:
    this_week = current_week(request.municipality.timezone)
    if "year" not in request.GET and "week" not in request.GET:
        return this_week
    try:
        week = IsoWeek.parse(int(request.GET.get("year", "")), int(request.GET.get("week", "")))
    except ValueError:
        week = None
    if week is None:
        raise Http404
    return week


def _overview_url(municipality_slug: str, week: IsoWeek) -> str:
    url = reverse("situation_reports:reminder-overview", args=[municipality_slug])
    return f"{url}?year={week.year}&week={week.week}"


@municipality_view(Role.COORDINATOR)
def reminder_overview(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality
    week = _week_from(request)
    filter_form = DeliveryFilterForm(request.GET)
    status = filter_form.cleaned_data["status"] if filter_form.is_valid() else ""
    deliveries = selectors.delivery_list(municipality=municipality, week=week, status=status)
    page_obj = Paginator(deliveries, PAGE_SIZE).get_page(request.GET.get("page"))
    schedule = selectors.schedule_get(municipality=municipality)
    this_week = current_week(municipality.timezone)
    context = {
        "week": week,
        "this_week": this_week,
        "previous_week": week.shifted(-1),
        "next_week": week.shifted(1) if week < this_week else None,
        "schedule": schedule,
        "next_reminder": selectors.next_reminder(schedule=schedule, now=timezone.now()) if schedule else None,
        "counts": selectors.delivery_counts(municipality=municipality, week=week),
        "page_obj": page_obj,
        "filter_form": filter_form,
        "querystring_base": f"year={week.year}&week={week.week}" + (f"&status={status}" if status else ""),
        "Status": ReminderDelivery.Status,
    }
    return render(request, "situation_reports/reminders/overview.html", context)


@municipality_view(Role.COORDINATOR)
def schedule_edit(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality
    schedule = selectors.schedule_get(municipality=municipality) or BriefingSchedule(municipality=municipality)
    form = ScheduleForm(request.POST or None, instance=schedule, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        services.schedule_save(schedule=form.instance, actor=request.user)
        messages.success(request, _("The briefing schedule was saved."))
        return redirect("situation_reports:reminder-overview", municipality.slug)
    return render(request, "situation_reports/reminders/schedule_form.html", {"form": form, "schedule": schedule})


@require_POST
@municipality_view(Role.COORDINATOR)
def delivery_resend(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality
    form = ResendForm(request.POST, municipality=municipality)
    if not form.is_valid():
        messages.error(request, _("Only a reminder that failed can be sent again."))
        return redirect("situation_reports:reminder-overview", municipality.slug)
    delivery = form.cleaned_data["delivery"]
    try:
        services.delivery_resend(delivery=delivery, actor=request.user)
    except services.ResendError:  # sent again by someone else meanwhile
        messages.error(request, _("Only a reminder that failed can be sent again."))
    else:
        messages.success(request, _("The reminder is being sent again."))
    return redirect(_overview_url(municipality.slug, delivery.week))
