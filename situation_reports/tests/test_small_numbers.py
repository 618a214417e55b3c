"""Small counts are suppressed for the public, exact internally."""

from __future__ import annotations

import pytest
from django.urls import reverse

from situation_reports import selectors, services
from situation_reports.tests.factories import ObservationFactory, WeeklyReportFactory
from situation_reports.weeks import IsoWeek

pytestmark = pytest.mark.django_db


def test_public_counts_below_the_threshold_read_fewer_than(
    client, coordinator_client, coordinator_a, municipality_a, place_a
):
    report = WeeklyReportFactory(municipality=municipality_a, week=IsoWeek(2025, 9))
    ObservationFactory(report=report, place=place_a, count=1)
    services.week_close(report=report, actor=coordinator_a)
    url = reverse("situation_reports:week-publish", args=[municipality_a.slug, 2025, 9])
    coordinator_client.post(url, {"public_summary": "En lugn vecka."})
    content = client.get(f"/kommun/{municipality_a.slug}/lagesbild/").content.decode()
    assert "färre än 3" in content
    counts = selectors.public_counts(reports=[report])[report.pk]
    assert counts["places"][0]["total"] == 1 and counts["places"][0]["shown"] == "färre än 3"
    municipality_a.public_count_threshold = 1
    municipality_a.save()
    report.refresh_from_db()
    assert selectors.public_counts(reports=[report])[report.pk]["places"][0]["shown"] == "1"
