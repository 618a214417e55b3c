"""Factories of analyses and plans; children take their municipality from the parent."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from portal.tests.factories import MunicipalityFactory, OrganisationFactory
from situation_reports.analyses.models import AnnualPlan, PeriodAnalysis, PlanMeasure
from situation_reports.analyses.periods import PeriodKind


class PeriodAnalysisFactory(DjangoModelFactory):
    class Meta:
        model = PeriodAnalysis

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = PeriodKind.TERTIAL
    year = 2026
    number = 1


class AnnualPlanFactory(DjangoModelFactory):
    class Meta:
        model = AnnualPlan

    municipality = factory.SubFactory(MunicipalityFactory)
    year = 2026


class PlanMeasureFactory(DjangoModelFactory):
    class Meta:
        model = PlanMeasure

    plan = factory.SubFactory(AnnualPlanFactory)
    position = factory.Sequence(lambda n: n + 1)
    what = factory.Sequence(lambda n: f"Trygghetsvandring {n}")
    responsible = factory.LazyAttribute(lambda o: OrganisationFactory(municipalities=[o.plan.municipality]))
    timing = "Våren"
