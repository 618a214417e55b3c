"""Briefing reminders: the coordinators' overview, resending and the schedule.
Included by `situation_reports.urls`, so the names stay in its namespace."""

from django.urls import path

from . import views

REMINDERS = "intern/<slug:municipality_slug>/lagesbild/paminnelser/"

urlpatterns = [
    path(REMINDERS, views.reminder_overview, name="reminder-overview"),
    path(f"{REMINDERS}schema/", views.schedule_edit, name="reminder-schedule"),
    path(f"{REMINDERS}skicka-igen/", views.delivery_resend, name="reminder-resend"),
]
