from django.urls import include, path

from . import public_views
from .views import overview, record, week
from .views.tip_observation import observation_from_tip

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
    path(f"{BASE}observationer/", overview.observation_list, name="observation-list"),
    path(f"{BASE}observationer/export.csv", overview.observation_csv, name="observation-csv"),
    path(f"{BASE}observationer/<int:pk>/redigera/", week.observation_edit, name="observation-edit"),
    path(f"{BASE}observationer/<int:pk>/ta-bort/", week.observation_delete, name="observation-delete"),
    path(f"{BASE}atgarder/<int:pk>/redigera/", week.action_edit, name="action-edit"),
    path(f"{BASE}atgarder/<int:pk>/ta-bort/", week.action_delete, name="action-delete"),
    path(f"{BASE}platser/<int:pk>/", overview.place_detail, name="place-detail"),
    path(f"{BASE}tips/<int:tip_pk>/som-iakttagelse/", observation_from_tip, name="observation-from-tip"),
    # Before the municipality dashboard, whose pattern would take "alla-kommuner" for a slug.
    path("intern/alla-kommuner/oversikt/", overview.dashboard_combined, name="dashboard-combined"),
    path("intern/<slug:municipality_slug>/oversikt/", overview.dashboard, name="dashboard"),
    path("kommun/<slug:slug>/lagesbild/", public_views.summary_list, name="public-summary-list"),
    # The week's record: field presence, the meeting, reopening.
    path(f"{WEEK}oppna-igen/", record.week_reopen, name="week-reopen"),
    path(f"{WEEK}narvaro/ny/", record.presence_edit, name="presence-create"),
    path(f"{BASE}narvaro/<int:pk>/redigera/", record.presence_edit, name="presence-edit"),
    path(f"{BASE}narvaro/<int:pk>/ta-bort/", record.presence_delete, name="presence-delete"),
    path(f"{WEEK}motet/", record.meeting_edit, name="meeting-edit"),
    path(f"{BASE}beslut/<int:pk>/ta-bort/", record.decision_delete, name="decision-delete"),
    # The sub-packages' own URLs, in this app's namespace.
    path("", include("situation_reports.analyses.urls")),
    path("", include("situation_reports.reminders.urls")),
]
