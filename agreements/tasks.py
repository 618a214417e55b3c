"""Thin Celery wrappers: load by id, call the mail module. What was sent is
recorded on `FollowerDelivery` rows, never in the broker."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task

from portal import delivery

from . import mail
from .models import FollowerDelivery

TRANSIENT = (SMTPException, ConnectionError, TimeoutError)
MAX_RETRIES = FollowerDelivery.max_attempts - 1
CHUNK = 200


@shared_task(name="agreements.send_follow_confirmation", autoretry_for=TRANSIENT, retry_backoff=True, max_retries=3)
def send_follow_confirmation(follower_id: int) -> None:
    mail.send_confirmation(follower_id)


@shared_task(name="agreements.dispatch_deliveries")
def dispatch_deliveries(kind: str, object_id: int) -> None:
    """Queue the pending deliveries of one event, in chunks."""
    pending = FollowerDelivery.objects.filter(kind=kind, object_id=object_id, status=FollowerDelivery.Status.PENDING)
    for chunk in delivery.chunks(list(pending.order_by("pk").values_list("pk", flat=True)), CHUNK):
        send_deliveries.delay(chunk)


@shared_task(name="agreements.send_deliveries", acks_late=True)
def send_deliveries(delivery_ids: list[int]) -> None:
    """Claim, send over one connection and record these deliveries."""
    delivery.deliver(FollowerDelivery, delivery_ids)


@shared_task(name="agreements.send_delivery", acks_late=True)
def send_delivery(delivery_id: int) -> None:
    """One delivery (kept for messages queued before chunks existed)."""
    delivery.deliver(FollowerDelivery, [delivery_id])


@shared_task(name="agreements.sweep_pending_deliveries")
def sweep_pending_deliveries() -> int:
    """Beat: free claims a dead worker left, queue deliveries that were never
    queued (the broker was down) or whose retry is due. Sending twice is
    prevented by the claim."""
    delivery.release_stale(FollowerDelivery)
    queued = 0
    for chunk in delivery.chunks(delivery.due(FollowerDelivery), CHUNK):
        send_deliveries.delay(chunk)
        queued += 1
    return queued
