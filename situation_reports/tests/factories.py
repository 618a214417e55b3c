"""Factories of the weekly report. Observations and actions take their
municipality from the report, so test data never crosses tenants."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import factory
from factory.django import DjangoModelFactory

from portal.models import Category
from portal.tests.factories import MunicipalityFactory, OrganisationFactory, PlaceFactory
from situation_reports.models import Action, Decision, Observation, PresenceEntry, WeeklyReport
from situation_reports.weeks import IsoWeek


class WeeklyReportFactory(DjangoModelFactory):
    class Meta:
        model = WeeklyReport
        django_get_or_create = ["municipality", "iso_year", "iso_week"]

    class Params:
        week = IsoWeek(2025, 10)

    municipality = factory.SubFactory(MunicipalityFactory)
    iso_year = factory.LazyAttribute(lambda o: o.week.year)
    iso_week = factory.LazyAttribute(lambda o: o.week.week)


class ObservationFactory(DjangoModelFactory):
    class Meta:
        model = Observation

    report = factory.SubFactory(WeeklyReportFactory)
    organisation = factory.LazyAttribute(lambda o: OrganisationFactory(municipalities=[o.report.municipality]))
    category = factory.LazyFunction(lambda: Category.objects.get(slug="vandalism-graffiti"))
    place = factory.LazyAttribute(lambda o: PlaceFactory(municipality=o.report.municipality))
    date = factory.LazyAttribute(lambda o: o.report.week.monday)
    count = 1
    description = "Klotter på fasaden."
    source = Observation.Source.OWN


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    report = factory.SubFactory(WeeklyReportFactory)
    what = factory.Sequence(lambda n: f"Trygghetsvandring {n}")
    responsible_organisation = factory.LazyAttribute(
        lambda o: OrganisationFactory(municipalities=[o.report.municipality])
    )
    status = Action.Status.PLANNED


class PresenceEntryFactory(DjangoModelFactory):
    class Meta:
        model = PresenceEntry

    report = factory.SubFactory(WeeklyReportFactory)
    organisation = factory.LazyAttribute(lambda o: OrganisationFactory(municipalities=[o.report.municipality]))
    people = "Två fältassistenter"
    place = factory.LazyAttribute(lambda o: PlaceFactory(municipality=o.report.municipality))
    starts_at = factory.LazyAttribute(
        lambda o: datetime.combine(o.report.week.monday, time(18), tzinfo=ZoneInfo(o.report.municipality.timezone))
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    activity = "Rörde sig i centrum och pratade med unga."


class DecisionFactory(DjangoModelFactory):
    class Meta:
        model = Decision

    report = factory.SubFactory(WeeklyReportFactory)
    text = factory.Sequence(lambda n: f"Beslut {n}: gemensam trygghetsvandring")
