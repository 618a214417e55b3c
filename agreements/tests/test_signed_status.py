"""An agreement is signed when every party has a signatory with a date."""

from datetime import date

import pytest
from django.urls import reverse

from agreements.models import Agreement, AgreementSignatory
from agreements.tests.factories import AgreementFactory
from portal.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_parties(municipality_a):
    parties = [
        OrganisationFactory(name=n, municipalities=[municipality_a]) for n in ("Kommunen", "Polisen", "Bostaden")
    ]
    agreement = AgreementFactory(
        municipality=municipality_a, period_start=date(2025, 1, 1), period_end=date(2027, 12, 31)
    )
    agreement.parties.set(parties)
    return agreement, parties


def sign(agreement, organisation, signed_on=date(2025, 1, 10)):
    return AgreementSignatory.objects.create(
        agreement=agreement, organisation=organisation, name="N N", title="Chef", signed_on=signed_on
    )


def test_one_party_signing_is_not_enough_and_the_page_names_the_others(reader_client, municipality_a, three_parties):
    agreement, (kommunen, polisen, bostaden) = three_parties
    sign(agreement, kommunen)
    sign(agreement, polisen, signed_on=None)  # listed, not yet signed
    assert not Agreement.objects.get(pk=agreement.pk).is_signed
    assert not Agreement.objects.signed().filter(pk=agreement.pk).exists()
    page = reader_client.get(reverse("agreements:agreement-detail", args=[municipality_a.slug, agreement.pk]))
    assert "Ännu inte undertecknad av: Bostaden, Polisen" in page.content.decode()


def test_every_party_with_a_dated_signatory_is_signed(municipality_a, three_parties):
    agreement, parties = three_parties
    for party in parties:
        sign(agreement, party)
    sign(agreement, parties[0], signed_on=None)  # a second signer of a party that has signed already
    assert Agreement.objects.get(pk=agreement.pk).is_signed
    assert Agreement.objects.signed().filter(pk=agreement.pk).exists()
    assert Agreement.objects.with_signature_counts().get(pk=agreement.pk).is_signed
