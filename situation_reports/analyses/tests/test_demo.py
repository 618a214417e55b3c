"""The demo: for Botkyrka and Lerum an approved analysis of the latest
finished tertial, linked to the agreement or pledge, and a draft of the
year's situation picture and action plan; loading twice changes nothing."""

import pytest
from django.core.management import call_command

from situation_reports.analyses.models import AnalysisLink, AnnualPlan, PeriodAnalysis
from situation_reports.models import Observation

pytestmark = pytest.mark.django_db


def test_botkyrka_and_lerum_have_an_approved_tertial_and_a_draft_plan(time_machine):
    time_machine.move_to("2026-11-23 10:00:00+01:00", tick=False)
    call_command("load_demo")
    for slug in ("botkyrka", "lerum"):
        analysis = PeriodAnalysis.objects.get(municipality__slug=slug)
        assert (analysis.kind, analysis.year, analysis.number, analysis.status) == ("tertial", 2026, 2, "approved")
        assert analysis.approved_by is not None and analysis.conclusions
        figures = analysis.figures
        assert figures["totals"]["current"] > 0 and figures["totals"]["previous"] > 0
        assert figures["tips"]["channels"] and figures["actions"] and figures["presence"]
        assert len(figures["links"]) == 2 and AnalysisLink.objects.filter(analysis=analysis).count() == 2
        plan = AnnualPlan.objects.get(municipality__slug=slug)
        assert (plan.year, plan.status) == (2026, "draft") and plan.measures.exists()
        assert analysis.conclusions in plan.problem_picture
    assert AnnualPlan.objects.get(municipality__slug="lerum").agreement is not None
    links = AnalysisLink.objects.filter(analysis__municipality__slug="lerum")
    assert any(link.priorities.exists() for link in links)
    links = AnalysisLink.objects.filter(analysis__municipality__slug="botkyrka")
    assert any(link.commitments.exists() for link in links)

    counts = (PeriodAnalysis.objects.count(), AnnualPlan.objects.count(), Observation.objects.count())
    call_command("load_demo")
    assert (PeriodAnalysis.objects.count(), AnnualPlan.objects.count(), Observation.objects.count()) == counts
