"""The demo tells a true story: what it links is related, who owns what
would own it, each municipality speaks of its own organisations, and
nothing has happened on a day still to come."""

import pytest
from django.apps import apps
from django.utils import timezone

from agreements.models import Agreement
from portal import demo as portal_demo
from situation_reports.analyses.demo import serves
from situation_reports.analyses.models import AnalysisLink, PlanMeasure
from situation_reports.models import Action, Attendance, Observation, PresenceEntry, WeeklyReport
from situation_reports.reminders.models import BriefingSchedule
from tips.models import Tip

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(db):
    municipalities = portal_demo.load()
    for config in apps.get_app_configs():
        loader = getattr(config, "load_demo", None)
        if loader is not None:
            loader(municipalities)
    return municipalities


def test_every_action_is_owned_by_an_organisation_of_its_municipality_that_would_own_it(demo_world):
    for action in Action.objects.select_related("report__municipality", "responsible_organisation"):
        owner = action.responsible_organisation
        assert owner.municipalities.filter(pk=action.report.municipality_id).exists()
        if "polisnärvaro" in action.what:
            assert owner.kind == "police", action.what
        if action.what.startswith(("Sanera klotter", "Se över och laga")):
            assert owner.kind in ("housing", "municipality"), action.what


def test_no_municipality_mentions_a_housing_company_it_does_not_have(demo_world):
    for municipality in demo_world.values():
        has_housing = municipality.organisations.filter(kind="housing").exists()
        for report in WeeklyReport.objects.for_municipality(municipality).exclude(public_summary=""):
            assert ("bostadsbolaget" in report.public_summary) == has_housing, municipality.slug
    texts = {
        slug: set(WeeklyReport.objects.for_municipality(m).exclude(summary="").values_list("summary", flat=True))
        for slug, m in demo_world.items()
    }
    assert texts["lerum"].isdisjoint(texts["varmdo"]) and texts["botkyrka"].isdisjoint(texts["arboga"])
    assert any("Botkyrkabyggen" in t for t in texts["botkyrka"])
    assert any("välfärdsbrott" in t for t in texts["lerum"])


def test_every_plan_measure_cites_a_priority_of_its_own_agreement_that_it_serves(demo_world):
    measures = PlanMeasure.objects.select_related("plan__agreement", "priority__agreement")
    assert measures.filter(priority__isnull=False).exists()
    for measure in measures.filter(priority__isnull=False):
        assert measure.priority.agreement_id == measure.plan.agreement_id
        assert serves(measure.what, measure.priority), (measure.what, measure.priority.title)
    lerum = Agreement.objects.get(municipality=demo_world["lerum"])
    weekend = measures.get(plan__agreement=lerum, what__startswith="Gemensamma helgkvällar")
    assert weekend.priority.title.startswith("Narkotika")


def test_every_analysis_link_to_a_priority_is_about_it(demo_world):
    for link in AnalysisLink.objects.select_related("place", "category").prefetch_related("priorities"):
        subject = link.place.name if link.place_id else f"{link.category.name_i18n.get('sv', '')} {link.category.slug}"
        for priority in link.priorities.all():
            assert serves(subject, priority), (subject, priority.title)


def test_every_municipality_has_a_reminder_schedule_a_signed_story_and_no_future_dates(demo_world):
    now = timezone.now()
    for municipality in demo_world.values():
        assert BriefingSchedule.objects.filter(municipality=municipality).exists(), municipality.slug
    assert not Tip.objects.filter(personal_data_erased_at__gt=now).exists()
    assert not WeeklyReport.objects.filter(closed_at__gt=now).exists()
    assert not PresenceEntry.objects.filter(starts_at__gt=now).exists()
    assert not Observation.objects.filter(date__gt=timezone.localdate()).exists()


def test_the_weeks_have_times_certainty_presence_and_attendance(demo_world):
    botkyrka = demo_world["botkyrka"]
    observations = Observation.objects.for_municipality(botkyrka)
    assert observations.filter(part_of_day="evening").count() > observations.filter(part_of_day="morning").count()
    assert observations.filter(source="own").exclude(certainty="confirmed").count() == 0
    assert observations.filter(certainty="suspected").exists()
    assert PresenceEntry.objects.for_municipality(botkyrka).filter(organisation__kind="housing").exists()
    assert Attendance.objects.filter(report__municipality=botkyrka).exists()
    # Lerum has no housing company, so no hosts on its presence log.
    assert not PresenceEntry.objects.for_municipality(demo_world["lerum"]).filter(organisation__kind="housing").exists()
