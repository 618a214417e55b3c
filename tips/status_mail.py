"""Telling a resident who asked for it that their tip's status has changed:
one e-mail per status change, exactly once (an outbox row per change,
written in the change's transaction and locked while sending).

The e-mail says only that the status changed and links to the follow-up
page. It never holds the tip's text, its number or the receipt code: an
e-mail is not encrypted, and whoever reads it must still have the code.

The address is erased from the tip when the tip is closed (the closing
mail keeps its own copy until it is sent) and by retention, which also
drops every unsent mail."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from portal import emails
from portal.notifications import NotificationKind, register

from .models import FINISHED_STATUSES, Tip, TipStatusMail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


@register
class TipStatusChanged(NotificationKind):
    """Residents opt in per tip (no account): not offered on the account page."""

    key = "tips.status_changed"
    opt_out_label = gettext_lazy("e-mail to the resident when the status of their tip changes")
    account_page = False


def record_change(tip: Tip) -> TipStatusMail | None:
    """Inside the status change's transaction: queue the mail (if the
    resident asked for it) and, when the tip is now finished, erase the
    tip's copy of the address."""
    if not tip.status_email or tip.personal_data_erased_at:
        return None
    mail = TipStatusMail.objects.create(tip=tip, status=tip.status, address=tip.status_email)
    if tip.status in FINISHED_STATUSES:
        tip.status_email = ""
        tip.save(update_fields=["status_email"])
    transaction.on_commit(lambda: _deliver(mail.pk))
    return mail


def _deliver(mail_id: int) -> None:
    try:
        send(mail_id)
    except Exception:
        logger.warning("Status e-mail %s not sent; it waits for the sweep", mail_id, exc_info=True)


def send(mail_id: int) -> bool:
    """Send one status mail unless sent or no longer wanted; True when sent now."""
    with transaction.atomic():
        mail = (
            TipStatusMail.objects.select_for_update()
            .select_related("tip__municipality")
            .filter(pk=mail_id, sent_at__isnull=True)
            .first()
        )
        if mail is None or not mail.address or mail.tip.personal_data_erased_at:
            return False
        mail.attempts += 1
        municipality = mail.tip.municipality
        context = {"municipality": municipality, "link": settings.SITE_URL + reverse("tips:follow-up")}
        try:
            emails.send("tips/emails/tip-status", mail.address, context, language="sv")
        except (OSError, ConnectionError):  # smtplib.SMTPException is an OSError
            mail.save(update_fields=["attempts"])
            logger.warning("Status e-mail %s not sent (attempt %s)", mail.pk, mail.attempts)
            return False
        mail.sent_at = timezone.now()
        mail.address = ""  # needed no longer
        mail.save(update_fields=["attempts", "sent_at", "address"])
        return True


def due() -> list[int]:
    """Unsent mails at least a minute old (younger ones are still being sent after commit)."""
    old = timezone.now() - timedelta(minutes=1)
    return list(
        TipStatusMail.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS, created__lte=old)
        .exclude(address="")
        .values_list("pk", flat=True)[:500]
    )


def forget(tip: Tip) -> int:
    """Retention: drop the tip's unsent mails and every copy of the address."""
    deleted, _ = tip.status_mails.filter(sent_at__isnull=True).delete()
    tip.status_mails.exclude(address="").update(address="")
    return deleted
