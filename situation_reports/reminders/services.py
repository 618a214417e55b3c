"""Writes of the reminders: the schedule, the dispatcher and resending.

The dispatcher is safe to run any number of times and in any number of
processes at once (pretix's and healthchecks' recipe):

1. What is due becomes `ReminderDelivery` rows through
   `bulk_create(ignore_conflicts=True)` under the unique constraint on
   (user, municipality, ISO week, kind): a row is created once, ever.
2. Pending rows not yet queued are *claimed* with a conditional UPDATE
   (`queued_at IS NULL` → now, with this dispatcher's token); only the rows a
   dispatcher's own UPDATE changed are queued by it, one task each, after
   commit, in chunks of up to CHUNK rows of one municipality. `SKIP LOCKED`
   keeps two dispatchers from waiting on each other.
3. The chunk task claims its pending rows for sending (a second conditional
   UPDATE, portal/delivery.py) and sends only those (sending.py).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from portal import delivery
from portal import services as portal_services
from portal.models import User
from portal.queue import enqueue_on_commit
from portal.services import audit_record

from . import selectors
from .due import DueReminder, candidate_weeks, is_due
from .models import BriefingSchedule, ReminderDelivery

logger = logging.getLogger(__name__)

Kind = ReminderDelivery.Kind
Status = ReminderDelivery.Status

BATCH = 1000
CHUNK = 200  # deliveries per send task, all of one municipality
# A queued row still pending this long after its last attempt was queued
# lost its task (broker outage, worker killed): queue it again.
REQUEUE_AFTER = timedelta(minutes=10)
# A reminder not sent this long after it was due is given up as failed, for
# a coordinator to see and resend; it is never sent days late by itself.
GIVE_UP_AFTER = timedelta(days=2)


@dataclass(frozen=True)
class DispatchResult:
    created: int
    queued: int


@transaction.atomic
def schedule_save(*, schedule: BriefingSchedule, actor: User | None) -> BriefingSchedule:
    created = schedule.pk is None
    schedule.full_clean()
    schedule.save()
    audit_record(
        actor=actor,
        action="briefing_schedule.created" if created else "briefing_schedule.updated",
        municipality=schedule.municipality,
        obj=schedule,
        detail="enabled" if schedule.enabled else "disabled",
    )
    return schedule


def reminders_dispatch(*, now: datetime | None = None) -> DispatchResult:
    """Create the deliveries due at `now` (or within the catch-up window
    before it) for every enabled schedule, and queue every unqueued one."""
    now = now or timezone.now()
    created = sum(_create_due(schedule, now) for schedule in selectors.schedules_enabled())
    return DispatchResult(created=created, queued=deliveries_queue(now=now))


def _create_due(schedule: BriefingSchedule, now: datetime) -> int:
    municipality = schedule.municipality
    weeks = candidate_weeks(now, municipality.timezone)
    created = 0
    for due in selectors.contribution_reminders(schedule=schedule, weeks=weeks):
        if is_due(due.due_at, now):
            created += _create(schedule, Kind.CONTRIBUTION, due)
    if schedule.send_summary:
        for report in selectors.reports_closed_since(municipality=municipality, now=now):
            created += _create(schedule, Kind.SUMMARY, DueReminder(report.week, report.meeting_at, report.closed_at))
    return created


def _create(schedule: BriefingSchedule, kind: str, due: DueReminder) -> int:
    """One pending row per recipient; rows that exist are left as they are.
    Returns how many rows were offered (ignore_conflicts cannot tell how many
    were new)."""
    user_ids = (
        selectors.recipient_memberships(schedule=schedule, kind=kind)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )
    rows = [
        ReminderDelivery(
            municipality_id=schedule.municipality_id,
            user_id=user_id,
            iso_year=due.week.year,
            iso_week=due.week.week,
            kind=kind,
            due_at=due.due_at,
            meeting_at=due.meeting_at,
        )
        for user_id in user_ids
    ]
    # Sorted inserts: concurrent dispatchers meet on the same first row and
    # wait there, instead of deadlocking on each other's rows.
    ReminderDelivery.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return len(rows)


def _claim(rows: QuerySet[ReminderDelivery], now: datetime) -> list[tuple[int, int]]:
    """Claim up to BATCH of `rows` for this caller: the rows its own
    conditional UPDATE changed, and no others, as (pk, municipality id).
    Call inside a transaction."""
    token = uuid.uuid4().hex
    candidates = list(rows.order_by("pk").select_for_update(skip_locked=True).values_list("pk", flat=True)[:BATCH])
    if not candidates:
        return []
    rows.filter(pk__in=candidates).update(queue_token=token, queued_at=now)
    claimed = ReminderDelivery.objects.filter(pk__in=candidates, queue_token=token)
    return list(claimed.order_by("municipality_id", "pk").values_list("pk", "municipality_id"))


def _chunks(claimed: list[tuple[int, int]]) -> list[list[int]]:
    """Chunks of up to CHUNK deliveries, each of one municipality."""
    by_municipality: dict[int, list[int]] = {}
    for pk, municipality_id in claimed:
        by_municipality.setdefault(municipality_id, []).append(pk)
    return [chunk for pks in by_municipality.values() for chunk in delivery.chunks(pks, CHUNK)]


def _queue_claimed(rows: QuerySet[ReminderDelivery], now: datetime) -> int:
    from .tasks import send_reminders  # the tasks module imports this one

    queued = 0
    while True:
        with transaction.atomic():
            claimed = _claim(rows, now)
            for chunk in _chunks(claimed):
                enqueue_on_commit(send_reminders, chunk)
        queued += len(claimed)
        if len(claimed) < BATCH:
            return queued


def deliveries_queue(*, now: datetime | None = None) -> int:
    """Queue, in chunks, every pending delivery that no task was queued for."""
    now = now or timezone.now()
    return _queue_claimed(ReminderDelivery.objects.pending().filter(queued_at__isnull=True), now)


def deliveries_requeue_stale(*, now: datetime | None = None) -> int:
    """Beat: free the claims of dead workers, give up on rows long overdue,
    and queue again the pending deliveries whose task was lost (the broker
    was down, the worker died) or whose retry is due. Returns how many were
    queued."""
    now = now or timezone.now()
    delivery.release_stale(ReminderDelivery, now=now)
    pending = ReminderDelivery.objects.pending()
    expired = pending.filter(due_at__lt=now - GIVE_UP_AFTER)
    given_up = expired.update(status=Status.FAILED, last_error="not sent in time")
    if given_up:
        logger.warning("%s briefing reminders were not sent in time and are marked failed", given_up)
    lost = Q(queued_at__isnull=True) | Q(queued_at__lt=now - REQUEUE_AFTER)
    retry_due = Q(attempts__gt=0, queued_at__lt=F("next_attempt_at"))
    return _queue_claimed(pending.filter(next_attempt_at__lte=now).filter(lost | retry_due), now)


def deliveries_queue_resent(*, pks: list[int]) -> int:
    """Queue resent rows (back to pending and unqueued) through the
    dispatcher's claim, so each is queued once."""
    return _queue_claimed(ReminderDelivery.objects.pending().filter(pk__in=pks, queued_at__isnull=True), timezone.now())


class ResendError(Exception):
    """Only a failed reminder can be sent again."""


def delivery_resend(*, delivery: ReminderDelivery, actor: User) -> None:
    """Put a failed delivery back to pending and queue it (after commit),
    through the one resend of every e-mail (portal/services.py)."""
    if not portal_services.delivery_resend(delivery=delivery, municipality=delivery.municipality, actor=actor):
        raise ResendError
