"""Periods are whole ISO weeks: a week belongs to the period holding its Thursday."""

from datetime import date

import pytest

from situation_reports.analyses.periods import Period
from situation_reports.weeks import IsoWeek


def test_tertial_one_of_2026_starts_with_the_week_that_began_in_december():
    period = Period("tertial", 2026, 1)
    assert (period.first_week, period.last_week) == (IsoWeek(2026, 1), IsoWeek(2026, 18))
    assert (period.start, period.end) == (date(2025, 12, 29), date(2026, 5, 3))
    assert len(period.weeks) == 18


def test_the_same_tertial_a_year_earlier_may_have_a_week_less():
    previous = Period("tertial", 2026, 1).year_before()
    assert (previous.first_week, previous.last_week) == (IsoWeek(2025, 1), IsoWeek(2025, 17))
    assert previous.start == date(2024, 12, 30)


def test_a_year_is_its_iso_weeks_including_week_53():
    period = Period("year", 2020, 1)
    assert (period.first_week, period.last_week) == (IsoWeek(2020, 1), IsoWeek(2020, 53))
    assert period.end == date(2021, 1, 3)
    assert Period("year", 2021, 1).first_week == IsoWeek(2021, 1)


def test_consecutive_periods_share_no_week_and_leave_none_out():
    weeks = [w for number in (1, 2, 3, 4) for w in Period("quarter", 2026, number).weeks]
    assert weeks == Period("year", 2026, 1).weeks


def test_labels_are_swedish():
    assert str(Period("tertial", 2026, 2).label) == "Tertial 2 2026"
    assert str(Period("quarter", 2026, 4).label) == "Kvartal 4 2026"
    assert str(Period("year", 2026, 1).label) == "2026"


def test_a_part_that_does_not_exist_is_refused():
    with pytest.raises(ValueError):
        Period("tertial", 2026, 4)
