"""Telling coordinators that a tip has arrived, through a transactional
outbox (TipNotification): the row is written with the tip, a task is queued
after commit, and a periodic sweep queues whatever the broker missed.

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
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError

from portal import emails
from portal.models import Membership, Role, User

from .models import TipNotification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
BROKER_ERRORS = (KombuOperationalError, RedisError, OSError)


def queue(notification_id: int) -> None:
    """Queue the email task; if the broker is down, leave it to the sweep.
    Runs after commit, so nothing here may fail the resident's request."""
    from .tasks import send_tip_notification

    try:
        send_tip_notification.delay(notification_id)
    except BROKER_ERRORS as error:
        logger.warning(
            "Broker unavailable (%s); tip notification %s waits for the sweep", type(error).__name__, notification_id
        )
    except Exception:
        logger.exception("Queueing tip notification %s failed; it waits for the sweep", notification_id)


def backoff(attempts: int) -> timedelta:
    """How long after the tip arrived the sweep tries again: 1, 3, 7, 15… minutes."""
    return timedelta(minutes=2 ** (attempts + 1) - 1)


def notifications_due(now: datetime) -> list[int]:
    """Unsent notifications whose next attempt is due (in ids)."""
    pending = TipNotification.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
    pending = pending.filter(created__lte=now - timedelta(minutes=1)).values_list("pk", "created", "attempts")
    return [pk for pk, created, attempts in pending[:500] if created + backoff(attempts) <= now]


def recipients(municipality_id: int) -> QuerySet[User]:
    """The municipality's tip handlers (coordinators and the members they
    named) with a verified email address."""
    handlers = Q(role=Role.COORDINATOR) | Q(role=Role.CONTRIBUTOR, is_tip_handler=True)
    user_ids = Membership.objects.filter(handlers, municipality_id=municipality_id).values("user_id")
    return User.objects.filter(pk__in=user_ids, is_active=True, email_verified=True).exclude(email="").order_by("pk")


def send(notification_id: int) -> bool:
    """Send one notification unless already sent. The row is locked while
    sending, so concurrent tasks for it send once. True when sent now."""
    with transaction.atomic():
        notification = (
            TipNotification.objects.select_for_update()
            .select_related("tip__municipality")
            .filter(pk=notification_id, sent_at__isnull=True)
            .first()
        )
        if notification is None:
            return False
        notification.attempts += 1
        try:
            count = _send_to_handlers(notification)
        except (OSError, ConnectionError) as error:  # smtplib.SMTPException is an OSError
            notification.last_error = f"{type(error).__name__}: {error}"[:300]
            notification.save(update_fields=["attempts", "last_error"])
            logger.warning("Tip notification %s not sent (attempt %s)", notification.pk, notification.attempts)
            return False
        notification.sent_at = timezone.now()
        notification.recipients = count
        notification.last_error = "" if count else "no coordinator with a verified email address"
        notification.save(update_fields=["attempts", "sent_at", "recipients", "last_error"])
        return True


def _send_to_handlers(notification: TipNotification) -> int:
    tip = notification.tip
    municipality = tip.municipality
    path = reverse("tips:tip-detail", args=[municipality.slug, tip.pk])
    context = {"municipality": municipality, "tip_number": tip.pk, "link": f"{settings.SITE_URL}{path}"}
    messages = [
        emails.build("tips/emails/tip-new", user.email, context, language=user.language)
        for user in recipients(municipality.pk)
    ]
    if messages:
        messages[0].get_connection().send_messages(messages)
    return len(messages)
