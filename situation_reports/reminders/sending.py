"""Sending reminders in chunks, at the speed of the queue.

The dispatcher queues one `send_reminders` task per chunk of up to `CHUNK`
deliveries of one municipality. The task hands the chunk to
`portal.delivery.deliver`, which claims every row with one conditional
UPDATE, builds the messages here (`build_messages`), sends them over ONE
SMTP connection and records the sent rows in bulk (one UPDATE every
`REMINDERS_RECORD_EVERY` messages); a recipient whose server
refuses goes back to pending with a backoff (the requeue sweep queues it when
due), failed after `ReminderDelivery.max_attempts`.

`build_messages` reads the schedule and the recipients once per municipality
and kind, and builds one message per week, organisation, language and tip access (the
week's context, the tips line and the .ics are the same for all of them),
serialized once (`portal.emails.Serialized`); each recipient gets a copy of
those bytes addressed to them, with its own Date and Message-ID.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from portal import delivery, emails

from . import mail, selectors
from .models import BriefingSchedule, ReminderDelivery

CHUNK = 200
describe = delivery.describe


def deliveries_send(*, delivery_ids: Sequence[int], connection=None) -> dict[str, int]:
    return delivery.deliver(
        ReminderDelivery, delivery_ids, connection=connection, flush_every=settings.REMINDERS_RECORD_EVERY
    )


@dataclass(frozen=True)
class SendOutcome:
    status: str


def delivery_send(*, delivery_id: int) -> SendOutcome:
    """One delivery (a resend, or a test); returns its status afterwards."""
    delivery.deliver(ReminderDelivery, [delivery_id])
    status = ReminderDelivery.objects.filter(pk=delivery_id).values_list("status", flat=True).first()
    return SendOutcome(status or "missing")


def build_messages(
    deliveries: Sequence[ReminderDelivery],
) -> list[tuple[ReminderDelivery, EmailMultiAlternatives | str]]:
    """The message of each delivery, or None for one no longer to be sent
    (reminders switched off, no longer a recipient, opted out)."""
    groups: dict[tuple[int, str], list[ReminderDelivery]] = defaultdict(list)
    for row in deliveries:
        groups[(row.municipality_id, row.kind)].append(row)
    built = []
    for (municipality_id, kind), rows in groups.items():
        schedule = BriefingSchedule.objects.filter(municipality_id=municipality_id).first()
        if schedule is None or not schedule.enabled:
            built += [(row, "reminders switched off") for row in rows]
            continue
        memberships = {
            membership.user_id: membership
            for membership in selectors.recipient_memberships(schedule=schedule, kind=kind)
            .select_related("organisation")
            .filter(user_id__in=[row.user_id for row in rows])
        }
        rendered: dict[tuple, emails.Serialized] = {}
        weeks: dict = {}  # the week's report and contributions, shared by every organisation
        for row in rows:
            membership = memberships.get(row.user_id)
            if membership is None:
                built.append((row, "no longer a recipient"))
                continue
            language = row.user.language or settings.LANGUAGE_CODE
            # What the email says depends on these alone: the week, the
            # organisation (its actions, whether it contributed), the language,
            # and whether the recipient handles tips (the tips line counts
            # the tips they may see: all, or those shared with their organisation).
            key = (
                row.iso_year,
                row.iso_week,
                row.meeting_at,
                membership.organisation_id,
                language,
                membership.handles_tips,
            )
            if key not in rendered:
                rendered[key] = emails.Serialized(mail.build(row, membership, weeks=weeks))
            built.append((row, rendered[key].copy(row.user.email)))
    return built
