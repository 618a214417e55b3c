"""An annual analysis of a municipality with five years of weekly data
(about 50,000 observations) is generated with the same eight grouped queries
as one of a single week. The time is not asserted (machines differ); on the
development machine it takes well under a second."""

import random
import time
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.models import Category
from portal.tests.factories import OrganisationFactory, PlaceFactory
from situation_reports.analyses.periods import Period
from situation_reports.analyses.selectors import period_figures
from situation_reports.models import Action, Observation, WeeklyReport
from situation_reports.weeks import IsoWeek
from tips.models import Tip

pytestmark = pytest.mark.django_db
PER_WEEK = 193


def _generate(municipality) -> dict[str, int]:
    """Five ISO years (2022–2026) of weekly reports; returns the 2026 and
    2025 totals for checking."""
    rng = random.Random(7)  # noqa: S311
    categories = list(Category.objects.all())
    organisations = [OrganisationFactory(municipalities=[municipality]) for _ in range(6)]
    places = [PlaceFactory(municipality=municipality) for _ in range(40)]
    week, last = IsoWeek(2022, 1), IsoWeek(2026, 52)
    reports = []
    while week <= last:
        reports.append(
            WeeklyReport(
                municipality=municipality,
                iso_year=week.year,
                iso_week=week.week,
                week_start=week.monday,
                status="closed",
                closed_at="2027-01-01T00:00Z",
            )
        )
        week = week.shifted(1)
    WeeklyReport.objects.bulk_create(reports)
    totals = {2025: 0, 2026: 0}
    observations, actions, tips = [], [], []
    for report in WeeklyReport.objects.filter(municipality=municipality):
        for _ in range(PER_WEEK):
            count = rng.choice([1, 1, 2, 3])
            if report.iso_year in totals:
                totals[report.iso_year] += count
            observations.append(
                Observation(
                    report=report,
                    organisation=rng.choice(organisations),
                    category=rng.choice(categories),
                    place=rng.choice(places),
                    date=report.week_start,
                    count=count,
                    description="Genererad iakttagelse.",
                    source=rng.choice(["own", "tip", "resident"]),
                )
            )
        for _ in range(4):
            actions.append(
                Action(
                    report=report,
                    what="Åtgärd",
                    responsible_organisation=rng.choice(organisations),
                    status=rng.choice(["planned", "done", "not_done"]),
                )
            )
        for _ in range(6):
            tips.append(Tip(municipality=municipality, category=rng.choice(categories), receipt_hash=uuid.uuid4().hex))
    Observation.objects.bulk_create(observations, batch_size=5000)
    Action.objects.bulk_create(actions, batch_size=5000)
    Tip.objects.bulk_create(tips, batch_size=5000)
    return totals


def test_an_annual_analysis_of_five_years_of_weekly_data_takes_eight_queries(municipality_a):
    totals = _generate(municipality_a)
    assert Observation.objects.for_municipality(municipality_a).count() >= 50_000
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        figures = period_figures(municipality=municipality_a, period=Period("year", 2026, 1))
        elapsed = time.perf_counter() - started
    assert len(queries) == 8
    assert figures["totals"] == {"current": totals[2026], "previous": totals[2025]}
    assert sum(p["current"] for p in figures["places"]) == totals[2026]
    print(f"annual figures over {Observation.objects.count()} observations: {elapsed * 1000:.0f} ms")  # noqa: T201
