"""Thin Celery wrappers: load by id, call the mail module or a service.
What was sent is recorded on `WalkFollowerDelivery` rows, never in the broker."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task
from django.utils import timezone

from portal import delivery

from . import mail, selectors
from .models import WalkFollowerDelivery

TRANSIENT = (SMTPException, ConnectionError, TimeoutError)
CHUNK = 200


@shared_task(name="walks.send_follow_confirmation", autoretry_for=TRANSIENT, retry_backoff=True, max_retries=3)
def send_follow_confirmation(follower_id: int) -> None:
    mail.send_confirmation(follower_id)


@shared_task(name="walks.dispatch_deliveries")
def dispatch_deliveries(kind: str, object_id: int) -> None:
    """Queue the pending deliveries of one event, in chunks."""
    model = WalkFollowerDelivery
    pending = model.objects.filter(kind=kind, object_id=object_id, status=model.Status.PENDING)
    for chunk in delivery.chunks(list(pending.order_by("pk").values_list("pk", flat=True)), CHUNK):
        send_deliveries.delay(chunk)


@shared_task(name="walks.send_deliveries", acks_late=True)
def send_deliveries(delivery_ids: list[int]) -> None:
    delivery.deliver(WalkFollowerDelivery, delivery_ids)


@shared_task(name="walks.sweep")
def sweep() -> int:
    """Beat: free claims a dead worker left, queue deliveries never queued
    or whose retry is due, tell followers of follow-up that is done and of
    edits of a published report that have rested."""
    from . import services  # services queue these tasks

    model = WalkFollowerDelivery
    delivery.release_stale(model)
    for walk_id in selectors.walk_ids_to_follow_up():
        services.walk_follow_up_notify(walk_id=walk_id)
    for walk_id in selectors.walk_ids_with_report_update_due(now=timezone.now()):
        services.walk_report_update_notify(walk_id=walk_id)
    queued = 0
    for chunk in delivery.chunks(delivery.due(model), CHUNK):
        send_deliveries.delay(chunk)
        queued += 1
    return queued


@shared_task(name="walks.erase_due")
def erase_due() -> int:
    """Daily: queue retention for every walk with something due to erase."""
    due = selectors.walk_ids_due_for_erasure(now=timezone.now())
    for walk_id in due:
        erase_walk.delay(walk_id)
    return len(due)


@shared_task(name="walks.erase_walk", acks_late=True)
def erase_walk(walk_id: int) -> None:
    from . import services

    services.walk_erase_due(walk_id=walk_id)
