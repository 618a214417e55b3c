"""The reminders' thin Celery tasks: load by id, call a service. What was
sent is recorded on the rows, never in the broker. The task names keep the
parent app's prefix so that beat schedules and queued messages still match."""

from __future__ import annotations

import logging

from celery import shared_task
from kombu.exceptions import OperationalError as BrokerError

from . import sending, services

logger = logging.getLogger(__name__)


@shared_task(name="situation_reports.dispatch_reminders")
def dispatch_reminders() -> int:
    """Beat, every 15 minutes: create the briefing reminders due and queue
    one send task each. Returns how many were queued."""
    return services.reminders_dispatch().queued


@shared_task(name="situation_reports.send_reminder", acks_late=True)
def send_reminder(delivery_id: int) -> None:
    """Send one reminder. The row, not Celery, counts the attempts; a failed
    attempt queues the next one with its backoff as a new message (so that
    the in-process mode without a broker retries too, at once)."""
    outcome = sending.delivery_send(delivery_id=delivery_id)
    if outcome.retry_in is None:
        return
    try:
        send_reminder.apply_async(args=[delivery_id], countdown=outcome.retry_in)
    except (BrokerError, OSError) as error:
        # The row stays pending; the requeue sweep picks it up.
        logger.warning("could not queue the retry of reminder %s: %s", delivery_id, type(error).__name__)


@shared_task(name="situation_reports.requeue_reminders")
def requeue_reminders() -> int:
    """Beat: queue the reminders whose task a broker outage or a dead worker lost."""
    return services.deliveries_requeue_stale()
