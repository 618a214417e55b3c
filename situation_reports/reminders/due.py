"""When a week's meeting is and when its reminder is due, in the
municipality's own time zone.

All arithmetic is done on the local wall clock and only then turned into
UTC: a meeting "Tuesday 09:00" is at 09:00 in Stockholm in winter and in
summer, and a reminder "24 hours before" it goes out Monday 09:00 local time
even on the weekend the clocks change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..weeks import IsoWeek

# A beat that did not run (a worker restart, a deploy) is made up for when
# the dispatcher runs again within this window; older reminders are not sent
# late, they would only confuse.
CATCH_UP = timedelta(days=1)


@dataclass(frozen=True)
class DueReminder:
    week: IsoWeek
    meeting_at: datetime  # aware, UTC
    due_at: datetime  # aware, UTC


def local_meeting(week: IsoWeek, weekday: int, at: time, tz: ZoneInfo) -> datetime:
    """The meeting of `week` as an aware local datetime. A time the clocks
    skip (02:30 on the last Sunday of March) is read as the hour before
    the change, as zoneinfo does with fold=0."""
    day = week.monday + timedelta(days=weekday - 1)
    return datetime.combine(day, at, tzinfo=tz)


def to_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def reminder_due(
    week: IsoWeek, *, weekday: int, at: time, hours_before: int, tz_name: str, meeting_at: datetime | None = None
) -> DueReminder:
    """The contribution reminder of `week`. `meeting_at` is the week's own
    meeting time when the coordinator moved it; otherwise the schedule's."""
    tz = ZoneInfo(tz_name)
    meeting = meeting_at.astimezone(tz) if meeting_at is not None else local_meeting(week, weekday, at, tz)
    # Aware arithmetic with a ZoneInfo is wall-clock arithmetic: the offset
    # is looked up again for the result, so "24 hours before" keeps the hour.
    local_due = meeting - timedelta(hours=hours_before)
    return DueReminder(week=week, meeting_at=to_utc(meeting), due_at=to_utc(local_due))


def candidate_weeks(now: datetime, tz_name: str) -> list[IsoWeek]:
    """The weeks whose reminder can be due between `now - CATCH_UP` and
    `now`: a reminder comes at most a week before its meeting, so last week,
    this week and next week (by the local date)."""
    this_week = IsoWeek.of(now.astimezone(ZoneInfo(tz_name)).date())
    return [this_week.shifted(-1), this_week, this_week.shifted(1)]


def is_due(due_at: datetime, now: datetime) -> bool:
    return now - CATCH_UP < due_at <= now
