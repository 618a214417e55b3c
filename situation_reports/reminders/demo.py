"""Demo briefing schedules: one per demo municipality, at the day and time
their groups could plausibly meet. Idempotent: an existing schedule is left
as a coordinator may have changed it."""

from __future__ import annotations

from datetime import time

from portal.models import Municipality

from . import services
from .models import BriefingSchedule, Weekday

# slug -> (meeting day, meeting time, hours before)
SCHEDULES = {
    "botkyrka": (Weekday.TUESDAY, time(9, 0), 24),
    "borlange": (Weekday.WEDNESDAY, time(13, 0), 24),
    "lerum": (Weekday.THURSDAY, time(8, 30), 48),
    "varmdo": (Weekday.MONDAY, time(10, 0), 72),
    "arboga": (Weekday.FRIDAY, time(9, 0), 24),
}


def load(municipalities: dict[str, Municipality]) -> None:
    for slug, (weekday, at, hours_before) in SCHEDULES.items():
        municipality = municipalities.get(slug)
        if municipality is None or BriefingSchedule.objects.filter(municipality=municipality).exists():
            continue
        schedule = BriefingSchedule(
            municipality=municipality, meeting_weekday=weekday, meeting_time=at, reminder_hours_before=hours_before
        )
        services.schedule_save(schedule=schedule, actor=None)
