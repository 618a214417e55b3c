"""Thin Celery wrappers: load by id, call the mail module. What was sent is
recorded on `FollowerDelivery` rows, never in the broker."""

from __future__ import annotations

from datetime import timedelta
from smtplib import SMTPException

from celery import shared_task
from django.utils import timezone

from . import mail
from .models import FollowerDelivery

TRANSIENT = (SMTPException, ConnectionError, TimeoutError)
MAX_RETRIES = 5


@shared_task(name="agreements.send_follow_confirmation", autoretry_for=TRANSIENT, retry_backoff=True, max_retries=3)
def send_follow_confirmation(follower_id: int) -> None:
    mail.send_confirmation(follower_id)


@shared_task(name="agreements.dispatch_deliveries")
def dispatch_deliveries(kind: str, object_id: int) -> None:
    """Queue one send task per pending delivery of one event."""
    pending = FollowerDelivery.objects.filter(kind=kind, object_id=object_id, state=FollowerDelivery.State.PENDING)
    for pk in pending.values_list("pk", flat=True):
        send_delivery.delay(pk)


@shared_task(name="agreements.send_delivery", bind=True, acks_late=True, max_retries=MAX_RETRIES)
def send_delivery(self, delivery_id: int) -> None:
    try:
        mail.send_delivery(delivery_id)
    except TRANSIENT as error:
        if self.request.retries >= MAX_RETRIES:
            mail.record_failure(delivery_id, error)
            return
        raise self.retry(exc=error, countdown=min(60 * 2**self.request.retries, 3600)) from error


@shared_task(name="agreements.sweep_pending_deliveries")
def sweep_pending_deliveries() -> None:
    """Beat: queue deliveries that were never queued (the broker was down)
    or whose worker died. Sending twice is prevented by the row lock."""
    now = timezone.now()
    stale = FollowerDelivery.objects.filter(
        state=FollowerDelivery.State.PENDING,
        created__lt=now - timedelta(minutes=10),
        created__gte=now - timedelta(days=2),
    )
    for pk in stale.values_list("pk", flat=True)[:500]:
        send_delivery.delay(pk)
