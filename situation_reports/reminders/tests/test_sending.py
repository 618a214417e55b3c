"""The send task against a real (local) SMTP server: retries with backoff,
a recorded failure, resending, and never a second email for a sent row."""

from __future__ import annotations

import pytest
from django.core import mail

from situation_reports.reminders import sending
from situation_reports.reminders.models import ReminderDelivery
from situation_reports.reminders.services import ResendError, delivery_resend, reminders_dispatch
from situation_reports.reminders.tasks import send_reminder
from situation_reports.reminders.tests.conftest import AFTER_DUE

Status = ReminderDelivery.Status


@pytest.fixture
def one_recipient(time_machine, schedule_a, contributor_a):
    time_machine.move_to(AFTER_DUE, tick=False)
    return contributor_a


def dispatch(capture) -> ReminderDelivery:
    with capture(execute=True):
        reminders_dispatch()
    return ReminderDelivery.objects.get()


def test_a_server_that_refuses_twice_gets_the_reminder_on_the_third_attempt(
    smtp_server, one_recipient, django_capture_on_commit_callbacks, caplog
):
    smtp_server.refusals = 2
    delivery = dispatch(django_capture_on_commit_callbacks)
    assert smtp_server.attempts == 3
    assert [envelope.rcpt_tos for envelope in smtp_server.accepted] == [[one_recipient.email]]
    assert (delivery.status, delivery.attempts, delivery.last_error) == (Status.SENT, 3, "")
    assert "attempt 1 of 3" in caplog.text and "attempt 2 of 3" in caplog.text
    assert one_recipient.email not in caplog.text


def test_the_retries_back_off_exponentially(
    smtp_server, one_recipient, django_capture_on_commit_callbacks, monkeypatch
):
    smtp_server.refusals = 2
    countdowns = []
    apply_async = send_reminder.apply_async

    def spy(*args, **kwargs):
        countdowns.append(kwargs.get("countdown"))
        return apply_async(*args, **kwargs)

    monkeypatch.setattr(send_reminder, "apply_async", spy)
    dispatch(django_capture_on_commit_callbacks)
    assert countdowns == [None, 60, 120]


def test_a_server_that_always_refuses_ends_in_a_recorded_failure_that_can_be_resent(
    smtp_server, one_recipient, admin_user, django_capture_on_commit_callbacks
):
    smtp_server.refusals = 99
    smtp_server.code = "554 5.7.1 Rejected: no@where.example"
    delivery = dispatch(django_capture_on_commit_callbacks)
    assert (delivery.status, delivery.attempts) == (Status.FAILED, 3)
    assert delivery.last_error == "SMTPDataError 554"  # never the server's text, which may quote an address
    assert not smtp_server.accepted

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
    send_reminder.apply(args=[delivery.pk])  # the broker hands the task out again
    assert sending.delivery_send(delivery_id=delivery.pk).status == Status.SENT
    assert len(mail.outbox) == 1


def test_an_unreachable_server_is_retried_like_a_refusing_one(
    settings, one_recipient, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    delivery = dispatch(django_capture_on_commit_callbacks)
    assert (delivery.status, delivery.attempts, delivery.last_error) == (Status.FAILED, 3, "ConnectionRefusedError")


def test_the_beat_sweep_queues_what_a_broker_outage_lost_and_gives_up_after_two_days(
    time_machine, one_recipient, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from situation_reports.reminders.services import deliveries_requeue_stale

    with django_capture_on_commit_callbacks(execute=False):  # the broker was down: nothing ran
        reminders_dispatch()
    delivery = ReminderDelivery.objects.get()
    assert delivery.queued_at is not None and delivery.status == Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        assert deliveries_requeue_stale() == 0  # too early to tell a lost task from a slow one
    time_machine.move_to(timezone.now() + timedelta(minutes=11), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert deliveries_requeue_stale() == 1
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT and len(mail.outbox) == 1

    ReminderDelivery.objects.filter(pk=delivery.pk).update(status=Status.PENDING, sent_at=None)
    time_machine.move_to(timezone.now() + timedelta(days=3), tick=False)
    assert deliveries_requeue_stale() == 0
    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_error) == (Status.FAILED, "not sent in time")
