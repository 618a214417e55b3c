import pytest

from portal import demo as portal_demo
from portal.models import Category, Place
from situation_reports import demo
from situation_reports.models import Action, Observation, WeeklyReport
from situation_reports.weeks import current_week
from tips.models import TipStatus
from tips.tests.factories import TipFactory

pytestmark = pytest.mark.django_db


def test_the_demo_has_twelve_plausible_weeks_per_municipality_and_loads_idempotently():
    municipalities = portal_demo.load()
    botkyrka = municipalities["botkyrka"]
    tip = TipFactory(
        municipality=botkyrka, place=Place.objects.get(municipality=botkyrka, name="Fittja centrum"),
        category=Category.objects.get(slug="narcotics"),
    )  # fmt: skip
    demo.load(municipalities)

    for municipality in municipalities.values():
        reports = WeeklyReport.objects.for_municipality(municipality)
        assert reports.count() == 12
        assert reports.filter(status="closed").count() == 10
        assert reports.filter(published_at__isnull=False).count() == 2
        assert Observation.objects.for_municipality(municipality).exists()
    this_week = current_week("Europe/Stockholm")
    assert WeeklyReport.objects.for_municipality(botkyrka).for_week(this_week).get().is_open
    assert Action.objects.for_municipality(botkyrka).filter(carried_over_from__isnull=False).exists()
    assert Place.objects.filter(municipality=municipalities["arboga"], name="Sätra").exists()
    assert (
        Observation.objects.for_municipality(botkyrka).count()
        > Observation.objects.for_municipality(municipalities["lerum"]).count()
    )
    tip.refresh_from_db()
    assert tip.status == TipStatus.USED_IN_REPORT and Observation.objects.get(tip=tip).source == "tip"

    counts = (WeeklyReport.objects.count(), Observation.objects.count(), Action.objects.count())
    demo.load(municipalities)
    assert (WeeklyReport.objects.count(), Observation.objects.count(), Action.objects.count()) == counts
