from __future__ import annotations

import pytest

from portal.tests.factories import PlaceFactory
from situation_reports.tests.factories import WeeklyReportFactory
from situation_reports.weeks import IsoWeek

# Wednesday of ISO week 10, 2025, in Stockholm.
NOW = "2025-03-05 12:00:00+01:00"
WEEK = IsoWeek(2025, 10)


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)
    return WEEK


@pytest.fixture
def report_a(municipality_a, frozen):
    """This week's open report of municipality A."""
    return WeeklyReportFactory(municipality=municipality_a, week=frozen)


@pytest.fixture
def place_a(municipality_a):
    return PlaceFactory(municipality=municipality_a, name="Alby centrum")
