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

from django.db import transaction
from django.utils.translation import gettext_lazy

from portal import delivery
from portal.notifications import NotificationKind, register

from .models import FINISHED_STATUSES, Tip, TipStatusMail

logger = logging.getLogger(__name__)


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
    mail = TipStatusMail.objects.create(tip=tip, tip_status=tip.status, address=tip.status_email)
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


def send(*mail_ids: int) -> int:
    """Send these status mails through portal/delivery.py (claim, send,
    record: a second call finds them sent); returns how many were sent now.
    A sent mail's address is blanked at once: it is needed no longer."""
    outcome = delivery.deliver(TipStatusMail, mail_ids)
    TipStatusMail.objects.filter(pk__in=mail_ids).exclude(status=delivery.DeliveryStatus.PENDING).exclude(
        status=delivery.DeliveryStatus.SENDING
    ).update(address="")
    return outcome["sent"]


def sweep() -> int:
    """Free stale claims and send the mails whose retry is due."""
    delivery.release_stale(TipStatusMail)
    due = delivery.due(TipStatusMail)
    return send(*due) if due else 0


def forget(tip: Tip) -> int:
    """Retention: drop the tip's unsent mails and every copy of the address."""
    unsent = (delivery.DeliveryStatus.PENDING, delivery.DeliveryStatus.SENDING, delivery.DeliveryStatus.FAILED)
    deleted, _ = tip.status_mails.filter(status__in=unsent).delete()
    tip.status_mails.exclude(address="").update(address="")
    return deleted
