"""Factories of the reminders. A delivery takes its municipality from its
schedule's, so test data never crosses tenants."""

from __future__ import annotations

from datetime import UTC, datetime, time

import factory
from factory.django import DjangoModelFactory

from portal.tests.factories import MunicipalityFactory, UserFactory
from situation_reports.reminders.models import BriefingSchedule, ReminderDelivery, Weekday


class BriefingScheduleFactory(DjangoModelFactory):
    class Meta:
        model = BriefingSchedule
        django_get_or_create = ["municipality"]

    municipality = factory.SubFactory(MunicipalityFactory)
    enabled = True
    meeting_weekday = Weekday.TUESDAY
    meeting_time = time(9, 0)
    reminder_hours_before = 24
    send_summary = True


class ReminderDeliveryFactory(DjangoModelFactory):
    class Meta:
        model = ReminderDelivery

    municipality = factory.SubFactory(MunicipalityFactory)
    user = factory.SubFactory(UserFactory)
    iso_year = 2025
    iso_week = 10
    kind = ReminderDelivery.Kind.CONTRIBUTION
    due_at = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
    meeting_at = datetime(2025, 3, 4, 8, 0, tzinfo=UTC)
