"""The dispatcher: what is due becomes one delivery per recipient, week and
kind, and one email, however often and however concurrently it runs."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import connection, connections

from portal.models import NotificationOptOut, Role
from situation_reports import services as report_services
from situation_reports.reminders.models import ReminderDelivery
from situation_reports.reminders.services import reminders_dispatch
from situation_reports.reminders.tests.conftest import AFTER_DUE, WEEK, member
from situation_reports.tests.factories import WeeklyReportFactory

Kind = ReminderDelivery.Kind


@pytest.fixture
def due_now(time_machine, schedule_a):
    time_machine.move_to(AFTER_DUE, tick=False)
    return schedule_a


def dispatch(capture) -> None:
    with capture(execute=True):
        reminders_dispatch()


def emails_per_recipient() -> Counter:
    return Counter(message.to[0] for message in mail.outbox)


def test_dispatching_three_times_sends_one_reminder_per_recipient(
    due_now, recipients_a, django_capture_on_commit_callbacks
):
    for _ in range(3):
        dispatch(django_capture_on_commit_callbacks)
    assert emails_per_recipient() == Counter({user.email: 1 for user in recipients_a})
    deliveries = ReminderDelivery.objects.all()
    assert len(deliveries) == 3
    assert {(d.kind, d.status, d.attempts, d.iso_week) for d in deliveries} == {(Kind.CONTRIBUTION, "sent", 1, 10)}


def test_only_members_of_the_named_kinds_with_a_verified_address_who_did_not_opt_out_are_reminded(
    due_now, municipality_a, municipality_b, recipients_a, reader_a, school_a, police_a, housing_a,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    member(municipality_a, school_a, username="skola-a")  # schools are not named by default
    member(municipality_a, police_a, username="overifierad", email_verified=False)
    opted_out = member(municipality_a, police_a, username="avregistrerad")
    NotificationOptOut.objects.create(user=opted_out, kind="reminders.contribution")
    member(municipality_a, housing_a, username="slutat", is_active=False)
    member(municipality_a, housing_a, username="utan-adress", email="")
    member(municipality_b, police_a, username="polis-b")  # the same police, another municipality
    dispatch(django_capture_on_commit_callbacks)
    assert set(emails_per_recipient()) == {user.email for user in recipients_a}
    assert reader_a.email not in emails_per_recipient()  # readers cannot add observations


def test_the_schedule_decides_which_kinds_of_organisation_are_reminded(
    due_now, municipality_a, recipients_a, contributor_a, school_a, django_capture_on_commit_callbacks
):
    teacher = member(municipality_a, school_a, username="skola-a")
    due_now.recipient_kinds = ["police", "school"]
    due_now.save()
    dispatch(django_capture_on_commit_callbacks)
    assert set(emails_per_recipient()) == {contributor_a.email, teacher.email}


def test_a_disabled_schedule_sends_nothing(due_now, recipients_a, django_capture_on_commit_callbacks):
    due_now.enabled = False
    due_now.save()
    dispatch(django_capture_on_commit_callbacks)
    assert not mail.outbox
    assert not ReminderDelivery.objects.exists()


def test_a_week_closed_before_its_reminder_gets_no_reminder_to_contribute(
    due_now, municipality_a, coordinator_a, recipients_a, django_capture_on_commit_callbacks
):
    due_now.send_summary = False
    due_now.save()
    report = WeeklyReportFactory(municipality=municipality_a, week=WEEK)
    report_services.week_close(report=report, actor=coordinator_a)
    dispatch(django_capture_on_commit_callbacks)
    assert not ReminderDelivery.objects.filter(iso_week=WEEK.week).exists()


def test_a_closed_week_sends_its_summary_once_to_the_members_including_readers(
    time_machine, schedule_a, municipality_a, coordinator_a, recipients_a, reader_a, django_capture_on_commit_callbacks
):
    # Week 9 is closed on Monday of week 10, before week 10's reminder is due.
    time_machine.move_to("2025-03-03 08:30:00+01:00", tick=False)
    report = WeeklyReportFactory(municipality=municipality_a, week=WEEK.shifted(-1), summary="Lugn vecka.")
    report_services.week_close(report=report, actor=coordinator_a)
    for _ in range(2):
        dispatch(django_capture_on_commit_callbacks)
    summaries = ReminderDelivery.objects.filter(kind=Kind.SUMMARY)
    assert {d.user for d in summaries} == {*recipients_a, reader_a}
    assert {(d.iso_week, d.status) for d in summaries} == {(9, "sent")}
    assert emails_per_recipient() == Counter({user.email: 1 for user in [*recipients_a, reader_a]})
    assert all("Lugn vecka." in message.body for message in mail.outbox)


def test_no_summary_when_the_schedule_says_so_or_the_member_opted_out(
    time_machine, schedule_a, municipality_a, coordinator_a, contributor_a, django_capture_on_commit_callbacks
):
    time_machine.move_to("2025-03-03 08:30:00+01:00", tick=False)
    NotificationOptOut.objects.create(user=contributor_a, kind="reminders.summary")
    report = WeeklyReportFactory(municipality=municipality_a, week=WEEK.shifted(-1))
    report_services.week_close(report=report, actor=coordinator_a)
    dispatch(django_capture_on_commit_callbacks)
    assert set(emails_per_recipient()) == {coordinator_a.email}
    schedule_a.send_summary = False
    schedule_a.save()
    ReminderDelivery.objects.all().delete()
    mail.outbox.clear()
    dispatch(django_capture_on_commit_callbacks)
    assert not mail.outbox


def test_a_member_who_opts_out_after_the_dispatch_is_not_emailed(
    due_now, contributor_a, recipients_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reminders_dispatch()
    NotificationOptOut.objects.create(user=contributor_a, kind="reminders.contribution")
    for callback in callbacks:
        callback()
    assert contributor_a.email not in emails_per_recipient()
    skipped = ReminderDelivery.objects.get(user=contributor_a)
    assert (skipped.status, skipped.last_error) == ("skipped", "no longer a recipient")


def test_a_coordinator_is_reminded_whatever_their_role_label(
    due_now, municipality_a, police_a, django_capture_on_commit_callbacks
):
    chief = member(municipality_a, police_a, role=Role.COORDINATOR, username="polischef")
    dispatch(django_capture_on_commit_callbacks)
    assert chief.email in emails_per_recipient()


# --- Real concurrency, on PostgreSQL --------------------------------------------


@pytest.fixture
def postgres(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL) for real concurrency")


@pytest.mark.postgres
def test_three_dispatches_two_of_them_at_once_send_one_reminder_per_recipient(
    postgres, time_machine, schedule_a, municipality_a, police_a, recipients_a
):
    time_machine.move_to(AFTER_DUE, tick=False)
    recipients = recipients_a + [member(municipality_a, police_a, username=f"polis-{n}") for n in range(30)]
    start = threading.Barrier(2)

    def run(_: int) -> int:
        try:
            start.wait()
            return reminders_dispatch().queued  # each send task runs eagerly after its commit
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        queued = list(pool.map(run, range(2)))
    assert sum(queued) == len(recipients)  # the rows were shared out, none queued twice
    assert reminders_dispatch().queued == 0
    assert emails_per_recipient() == Counter({user.email: 1 for user in recipients})
    assert ReminderDelivery.objects.filter(status="sent").count() == len(recipients)


def test_closing_an_old_week_sends_no_summary(
    time_machine, schedule_a, municipality_a, coordinator_a, recipients_a, django_capture_on_commit_callbacks
):
    time_machine.move_to(AFTER_DUE, tick=False)
    for weeks_back in (2, 3, 30):
        report = WeeklyReportFactory(municipality=municipality_a, week=WEEK.shifted(-weeks_back))
        report_services.week_close(report=report, actor=coordinator_a)
    dispatch(django_capture_on_commit_callbacks)
    assert set(ReminderDelivery.objects.filter(kind=Kind.SUMMARY).values_list("iso_week", flat=True)) == {8}
