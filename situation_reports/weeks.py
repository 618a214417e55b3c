"""ISO weeks in a municipality's own time zone.

A week is named by its ISO year and number (Monday to Sunday, week 1 holds
the year's first Thursday), as Swedish calendars do. "This week" is decided
by the municipality's local date, so Sunday 23:30 in Stockholm is still
Sunday, whatever the server's clock says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    @classmethod
    def of(cls, day: date) -> IsoWeek:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @classmethod
    def parse(cls, year: int, week: int) -> IsoWeek | None:
        """The week, or None when it does not exist (e.g. week 53 of 2023)."""
        try:
            date.fromisocalendar(year, week, 1)
        except ValueError:
            return None
        if not 2000 <= year <= 2100:
            return None
        return cls(year, week)

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    def shifted(self, weeks: int) -> IsoWeek:
        return IsoWeek.of(self.monday + timedelta(weeks=weeks))

    def contains(self, day: date) -> bool:
        return self.monday <= day <= self.sunday

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"


def local_today(tz_name: str) -> date:
    """Today's date where the municipality is."""
    return timezone.localdate(timezone=ZoneInfo(tz_name))


def current_week(tz_name: str) -> IsoWeek:
    return IsoWeek.of(local_today(tz_name))
