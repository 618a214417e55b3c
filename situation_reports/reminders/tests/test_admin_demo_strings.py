"""The admin and the demo schedules. (The Swedish of the emails is checked
for every app in portal/tests/test_translations.py.)"""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal import demo as portal_demo
from portal.models import AuditEvent
from situation_reports.reminders import demo
from situation_reports.reminders.models import BriefingSchedule, ReminderDelivery
from situation_reports.reminders.tests.factories import ReminderDeliveryFactory

pytestmark = pytest.mark.django_db


def test_the_admin_lists_filters_and_shows_schedules_and_deliveries(client, admin_user, schedule_a, municipality_a):
    delivery = ReminderDeliveryFactory(municipality=municipality_a, status="failed")
    client.force_login(admin_user)
    for model, obj, filters in [
        ("briefingschedule", schedule_a, {"enabled__exact": 1}),
        ("reminderdelivery", delivery, {"status__exact": "failed", "kind__exact": "contribution"}),
    ]:
        changelist = reverse(f"admin:situation_reports_{model}_changelist")
        assert client.get(changelist, filters).status_code == 200, model
        assert client.get(changelist, {"q": "x"}).status_code == 200, model
        assert client.get(reverse(f"admin:situation_reports_{model}_change", args=[obj.pk])).status_code == 200


def test_an_admin_edit_of_a_schedule_is_validated_and_audited(client, admin_user, schedule_a, municipality_a):
    client.force_login(admin_user)
    change = reverse("admin:situation_reports_briefingschedule_change", args=[schedule_a.pk])
    data = {
        "municipality": municipality_a.pk,
        "enabled": "on",
        "meeting_weekday": "5",
        "meeting_time": "08:00",
        "reminder_hours_before": "24",
        "recipient_kinds": ["housing"],
    }
    assert client.post(change, data).status_code == 302
    schedule_a.refresh_from_db()
    assert (schedule_a.meeting_weekday, schedule_a.recipient_kinds, schedule_a.send_summary) == (5, ["housing"], False)
    assert AuditEvent.objects.filter(action="briefing_schedule.updated", actor=admin_user).exists()


def test_the_admin_resends_failed_deliveries(client, admin_user, municipality_a, django_capture_on_commit_callbacks):
    delivery = ReminderDeliveryFactory(municipality=municipality_a, status="failed", attempts=3)
    client.force_login(admin_user)
    changelist = reverse("admin:situation_reports_reminderdelivery_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {"action": "resend", "_selected_action": [delivery.pk]})
    delivery.refresh_from_db()
    assert delivery.status == "skipped"  # no schedule: nobody is reminded in this municipality
    assert delivery.attempts == 0


def test_every_demo_municipality_gets_a_schedule_once():
    municipalities = portal_demo.load()
    demo.load(municipalities)
    BriefingSchedule.objects.filter(municipality=municipalities["lerum"]).update(meeting_time="15:00")
    demo.load(municipalities)
    assert BriefingSchedule.objects.count() == len(demo.SCHEDULES) == 5
    assert str(BriefingSchedule.objects.get(municipality=municipalities["lerum"]).meeting_time) == "15:00:00"
    assert not ReminderDelivery.objects.exists()
