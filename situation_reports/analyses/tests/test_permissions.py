"""What analyses show other municipalities. Every analyses and plan URL,
for every role and for other municipalities, is in the one URL x role matrix
(portal/tests/test_role_matrix.py) and the tenant-isolation test."""

import pytest
from django.urls import reverse

from agreements.tests.factories import AgreementFactory
from portal.tests.factories import PlaceFactory
from situation_reports.analyses.models import AnalysisLink

from .factories import AnnualPlanFactory, PeriodAnalysisFactory, PlanMeasureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(municipality_a, frozen):
    analysis = PeriodAnalysisFactory(municipality=municipality_a)
    link = AnalysisLink.objects.create(analysis=analysis, place=PlaceFactory(municipality=municipality_a))
    plan = AnnualPlanFactory(municipality=municipality_a)
    PlanMeasureFactory(plan=plan)
    return {"analysis": analysis.pk, "link": link.pk, "plan": plan.pk}


def test_an_agreement_of_another_municipality_shows_no_analyses(official_b_client, municipality_b, objects):
    agreement = AgreementFactory(municipality=municipality_b)
    response = official_b_client.get(reverse("agreements:agreement-detail", args=[municipality_b.slug, agreement.pk]))
    assert response.status_code == 200
    assert "Tertial" not in response.content.decode()
