"""The kinds of briefing reminder, one class each, in the portal's
notification registry: who receives it, which templates, what it holds
beyond the common context, and (through its key) its opt-out. A new kind is
one class here plus its three templates in `situation_reports/emails/`."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models import Membership, Role
from portal.notifications import NotificationKind, kind_for, register

from . import mail
from .models import ReminderDelivery


class ReminderKind(NotificationKind):
    """Subclass with `delivery_kind` (the value of `ReminderDelivery.kind`),
    `key` ("reminders.<delivery_kind>"), `opt_out_label` and `template`."""

    delivery_kind: str = ""
    template: str = ""

    def recipients(self, memberships: QuerySet[Membership]) -> QuerySet[Membership]:
        """Narrow the schedule's recipients (already: active, verified, of
        the organisation kinds the schedule names, not opted out)."""
        return memberships

    def context(self, delivery: ReminderDelivery, context: dict, weeks: dict | None = None) -> dict:
        """The kind's additions to the common context; `weeks` is the
        builder's cache across one chunk's messages (see mail.build)."""
        return context

    def attach(self, message: EmailMultiAlternatives, delivery: ReminderDelivery, context: dict) -> None:
        """Add attachments to the built message."""


def reminder_kind(delivery_kind: str) -> ReminderKind | None:
    kind = kind_for(f"reminders.{delivery_kind}")
    return kind if isinstance(kind, ReminderKind) else None


@register
class ContributionReminder(ReminderKind):
    """Before the meeting: add your organisation's observations."""

    delivery_kind = ReminderDelivery.Kind.CONTRIBUTION
    key = "reminders.contribution"
    opt_out_label = gettext_lazy("no reminders to contribute to the weekly report")
    template = "situation_reports/emails/briefing-contribution"

    def recipients(self, memberships: QuerySet[Membership]) -> QuerySet[Membership]:
        return memberships.filter(role__in=[Role.CONTRIBUTOR, Role.COORDINATOR])  # readers cannot contribute

    def context(self, delivery: ReminderDelivery, context: dict, weeks: dict | None = None) -> dict:
        return {**context, "tips_line": mail.tips_line(delivery, context.get("membership"), weeks)}

    def attach(self, message: EmailMultiAlternatives, delivery: ReminderDelivery, context: dict) -> None:
        if delivery.meeting_at is not None:
            filename = _("meeting-week-%(week)s.ics") % {"week": delivery.iso_week}
            message.attach(filename, mail.calendar(delivery, context), "text/calendar")


@register
class SummaryReminder(ReminderKind):
    """After the week is closed: what was seen and agreed."""

    delivery_kind = ReminderDelivery.Kind.SUMMARY
    key = "reminders.summary"
    opt_out_label = gettext_lazy("no summaries of closed weeks")
    template = "situation_reports/emails/briefing-summary"
