"""Officials' views across weeks: the dashboard, the combined view of an
official of several municipalities, a place over time, and the searchable
list (and CSV) of observations."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from portal import streaming
from portal.models import Membership, Place
from portal.scoping import municipality_view
from portal.selectors import membership_list_for_user
from portal.spreadsheets import csv_response

from .. import exports, figures, selectors, week_page
from ..charts import trend_chart
from ..forms import ObservationFilterForm
from ..integrations import dashboard_tip_counts, place_tips
from ..selectors import HOT_SPOT_WINDOW, CategorySeries, Trend
from ..weeks import IsoWeek, current_week, local_today


def _windows(week: IsoWeek) -> dict[str, IsoWeek]:
    """The two four-week windows the hot spots compare, for the labels."""
    return {
        "recent_from": week.shifted(-(HOT_SPOT_WINDOW - 1)),
        "recent_to": week,
        "before_from": week.shifted(-(2 * HOT_SPOT_WINDOW - 1)),
        "before_to": week.shifted(-HOT_SPOT_WINDOW),
    }


@municipality_view()
def dashboard(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality
    week = current_week(municipality.timezone)
    report = selectors.report_get(municipality=municipality, week=week)
    organisations = selectors.contribution_status(municipality=municipality, report=report)
    recent = figures.recent(municipality=municipality, week=week)  # hot spots, trend, weekday table
    context = {
        "week": week,
        "report": report,
        "contributed": [o for o in organisations if o.contributed],
        "not_contributed": [o for o in organisations if not o.contributed],
        "organisation_count": len(organisations),
        **recent,
        "chart": trend_chart(recent["trend"], week),
        "open_actions": selectors.open_actions_by_organisation(
            municipalities=[municipality], today=local_today(municipality.timezone)
        ).get(municipality.pk, []),
        "several_municipalities": Membership.objects.filter(user=request.user).count() > 1,
        **_windows(week),
        **dashboard_tip_counts(request.membership),
    }
    return render(request, "situation_reports/dashboard.html", context)


@login_required
def dashboard_combined(request: HttpRequest) -> HttpResponse:
    """Hot spots, trends and open actions of every municipality the official
    is a member of, side by side (a police area serves several)."""
    memberships = list(membership_list_for_user(user=request.user))
    if len(memberships) == 1:
        return redirect("situation_reports:dashboard", memberships[0].municipality.slug)
    municipalities = [m.municipality for m in memberships]
    week = current_week(municipalities[0].timezone) if municipalities else current_week("Europe/Stockholm")
    today = week.monday if not municipalities else local_today(municipalities[0].timezone)
    hot = selectors.hot_spots(municipalities=municipalities, week=week, limit=5)
    trends = selectors.category_trend(municipalities=municipalities, week=week)
    actions = selectors.open_actions_by_organisation(municipalities=municipalities, today=today)
    columns = [
        {
            "municipality": m,
            "hot_spots": hot.get(m.pk, []),
            "trend": trends[m.pk],
            "chart": trend_chart(trends[m.pk], week),
            "open_actions": actions.get(m.pk, []),
        }
        for m in municipalities
    ]
    context = {"week": week, "columns": columns, **_windows(week)}
    return render(request, "situation_reports/dashboard_combined.html", context)


@municipality_view()
def place_detail(request: HttpRequest, pk: int) -> HttpResponse:
    place = get_object_or_404(Place.objects.for_municipality(request.municipality), pk=pk)
    week = current_week(request.municipality.timezone)
    weekly = selectors.place_weekly_counts(place=place, week=week)
    trend = Trend(weeks=[w for w, _ in weekly], series=[CategorySeries(0, place.name, [n for _, n in weekly])])
    page = Paginator(selectors.place_observations(place=place), 25).get_page(request.GET.get("page"))
    actions = list(selectors.place_actions(place=place)[:20])
    week_link = week_page.WeekLink(request.municipality.slug)  # one reverse() for the rows' week links
    for row in [*page.object_list, *actions]:
        row.week_url = week_link.for_week(row.report.iso_year, row.report.iso_week)
    context = {
        "place": place,
        "trend": trend,
        "chart": trend_chart(trend, week) if trend.series[0].total else None,
        "page_obj": page,
        "actions": actions,
        **place_tips(place, request.membership),
    }
    return render(request, "situation_reports/place_detail.html", context)


def _filter_form(request: HttpRequest) -> ObservationFilterForm:
    return ObservationFilterForm(request.GET or None, municipality=request.municipality)


@municipality_view()
def observation_list(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    filters = form.cleaned_data if form.is_valid() else {}
    observations = selectors.observation_list(municipality=request.municipality, filters=filters)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page_obj": Paginator(observations, 50).get_page(request.GET.get("page")),
        "querystring_base": query.urlencode(),
    }
    return render(request, "situation_reports/observation_list.html", context)


@municipality_view()
def observation_csv(request: HttpRequest) -> HttpResponse:
    """The observations matching the list's active filters, as CSV."""
    form = _filter_form(request)
    filters = form.cleaned_data if form.is_valid() else {}
    observations = selectors.observation_list(municipality=request.municipality, filters=filters)
    rows = exports.observation_rows(streaming.iterate(observations, chunk_size=2000))
    return csv_response(f"observationer-{request.municipality.slug}.csv", exports.observation_header(), rows)
