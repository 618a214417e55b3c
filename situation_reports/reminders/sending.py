"""Sending one delivery, once.

The row is locked (`select_for_update`) and its status checked before the
email is built; it stays locked until the outcome is saved. A redelivered
task (`acks_late`, a killed worker, a restarted broker) waits for the lock
and then finds the row sent, so no second email goes out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from smtplib import SMTPException

from django.db import transaction
from django.utils import timezone

from . import mail, selectors
from .models import BriefingSchedule, ReminderDelivery

logger = logging.getLogger(__name__)

Status = ReminderDelivery.Status
MAX_ATTEMPTS = 3
# SMTPException is an OSError; both are named for the reader. Anything else
# is a bug, not a mail server having a bad moment, and is not retried.
TRANSIENT = (SMTPException, OSError)


@dataclass(frozen=True)
class SendOutcome:
    status: str
    retry_in: int | None = None  # seconds, when the caller should try again


def backoff(attempts: int) -> int:
    """Seconds before the next try: 1 minute, then 2, 4, …"""
    return 60 * 2 ** (attempts - 1)


def describe(error: BaseException) -> str:
    """The error's kind and SMTP code only: a server's message may quote the
    recipient's address."""
    code = getattr(error, "smtp_code", "")
    return f"{type(error).__name__} {code}".strip()[:200]


def _skip_reason(delivery: ReminderDelivery):
    """The recipient's membership if they are still to get this email, or
    the reason they are not."""
    schedule = BriefingSchedule.objects.filter(municipality_id=delivery.municipality_id).first()
    if schedule is None or not schedule.enabled:
        return None, "reminders switched off"
    membership = (
        selectors.recipient_memberships(schedule=schedule, kind=delivery.kind)
        .select_related("organisation")
        .filter(user_id=delivery.user_id)
        .first()
    )
    return membership, "" if membership is not None else "no longer a recipient"


def delivery_send(*, delivery_id: int) -> SendOutcome:
    """Send delivery `delivery_id` if it is still pending; record the outcome."""
    with transaction.atomic():
        delivery = (
            ReminderDelivery.objects.select_for_update(of=("self",))
            .select_related("municipality", "user")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != Status.PENDING:
            return SendOutcome(delivery.status if delivery else "missing")
        membership, reason = _skip_reason(delivery)
        if membership is None:
            delivery.status, delivery.last_error = Status.SKIPPED, reason
            delivery.save(update_fields=["status", "last_error"])
            return SendOutcome(Status.SKIPPED)
        delivery.attempts += 1
        message = mail.build(delivery, membership)
        try:
            message.send()
        except TRANSIENT as error:
            return _record_failure(delivery, error)
        delivery.status, delivery.sent_at, delivery.last_error = Status.SENT, timezone.now(), ""
        delivery.save(update_fields=["status", "sent_at", "attempts", "last_error"])
        return SendOutcome(Status.SENT)


def _record_failure(delivery: ReminderDelivery, error: BaseException) -> SendOutcome:
    delivery.last_error = describe(error)
    final = delivery.attempts >= MAX_ATTEMPTS
    if final:
        delivery.status = Status.FAILED
    else:
        delivery.queued_at = timezone.now()  # the retry is queued now; the sweep leaves it alone
    delivery.save(update_fields=["status", "attempts", "last_error", "queued_at"])
    logger.warning(
        "briefing reminder %s not sent (attempt %s of %s): %s",
        delivery.pk,
        delivery.attempts,
        MAX_ATTEMPTS,
        delivery.last_error,
    )
    return SendOutcome(delivery.status, retry_in=None if final else backoff(delivery.attempts))
