"""Telling the officials who handle a tip that the resident has answered:
one e-mail per reply to each handler, who may opt out (the portal's
notification registry). The handlers are those who may read the thread:
the municipality's coordinators and the members they named tip handlers
(`Membership.handles_tips`, the rule of `Tip.objects.visible_to`), never
an organisation the tip was only shared with. The e-mail holds the tip's
number and a link, never what the resident wrote."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy

from portal import emails
from portal.notifications import NotificationKind, opted_out, register

from .models import TipMessage
from .notifications import recipients

logger = logging.getLogger(__name__)


@register
class ResidentReplied(NotificationKind):
    key = "tips.resident_replied"
    opt_out_label = gettext_lazy("no e-mail when a resident answers a tip I handle")


def handlers(tip):
    return opted_out(recipients(tip.municipality_id), ResidentReplied.key)


def send(message_id: int) -> int:
    """E-mail the handlers about one resident reply; returns how many."""
    message = TipMessage.objects.select_related("tip__municipality").get(pk=message_id)
    tip = message.tip
    link = settings.SITE_URL + reverse("tips:tip-detail", args=[tip.municipality.slug, tip.pk])
    sent = 0
    for user in handlers(tip):
        context = {"municipality": tip.municipality, "tip_number": tip.pk, "link": link}
        emails.send("tips/emails/tip-reply", user.email, context, language=user.language or "sv")
        sent += 1
    return sent


def queue(message: TipMessage) -> None:
    """After the reply is committed, once; a failure never fails the resident's request."""

    def deliver() -> None:
        try:
            send(message.pk)
        except Exception:
            logger.warning("Telling the handlers of tip %s about a reply failed", message.tip_id, exc_info=True)

    transaction.on_commit(deliver)
