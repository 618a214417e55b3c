import pytest

from agreements.tests.factories import (
    AgreementFactory,
    AgreementSignatoryFactory,
    CommitmentFactory,
    FocusAreaFactory,
    PledgeFactory,
    PriorityAreaFactory,
)


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def agreement_a(municipality_a, organisation_a, police_a):
    agreement = AgreementFactory(municipality=municipality_a, title="Överenskommelse A")
    agreement.parties.set([organisation_a, police_a])
    PriorityAreaFactory(agreement=agreement, position=1, title="Välfärdsbrott")
    AgreementSignatoryFactory(agreement=agreement, organisation=police_a, name="Johan Lundberg")
    # Signed only when every party has signed.
    AgreementSignatoryFactory(agreement=agreement, organisation=organisation_a, name="Anna Berg")
    return agreement


@pytest.fixture
def pledge_a(municipality_a, organisation_a):
    pledge = PledgeFactory(municipality=municipality_a, title="Medborgarlöfte A")
    pledge.parties.set([organisation_a])
    return pledge


@pytest.fixture
def area_a(pledge_a):
    return FocusAreaFactory(pledge=pledge_a, title="Centrummiljön")


@pytest.fixture
def commitment_a(area_a, police_a):
    return CommitmentFactory(focus_area=area_a, responsible=police_a, what="Medborgardialoger", target_count=3)
