"""Telling coordinators that a tip has arrived, through a transactional
outbox (TipNotification): the row is written with the tip and a task is
queued after commit. The task fans it out into one `TipNotificationDelivery`
per coordinator and sends them with `portal.delivery.deliver` (claim, send
over one connection, record): a coordinator whose mail server refuses is
retried alone, with backoff, and marked failed after the last attempt for a
coordinator to see and resend. A periodic sweep does what the broker missed.

The email holds a link and the tip's number, never its content or anything
about the resident.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from portal import delivery, emails
from portal import queue as queue_tasks
from portal.models import Membership, Role, User

from .models import TipNotification, TipNotificationDelivery

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = TipNotificationDelivery.max_attempts
CHUNK = 200


def _safely(task, *args) -> None:
    """Queue `task`; if the broker is down, leave it to the sweep. Runs
    after commit, so nothing here may fail the resident's request, nor wait
    long for a frozen broker (portal.queue: short timeout, then skipped)."""
    try:
        queue_tasks.publish(task, *args)
    except Exception:
        logger.exception("Queueing %s failed; it waits for the sweep", task.name)


def queue(notification_id: int) -> None:
    from .tasks import send_tip_notification

    _safely(send_tip_notification, notification_id)


def recipients(municipality_id: int) -> QuerySet[User]:
    """The municipality's tip handlers (coordinators and the members they
    named) with a verified email address."""
    handlers = Q(role=Role.COORDINATOR) | Q(role=Role.CONTRIBUTOR, is_tip_handler=True)
    user_ids = Membership.objects.filter(handlers, municipality_id=municipality_id).values("user_id")
    return User.objects.filter(pk__in=user_ids, is_active=True, email_verified=True).exclude(email="").order_by("pk")


def expand(notification_id: int) -> bool:
    """Create one delivery per tip handler, once (the row lock and the
    unique constraint make a second call a no-op). True when done now."""
    with transaction.atomic():
        notification = (
            TipNotification.objects.select_for_update()
            .select_related("tip")
            .filter(pk=notification_id, expanded_at__isnull=True)
            .first()
        )
        if notification is None:
            return False
        user_ids = list(recipients(notification.tip.municipality_id).values_list("pk", flat=True))
        TipNotificationDelivery.objects.bulk_create(
            [TipNotificationDelivery(notification=notification, user_id=user_id) for user_id in user_ids],
            ignore_conflicts=True,
        )
        notification.expanded_at = timezone.now()
        notification.recipients = len(user_ids)
        notification.save(update_fields=["expanded_at", "recipients"])
        if not user_ids:
            logger.warning("Tip notification %s: no tip handler with a verified email address", notification.pk)
        return True


def send(notification_id: int) -> dict[str, int]:
    """Fan out (if not yet) and send the notification's due deliveries."""
    expand(notification_id)
    pks = list(
        TipNotificationDelivery.objects.filter(
            notification_id=notification_id, status=delivery.DeliveryStatus.PENDING
        ).values_list("pk", flat=True)
    )
    return delivery.deliver(TipNotificationDelivery, pks)


def build_message(row: TipNotificationDelivery):
    user = row.user
    if not user.is_active or not user.email:
        return None
    tip = row.notification.tip
    municipality = tip.municipality
    path = reverse("tips:tip-detail", args=[municipality.slug, tip.pk])
    context = {"municipality": municipality, "tip_number": tip.pk, "link": f"{settings.SITE_URL}{path}"}
    return emails.build("tips/emails/tip-new", user.email, context, language=user.language)


def unexpanded_due(now: datetime) -> list[int]:
    """Notifications whose fan-out the broker missed (older than one sweep
    interval, a minute: younger ones may still be on their way)."""
    grace = timedelta(seconds=settings.TIPS_SWEEP_SECONDS)
    rows = TipNotification.objects.filter(expanded_at__isnull=True, created__lte=now - grace)
    return list(rows.order_by("pk").values_list("pk", flat=True)[:500])


def sweep(now: datetime | None = None) -> int:
    """Free stale claims, queue missed fan-outs and due retries. Returns how
    many tasks were queued."""
    from .tasks import send_tip_deliveries, send_tip_notification

    now = now or timezone.now()
    delivery.release_stale(TipNotificationDelivery, now=now)
    queued = 0
    for notification_id in unexpanded_due(now):
        _safely(send_tip_notification, notification_id)
        queued += 1
    for chunk in delivery.chunks(delivery.due(TipNotificationDelivery, now=now), CHUNK):
        _safely(send_tip_deliveries, chunk)
        queued += 1
    return queued
