"""Thin Celery tasks: load by id, call the app's code."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from . import notifications, selectors, services, status_mail


@shared_task(name="tips.send_notification", acks_late=True)
def send_tip_notification(notification_id: int) -> None:
    notifications.send(notification_id)


@shared_task(name="tips.sweep_notifications")
def sweep_notifications() -> int:
    """Queue the notifications the broker missed or the mail server refused."""
    due = notifications.notifications_due(timezone.now())
    for notification_id in due:
        notifications.queue(notification_id)
    return len(due)


@shared_task(name="tips.sweep_status_mails")
def sweep_status_mails() -> int:
    """Send the residents' status e-mails a mail-server failure left unsent."""
    due = status_mail.due()
    for mail_id in due:
        status_mail.send(mail_id)
    return len(due)


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
