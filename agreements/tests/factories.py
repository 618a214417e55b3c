"""Factories of agreements and pledges. Children take their municipality from
the parent, so test data never crosses tenants by accident."""

from datetime import date

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from agreements.models import (
    Agreement,
    AgreementSignatory,
    CitizenPledge,
    Commitment,
    Evaluation,
    FocusArea,
    PledgeFollower,
    PledgeSignatory,
    PriorityArea,
    ProgressUpdate,
)
from portal.tests.factories import MunicipalityFactory, OrganisationFactory


def _organisation_of(municipality):
    """An organisation taking part in `municipality`."""
    return OrganisationFactory(municipalities=[municipality])


class AgreementFactory(DjangoModelFactory):
    class Meta:
        model = Agreement

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Samverkansöverenskommelse {n}")
    period_start = date(2023, 1, 1)
    period_end = date(2026, 12, 31)
    background = "Lägesbilden visar behov av samverkan."


class PriorityAreaFactory(DjangoModelFactory):
    class Meta:
        model = PriorityArea

    agreement = factory.SubFactory(AgreementFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Prioritering {n}")


class _SignatoryFactory(DjangoModelFactory):
    """Someone who signs the parent `document` (an agreement or a pledge) for
    an organisation of its municipality."""

    class Meta:
        abstract = True

    name = factory.Faker("name", locale="sv_SE")
    organisation = factory.LazyAttribute(lambda o: _organisation_of(o.document.municipality))


class AgreementSignatoryFactory(_SignatoryFactory):
    class Meta:
        model = AgreementSignatory

    class Params:
        document = factory.SelfAttribute("agreement")

    agreement = factory.SubFactory(AgreementFactory)
    title = "Lokalpolisområdeschef"
    signed_on = date(2022, 11, 30)


class PledgeFactory(DjangoModelFactory):
    class Meta:
        model = CitizenPledge

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Medborgarlöfte {n}")
    period_start = date(2026, 1, 1)
    period_end = date(2026, 12, 31)
    evaluation_due = date(2027, 2, 28)

    class Params:
        published = factory.Trait(is_published=True, published_at=factory.LazyFunction(timezone.now))


class PledgeSignatoryFactory(_SignatoryFactory):
    class Meta:
        model = PledgeSignatory

    class Params:
        document = factory.SelfAttribute("pledge")

    pledge = factory.SubFactory(PledgeFactory)
    title = "Kommunstyrelsens ordförande"
    signed_on = date(2026, 2, 16)


class FocusAreaFactory(DjangoModelFactory):
    class Meta:
        model = FocusArea

    pledge = factory.SubFactory(PledgeFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Fokusområde {n}")


class CommitmentFactory(DjangoModelFactory):
    class Meta:
        model = Commitment

    focus_area = factory.SubFactory(FocusAreaFactory)
    position = factory.Sequence(lambda n: n + 1)
    what = factory.Sequence(lambda n: f"Trygghetsvandring {n}")
    responsible = factory.LazyAttribute(lambda o: _organisation_of(o.focus_area.pledge.municipality))
    status = Commitment.Status.PLANNED


class ProgressUpdateFactory(DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    commitment = factory.SubFactory(CommitmentFactory)
    date = date(2026, 3, 1)
    text = "Första vandringen genomförd."
    status = Commitment.Status.ONGOING


class EvaluationFactory(DjangoModelFactory):
    class Meta:
        model = Evaluation

    pledge = factory.SubFactory(PledgeFactory)
    outcome = Evaluation.Outcome.PARTLY
    text = "Det mesta genomfördes."
    evaluated_on = date(2027, 1, 20)


class FollowerFactory(DjangoModelFactory):
    class Meta:
        model = PledgeFollower

    pledge = factory.SubFactory(PledgeFactory, published=True)
    email = factory.Sequence(lambda n: f"invanare{n}@example.org")
    confirmed_at = factory.LazyFunction(timezone.now)
