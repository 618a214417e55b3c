"""Due times in the municipality's own time zone: across the clock changes
on the last Sundays of March and October, and across year ends."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from django.core import mail

from situation_reports.reminders.due import candidate_weeks, reminder_due
from situation_reports.reminders.models import ReminderDelivery, Weekday
from situation_reports.reminders.services import reminders_dispatch
from situation_reports.weeks import IsoWeek

STOCKHOLM = "Europe/Stockholm"


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def due(week: IsoWeek, weekday: int, hours_before: int, at: time = time(9, 0)):
    return reminder_due(week, weekday=weekday, at=at, hours_before=hours_before, tz_name=STOCKHOLM)


def test_a_meeting_keeps_its_local_hour_in_winter_and_in_summer():
    winter = due(IsoWeek(2025, 13), Weekday.TUESDAY, 24)  # 25 March, CET
    summer = due(IsoWeek(2025, 14), Weekday.TUESDAY, 24)  # 1 April, CEST
    assert winter.meeting_at == utc(2025, 3, 25, 8, 0)
    assert summer.meeting_at == utc(2025, 4, 1, 7, 0)
    assert (winter.due_at, summer.due_at) == (utc(2025, 3, 24, 8, 0), utc(2025, 3, 31, 7, 0))


def test_hours_before_are_counted_on_the_local_clock_across_the_march_change():
    # Monday 31 March 09:00 CEST; the clocks went forward on Sunday 30 March at 02:00.
    assert due(IsoWeek(2025, 14), Weekday.MONDAY, 24).due_at == utc(2025, 3, 30, 7, 0)  # Sunday 09:00 CEST
    assert due(IsoWeek(2025, 14), Weekday.MONDAY, 48).due_at == utc(2025, 3, 29, 8, 0)  # Saturday 09:00 CET


def test_hours_before_are_counted_on_the_local_clock_across_the_october_change():
    # Monday 27 October 09:00 CET; the clocks went back on Sunday 26 October at 03:00.
    assert due(IsoWeek(2025, 44), Weekday.MONDAY, 24).due_at == utc(2025, 10, 26, 8, 0)  # Sunday 09:00 CET
    assert due(IsoWeek(2025, 44), Weekday.MONDAY, 48).due_at == utc(2025, 10, 25, 7, 0)  # Saturday 09:00 CEST


def test_a_meeting_at_a_time_the_clocks_skip_still_has_a_due_time():
    skipped = due(IsoWeek(2025, 13), Weekday.SUNDAY, 1, at=time(2, 30))  # 30 March 02:30 does not exist
    assert skipped.meeting_at == utc(2025, 3, 30, 1, 30)


def test_the_week_one_reminder_can_fall_in_the_old_year():
    reminder = due(IsoWeek(2026, 1), Weekday.MONDAY, 24)  # Monday 29 December 2025
    assert reminder.meeting_at == utc(2025, 12, 29, 8, 0)
    assert reminder.due_at == utc(2025, 12, 28, 8, 0)
    assert IsoWeek(2026, 1) in candidate_weeks(reminder.due_at, STOCKHOLM)


def test_week_53_exists_in_2026():
    assert due(IsoWeek(2026, 53), Weekday.TUESDAY, 24).meeting_at == utc(2026, 12, 29, 8, 0)


@pytest.fixture
def monday_meeting(schedule_a):
    schedule_a.meeting_weekday = Weekday.MONDAY
    schedule_a.save()
    return schedule_a


def _dispatch(capture) -> int:
    with capture(execute=True):
        return reminders_dispatch().created


@pytest.mark.parametrize(
    ("before", "at", "week"),
    [
        # Sunday 30 March: 09:00 CEST is 07:00 UTC (08:00 UTC would be an hour late).
        (utc(2025, 3, 30, 6, 59), utc(2025, 3, 30, 7, 0), IsoWeek(2025, 14)),
        # Sunday 26 October: 09:00 CET is 08:00 UTC (07:00 UTC would be an hour early).
        (utc(2025, 10, 26, 7, 59), utc(2025, 10, 26, 8, 0), IsoWeek(2025, 44)),
        # Sunday 28 December 2025, for the meeting of week 1 of 2026.
        (utc(2025, 12, 28, 7, 59), utc(2025, 12, 28, 8, 0), IsoWeek(2026, 1)),
    ],
)
def test_the_dispatcher_sends_at_the_local_hour_on_the_days_the_clocks_change(
    time_machine, django_capture_on_commit_callbacks, monday_meeting, recipients_a, before, at, week
):
    time_machine.move_to(before, tick=False)
    assert _dispatch(django_capture_on_commit_callbacks) == 0
    assert not mail.outbox
    time_machine.move_to(at, tick=False)
    assert _dispatch(django_capture_on_commit_callbacks) == len(recipients_a)
    assert len(mail.outbox) == len(recipients_a)
    assert set(ReminderDelivery.objects.values_list("iso_year", "iso_week")) == {(week.year, week.week)}


def test_a_missed_beat_is_made_up_within_a_day_and_not_after(
    time_machine, django_capture_on_commit_callbacks, monday_meeting, recipients_a
):
    due_at = utc(2025, 3, 30, 7, 0)
    time_machine.move_to(due_at + timedelta(days=1, minutes=1), tick=False)
    assert _dispatch(django_capture_on_commit_callbacks) == 0
    time_machine.move_to(due_at + timedelta(hours=23, minutes=45), tick=False)
    assert _dispatch(django_capture_on_commit_callbacks) == len(recipients_a)
    assert len(mail.outbox) == len(recipients_a)


def test_a_week_whose_meeting_was_moved_is_reminded_by_its_own_meeting_time(
    time_machine, django_capture_on_commit_callbacks, schedule_a, municipality_a, recipients_a
):
    from situation_reports.tests.factories import WeeklyReportFactory

    # Week 10's meeting moved from Tuesday 09:00 to Thursday 13:00: the reminder follows it.
    WeeklyReportFactory(municipality=municipality_a, week=IsoWeek(2025, 10), meeting_at=utc(2025, 3, 6, 12, 0))
    time_machine.move_to(utc(2025, 3, 3, 8, 5), tick=False)  # Monday 09:05, when it used to be due
    assert _dispatch(django_capture_on_commit_callbacks) == 0
    time_machine.move_to(utc(2025, 3, 5, 12, 5), tick=False)  # Wednesday 13:05
    assert _dispatch(django_capture_on_commit_callbacks) == len(recipients_a)
    assert ReminderDelivery.objects.first().meeting_at == utc(2025, 3, 6, 12, 0)
