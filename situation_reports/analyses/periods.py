"""Analysis periods: a tertial, a quarter or a year, as ISO weeks.

The weekly reports are the data, so a period is a run of whole ISO weeks: a
week belongs to the period that holds its Thursday, the rule that gives an
ISO week its year. Year 2026 is therefore weeks 2026-W01 (Monday 29 December
2025) to 2026-W53 (ending Sunday 3 January 2027), and no week is ever counted
in two periods. "The same period a year earlier" is the same months of the
year before, by the same rule (it may have a week more or less).
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..weeks import IsoWeek


class PeriodKind(models.TextChoices):
    TERTIAL = "tertial", pgettext_lazy("period", "Tertial")
    QUARTER = "quarter", pgettext_lazy("period", "Quarter")
    YEAR = "year", pgettext_lazy("period", "Year")


MONTHS_PER_PART = {PeriodKind.TERTIAL: 4, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}
PARTS = {kind: 12 // months for kind, months in MONTHS_PER_PART.items()}


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= PARTS[self.kind]:
            raise ValueError(f"{self.kind} {self.number} does not exist")

    @property
    def first_day(self) -> date:
        """The first calendar day of the period's months."""
        return date(self.year, (self.number - 1) * MONTHS_PER_PART[self.kind] + 1, 1)

    @property
    def last_day(self) -> date:
        """The last calendar day of the period's months."""
        month = self.number * MONTHS_PER_PART[self.kind]
        return date(self.year, month, monthrange(self.year, month)[1])

    @property
    def first_week(self) -> IsoWeek:
        """The first week whose Thursday falls in the period."""
        thursday = self.first_day + timedelta(days=(3 - self.first_day.weekday()) % 7)
        return IsoWeek.of(thursday)

    @property
    def last_week(self) -> IsoWeek:
        """The last week whose Thursday falls in the period."""
        thursday = self.last_day - timedelta(days=(self.last_day.weekday() - 3) % 7)
        return IsoWeek.of(thursday)

    @property
    def weeks(self) -> list[IsoWeek]:
        count = (self.last_week.monday - self.first_week.monday).days // 7 + 1
        return [self.first_week.shifted(offset) for offset in range(count)]

    @property
    def start(self) -> date:
        """Monday of the first week."""
        return self.first_week.monday

    @property
    def end(self) -> date:
        """Sunday of the last week."""
        return self.last_week.sunday

    def year_before(self) -> Period:
        return Period(self.kind, self.year - 1, self.number)

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.YEAR:
            return str(self.year)
        if self.kind == PeriodKind.TERTIAL:
            return _("Tertial %(number)s %(year)s") % {"number": self.number, "year": self.year}
        return _("Quarter %(number)s %(year)s") % {"number": self.number, "year": self.year}

    def __str__(self) -> str:
        return str(self.label)
