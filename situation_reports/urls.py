from django.urls import path

from . import public_views
from .views import analysis, tips, week

app_name = "situation_reports"

WEEK = "intern/<slug:municipality_slug>/lagesbild/<int:year>/v<int:week>/"
BASE = "intern/<slug:municipality_slug>/lagesbild/"

urlpatterns = [
    path(BASE, week.week_current, name="week-current"),
    path(f"{BASE}ga-till/", week.week_jump, name="week-jump"),
    path(WEEK, week.week_detail, name="week-detail"),
    path(f"{WEEK}redigera/", week.report_edit, name="report-edit"),
    path(f"{WEEK}stang/", week.week_close, name="week-close"),
    path(f"{WEEK}publicera/", week.week_publish, name="week-publish"),
    path(f"{WEEK}utskrift/", week.week_print, name="week-print"),
    path(f"{WEEK}export.csv", week.week_csv, name="week-csv"),
    path(f"{WEEK}observationer/ny/", week.observation_create, name="observation-create"),
    path(f"{WEEK}atgarder/ny/", week.action_create, name="action-create"),
    path(f"{BASE}observationer/", analysis.observation_list, name="observation-list"),
    path(f"{BASE}observationer/export.csv", analysis.observation_csv, name="observation-csv"),
    path(f"{BASE}observationer/<int:pk>/redigera/", week.observation_edit, name="observation-edit"),
    path(f"{BASE}observationer/<int:pk>/ta-bort/", week.observation_delete, name="observation-delete"),
    path(f"{BASE}atgarder/<int:pk>/redigera/", week.action_edit, name="action-edit"),
    path(f"{BASE}atgarder/<int:pk>/ta-bort/", week.action_delete, name="action-delete"),
    path(f"{BASE}platser/<int:pk>/", analysis.place_detail, name="place-detail"),
    path(f"{BASE}tips/<int:tip_pk>/som-iakttagelse/", tips.observation_from_tip, name="observation-from-tip"),
    # Before the municipality dashboard, whose pattern would take "alla-kommuner" for a slug.
    path("intern/alla-kommuner/oversikt/", analysis.dashboard_combined, name="dashboard-combined"),
    path("intern/<slug:municipality_slug>/oversikt/", analysis.dashboard, name="dashboard"),
    path("kommun/<slug:slug>/lagesbild/", public_views.summary_list, name="public-summary-list"),
]

# Period analyses and the annual situation picture and action plan.
from .analyses import views as analyses  # noqa: E402

ANALYSES = "intern/<slug:municipality_slug>/analyser/"
PLANS = "intern/<slug:municipality_slug>/lagesbild-och-atgardsplan/"

urlpatterns += [
    path(ANALYSES, analyses.analysis_list, name="analysis-list"),
    path(f"{ANALYSES}ny/", analyses.analysis_create, name="analysis-create"),
    path(f"{ANALYSES}<int:pk>/", analyses.analysis_detail, name="analysis-detail"),
    path(f"{ANALYSES}<int:pk>/redigera/", analyses.analysis_edit, name="analysis-edit"),
    path(f"{ANALYSES}<int:pk>/godkann/", analyses.analysis_approve, name="analysis-approve"),
    path(f"{ANALYSES}<int:pk>/ta-bort/", analyses.analysis_delete, name="analysis-delete"),
    path(f"{ANALYSES}<int:pk>/kopplingar/ny/", analyses.link_edit, name="analysis-link-create"),
    path(f"{ANALYSES}<int:pk>/kopplingar/<int:link_pk>/", analyses.link_edit, name="analysis-link-edit"),
    path(f"{ANALYSES}<int:pk>/kopplingar/<int:link_pk>/ta-bort/", analyses.link_delete, name="analysis-link-delete"),
    path(f"{PLANS}ny/", analyses.plan_create, name="plan-create"),
    path(f"{PLANS}<int:pk>/", analyses.plan_detail, name="plan-detail"),
    path(f"{PLANS}<int:pk>/redigera/", analyses.plan_edit, name="plan-edit"),
    path(f"{PLANS}<int:pk>/godkann/", analyses.plan_approve, name="plan-approve"),
    path(f"{PLANS}<int:pk>/ta-bort/", analyses.plan_delete, name="plan-delete"),
    path(f"{PLANS}<int:pk>/utskrift/", analyses.plan_print, name="plan-print"),
    path(f"{PLANS}<int:pk>/pdf/", analyses.plan_pdf, name="plan-pdf"),
]

# Briefing reminders: the coordinators' overview, resending and the schedule.
from .reminders import views as reminders  # noqa: E402

REMINDERS = "intern/<slug:municipality_slug>/lagesbild/paminnelser/"

urlpatterns += [
    path(REMINDERS, reminders.reminder_overview, name="reminder-overview"),
    path(f"{REMINDERS}schema/", reminders.schedule_edit, name="reminder-schedule"),
    path(f"{REMINDERS}skicka-igen/", reminders.delivery_resend, name="reminder-resend"),
]

# The week's record: field presence, the meeting, reopening.
from .views import record  # noqa: E402

urlpatterns += [
    path(f"{WEEK}oppna-igen/", record.week_reopen, name="week-reopen"),
    path(f"{WEEK}narvaro/ny/", record.presence_edit, name="presence-create"),
    path(f"{BASE}narvaro/<int:pk>/redigera/", record.presence_edit, name="presence-edit"),
    path(f"{BASE}narvaro/<int:pk>/ta-bort/", record.presence_delete, name="presence-delete"),
    path(f"{WEEK}motet/", record.meeting_edit, name="meeting-edit"),
    path(f"{BASE}beslut/<int:pk>/ta-bort/", record.decision_delete, name="decision-delete"),
]
