"""The reminders fan-out stand-in (see ReminderStandIn): a dispatcher that
creates one delivery row per recipient under a unique constraint and queues
one send task per row, and a send that renders the email in the recipient's
language and records it sent under a row lock, as agreements' follower
deliveries do. Used by bench/fanout.py until the reminders feature lands."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal import emails
from portal.models import Membership, Organisation
from situation_reports.weeks import current_week

from .models import ReminderStandIn

KINDS = (Organisation.Kind.POLICE, Organisation.Kind.MUNICIPALITY, Organisation.Kind.HOUSING)
_connection = None  # one SMTP connection per worker process when reusing


def recipients(limit: int):
    """Memberships to remind: police, municipality and housing participants
    with a verified address who have not opted out."""
    return (
        Membership.objects.filter(
            organisation__kind__in=KINDS,
            user__is_active=True,
            user__email_verified=True,
        )
        .exclude(user__email="")
        .exclude(user__notification_opt_outs__kind="reminders.contribution")
        .order_by("pk")
        .values_list("user_id", "municipality_id")[:limit]
    )


def dispatch(limit: int) -> list[int]:
    """Create this week's delivery rows (once) and return the pending ones."""
    week = current_week(settings.TIME_ZONE)
    rows = [
        ReminderStandIn(user_id=user, municipality_id=town, iso_year=week.year, iso_week=week.week)
        for user, town in recipients(limit)
    ]
    ReminderStandIn.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    pending = ReminderStandIn.objects.filter(
        iso_year=week.year, iso_week=week.week, state=ReminderStandIn.State.PENDING
    )
    return list(pending.values_list("pk", flat=True))


def _message(delivery: ReminderStandIn) -> EmailMultiAlternatives:
    user, municipality = delivery.user, delivery.municipality
    path = reverse("situation_reports:week-detail", args=[municipality.slug, delivery.iso_year, delivery.iso_week])
    context = {
        "user": user,
        "municipality": municipality,
        "week": delivery.iso_week,
        "meeting": timezone.now(),
        "link": f"{settings.SITE_URL}{path}",
        "account_link": f"{settings.SITE_URL}{reverse('portal:account')}",
    }
    headers = {"Auto-Submitted": "auto-generated"}
    return emails.build("bench/emails/reminder", user.email, context, language=user.language, headers=headers)


def _send(message: EmailMultiAlternatives, reuse: bool) -> None:
    global _connection
    if not reuse:
        message.send()  # a new SMTP connection per message
        return
    if _connection is None:
        _connection = get_connection()
        _connection.open()
    try:
        _connection.send_messages([message])
    except OSError:
        _connection = None  # the server closed it: the retry opens a new one
        raise


def send(delivery_id: int, *, reuse: bool) -> bool:
    """Send one delivery once; True when sent now."""
    with transaction.atomic():
        delivery = (
            ReminderStandIn.objects.select_for_update(of=("self",))
            .select_related("user", "municipality")
            .filter(pk=delivery_id, state=ReminderStandIn.State.PENDING)
            .first()
        )
        if delivery is None:
            return False
        delivery.attempts += 1
        _send(_message(delivery), reuse)
        delivery.state = ReminderStandIn.State.SENT
        delivery.sent_at = timezone.now()
        delivery.save(update_fields=["state", "attempts", "sent_at"])
        return True
