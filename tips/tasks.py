"""Thin Celery tasks: load by id, call the app's code."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from portal import delivery

from . import notifications, selectors, services, status_mail
from .models import TipNotificationDelivery


@shared_task(name="tips.send_notification", acks_late=True)
def send_tip_notification(notification_id: int) -> None:
    """Fan a new tip's notification out to the coordinators and send it."""
    notifications.send(notification_id)


@shared_task(name="tips.send_deliveries", acks_late=True)
def send_tip_deliveries(delivery_ids: list[int]) -> None:
    """Send (retry, resend) these deliveries: claim, send, record."""
    delivery.deliver(TipNotificationDelivery, delivery_ids)


@shared_task(name="tips.sweep_notifications")
def sweep_notifications() -> int:
    """Beat, every minute: free stale claims, queue what the broker missed
    and the retries that are due. Returns how many tasks were queued."""
    return notifications.sweep(timezone.now())


@shared_task(name="tips.sweep_status_mails")
def sweep_status_mails() -> int:
    """Send the residents' status e-mails a mail-server failure left unsent."""
    return status_mail.sweep()


@shared_task(name="tips.erase_due")
def erase_due() -> int:
    """Daily: queue the erasure of every closed tip whose retention has run out."""
    due = selectors.tip_ids_due_for_erasure(now=timezone.now())
    for tip_id in due:
        erase_tip.delay(tip_id)
    return len(due)


@shared_task(name="tips.erase_tip", acks_late=True)
def erase_tip(tip_id: int) -> None:
    services.tip_erase_personal_data(tip_id=tip_id)
