"""The chunked send task against a real (local) SMTP server: per-recipient
retries with backoff, a failure recorded and logged once, resending, stale
claims, one SMTP connection per chunk, and never a second email for a sent
row."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.utils import timezone

from portal import delivery as deliveries
from situation_reports.reminders import sending
from situation_reports.reminders.models import ReminderDelivery
from situation_reports.reminders.services import (
    ResendError,
    deliveries_requeue_stale,
    delivery_resend,
    reminders_dispatch,
)
from situation_reports.reminders.tasks import send_reminders
from situation_reports.reminders.tests.conftest import AFTER_DUE

Status = ReminderDelivery.Status


@pytest.fixture
def one_recipient(time_machine, schedule_a, contributor_a):
    time_machine.move_to(AFTER_DUE, tick=False)
    return contributor_a


def dispatch(capture) -> ReminderDelivery:
    with capture(execute=True):
        reminders_dispatch()
    return ReminderDelivery.objects.first()


def sweep_after(time_machine, capture, minutes: float) -> None:
    """Let `minutes` pass and run beat's requeue sweep (retries are due)."""
    time_machine.move_to(timezone.now() + timedelta(minutes=minutes), tick=False)
    with capture(execute=True):
        deliveries_requeue_stale()


def test_one_of_three_recipients_refused_twice_is_retried_alone_and_gets_it_on_the_third_attempt(
    smtp_server, time_machine, schedule_a, recipients_a, django_capture_on_commit_callbacks, caplog
):
    time_machine.move_to(AFTER_DUE, tick=False)
    refused = recipients_a[1]
    smtp_server.refuse_to, smtp_server.refusals = refused.email, 2
    with caplog.at_level(logging.WARNING):
        dispatch(django_capture_on_commit_callbacks)
        row = ReminderDelivery.objects.get(user=refused)
        assert (row.status, row.attempts, row.last_error) == (Status.PENDING, 1, "SMTPDataError 451")
        assert row.next_attempt_at == timezone.now() + timedelta(minutes=1)  # backs off: 1 minute
        sweep_after(time_machine, django_capture_on_commit_callbacks, 1)
        row.refresh_from_db()
        assert row.next_attempt_at == timezone.now() + timedelta(minutes=2)  # then 2
        sweep_after(time_machine, django_capture_on_commit_callbacks, 1)
        assert ReminderDelivery.objects.get(pk=row.pk).status == Status.PENDING  # not due yet
        sweep_after(time_machine, django_capture_on_commit_callbacks, 1)
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (Status.SENT, 3, "")
    received = sorted(envelope.rcpt_tos[0] for envelope in smtp_server.accepted)
    assert received == sorted(user.email for user in recipients_a)  # everyone exactly once
    assert smtp_server.attempts == 3
    assert "failed after" not in caplog.text and refused.email not in caplog.text


def test_a_server_that_always_refuses_ends_in_a_failure_logged_once_that_can_be_resent(
    smtp_server, one_recipient, admin_user, time_machine, django_capture_on_commit_callbacks, caplog
):
    smtp_server.refusals = 99
    smtp_server.code = "554 5.7.1 Rejected: no@where.example"
    with caplog.at_level(logging.WARNING):
        delivery = dispatch(django_capture_on_commit_callbacks)
        for _ in range(5):
            sweep_after(time_machine, django_capture_on_commit_callbacks, 10)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.FAILED, 3)
    assert delivery.last_error == "SMTPDataError 554"  # never the server's text, which may quote an address
    assert not smtp_server.accepted
    assert len([r for r in caplog.records if "failed after" in r.getMessage()]) == 1
    assert "no@where" not in caplog.text and one_recipient.email not in caplog.text

    smtp_server.refusals = 0
    with django_capture_on_commit_callbacks(execute=True):
        delivery_resend(delivery=delivery, actor=admin_user)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (Status.SENT, 1, "")
    assert len(smtp_server.accepted) == 1
    with pytest.raises(ResendError):
        delivery_resend(delivery=delivery, actor=admin_user)


def test_a_redelivered_task_does_not_send_a_second_email(one_recipient, django_capture_on_commit_callbacks):
    delivery = dispatch(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    send_reminders.apply(args=[[delivery.pk]])  # the broker hands the task out again
    assert sending.delivery_send(delivery_id=delivery.pk).status == Status.SENT
    assert len(mail.outbox) == 1


def test_a_claim_whose_worker_died_returns_to_pending_and_is_sent(
    one_recipient, time_machine, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # queued, but the worker ...
        reminders_dispatch()
    delivery = ReminderDelivery.objects.get()
    assert deliveries.claim(ReminderDelivery, [delivery.pk])  # ... claimed it and was killed
    sweep_after(time_machine, django_capture_on_commit_callbacks, 5)
    assert ReminderDelivery.objects.get().status == Status.SENDING and not mail.outbox
    sweep_after(time_machine, django_capture_on_commit_callbacks, 6)  # older than STALE_AFTER
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.SENT, 2) and len(mail.outbox) == 1


def test_an_unreachable_server_is_retried_like_a_refusing_one(
    settings, one_recipient, time_machine, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    delivery = dispatch(django_capture_on_commit_callbacks)
    for _ in range(3):
        sweep_after(time_machine, django_capture_on_commit_callbacks, 10)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (Status.FAILED, 3, "ConnectionRefusedError")


class CountingBackend(SMTPBackend):
    """Django's SMTP backend, counting the SMTP connections it opens."""

    opened = 0

    def open(self):
        new = super().open()
        CountingBackend.opened += bool(new)
        return new


def test_a_chunk_is_sent_over_one_smtp_connection_and_rendered_once_per_organisation_and_language(
    smtp_server,
    settings,
    time_machine,
    schedule_a,
    recipients_a,
    municipality_a,
    police_a,
    django_capture_on_commit_callbacks,
):
    from situation_reports.reminders.tests.conftest import member

    time_machine.move_to(AFTER_DUE, tick=False)
    extra = [member(municipality_a, police_a, username=f"polis-{n}") for n in range(5)]
    settings.EMAIL_BACKEND = "situation_reports.reminders.tests.test_sending.CountingBackend"
    CountingBackend.opened = 0
    with django_capture_on_commit_callbacks(execute=False) as queued:
        reminders_dispatch()
    assert len(queued) == 1  # one chunk task for the municipality, not one per message
    builds = []
    real_build = sending.mail.build
    sending.mail.build = lambda row, membership, **shared: (
        builds.append(membership.organisation_id) or real_build(row, membership, **shared)
    )
    try:
        queued[0]()
    finally:
        sending.mail.build = real_build
    assert CountingBackend.opened == 1
    received = sorted(envelope.rcpt_tos[0] for envelope in smtp_server.accepted)
    assert received == sorted(u.email for u in [*recipients_a, *extra])
    assert len(builds) == len(set(builds))  # once per organisation (all in one language here)
    assert set(ReminderDelivery.objects.values_list("status", flat=True)) == {Status.SENT}


def test_a_chunk_reads_open_actions_and_tip_counts_once_however_many_organisations_it_mails(
    time_machine, schedule_a, municipality_a, django_capture_on_commit_callbacks
):
    """Six organisations' contributors (and three coordinators, who see
    every tip) in one chunk: one query for every organisation's open actions,
    one tip count per access (six organisations' shared tips, and all tips
    once for the coordinators), and each email lists its own organisation's
    actions, the first ten soonest due, and how many more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.models import Role
    from portal.tests.factories import OrganisationFactory
    from situation_reports.reminders.tests.conftest import WEEK, member
    from situation_reports.tests.factories import ActionFactory, WeeklyReportFactory

    time_machine.move_to(AFTER_DUE, tick=False)
    report = WeeklyReportFactory(municipality=municipality_a, week=WEEK)
    organisations = [OrganisationFactory(name=f"Org {n}", municipalities=[municipality_a]) for n in range(6)]
    people = {}
    for n, organisation in enumerate(organisations):
        people[organisation] = member(municipality_a, organisation, username=f"bidrag-{n}")
        if n < 3:
            member(municipality_a, organisation, role=Role.COORDINATOR, username=f"samordnare-{n}")
        for number in range(n * 3):  # Org 4 and Org 5 have more than ten
            ActionFactory(report=report, responsible_organisation=organisation, what=f"Åtgärd {n}.{number:02d}")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        reminders_dispatch()
    assert len(queued) == 1
    with CaptureQueriesContext(connection) as captured:
        queued[0]()
    reads = [query["sql"] for query in captured.captured_queries if query["sql"].startswith("SELECT")]
    assert sum('FROM "situation_reports_action"' in sql for sql in reads) == 1
    assert sum('FROM "tips_tip"' in sql for sql in reads) == 7
    for n, organisation in enumerate(organisations):
        body = next(message.body for message in mail.outbox if message.to == [people[organisation].email])
        listed = re.findall(r"Åtgärd (\d)\.(\d\d)", body)
        assert listed == [(str(n), f"{number:02d}") for number in range(min(n * 3, 10))]
        assert (f"och {n * 3 - 10} till" in body) == (n * 3 > 10)
        if n == 0:
            assert "har inga öppna åtgärder" in body
