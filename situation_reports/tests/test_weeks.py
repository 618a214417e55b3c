from datetime import date

import pytest

from situation_reports.weeks import IsoWeek, current_week

STOCKHOLM = "Europe/Stockholm"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 12, 30), IsoWeek(2025, 1)),  # a Monday in December already belongs to next year
        (date(2021, 1, 3), IsoWeek(2020, 53)),  # a Sunday in January still belongs to last year
        (date(2026, 12, 31), IsoWeek(2026, 53)),
        (date(2025, 3, 5), IsoWeek(2025, 10)),
    ],
)
def test_iso_weeks_follow_the_swedish_calendar_across_year_ends(day, expected):
    assert IsoWeek.of(day) == expected


def test_week_53_exists_only_in_long_years():
    assert IsoWeek.parse(2020, 53) == IsoWeek(2020, 53)
    assert IsoWeek.parse(2023, 53) is None
    assert IsoWeek.parse(2025, 0) is None
    assert IsoWeek.parse(1999, 10) is None


def test_shifting_crosses_the_year_end():
    assert IsoWeek(2020, 53).shifted(1) == IsoWeek(2021, 1)
    assert IsoWeek(2025, 1).shifted(-1) == IsoWeek(2024, 52)
    assert IsoWeek(2025, 10).shifted(-12) == IsoWeek(2024, 50)


def test_a_week_runs_monday_to_sunday():
    week = IsoWeek(2025, 1)
    assert (week.monday, week.sunday) == (date(2024, 12, 30), date(2025, 1, 5))
    assert week.contains(date(2025, 1, 5)) and not week.contains(date(2025, 1, 6))


def test_sunday_late_evening_in_stockholm_is_still_the_old_week(time_machine):
    # 22:30 UTC on Sunday 9 March is 23:30 in Stockholm: still week 10.
    time_machine.move_to("2025-03-09 22:30:00+00:00", tick=False)
    assert current_week(STOCKHOLM) == IsoWeek(2025, 10)


def test_monday_just_after_midnight_in_stockholm_is_the_new_week_although_utc_is_still_sunday(time_machine):
    time_machine.move_to("2025-03-09 23:15:00+00:00", tick=False)
    assert current_week(STOCKHOLM) == IsoWeek(2025, 11)
    assert current_week("UTC") == IsoWeek(2025, 10)


def test_new_years_night_in_stockholm_opens_week_1(time_machine):
    time_machine.move_to("2024-12-29 23:30:00+00:00", tick=False)  # Monday 30 Dec, 00:30 in Stockholm
    assert current_week(STOCKHOLM) == IsoWeek(2025, 1)
