"""The reminders' thin Celery tasks: load by id, call a service. What was
sent is recorded on the rows, never in the broker. The task names keep the
parent app's prefix so that beat schedules and queued messages still match."""

from __future__ import annotations

from celery import shared_task

from . import sending, services


@shared_task(name="situation_reports.dispatch_reminders")
def dispatch_reminders() -> int:
    """Beat, every 15 minutes: create the briefing reminders due and queue
    them in chunks. Returns how many deliveries were queued."""
    return services.reminders_dispatch().queued


@shared_task(name="situation_reports.send_reminders", acks_late=True)
def send_reminders(delivery_ids: list[int]) -> None:
    """Send one chunk (one municipality) over one SMTP connection. The rows,
    not Celery, count the attempts; a refused recipient's retry is queued by
    the requeue sweep when its backoff is over."""
    sending.deliveries_send(delivery_ids=delivery_ids)


@shared_task(name="situation_reports.send_reminder", acks_late=True)
def send_reminder(delivery_id: int) -> None:
    """One reminder (kept for messages queued before chunks existed)."""
    sending.delivery_send(delivery_id=delivery_id)


@shared_task(name="situation_reports.requeue_reminders")
def requeue_reminders() -> int:
    """Beat: queue the reminders whose task a broker outage or a dead worker lost."""
    return services.deliveries_requeue_stale()
