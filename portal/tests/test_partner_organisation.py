"""A coordinator adds a partner organisation to their municipality."""

import pytest
from django.urls import reverse

from portal.models import AuditEvent, Organisation
from portal.tests.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_coordinator_adds_a_partner_organisation(coordinator_client, municipality_a):
    url = reverse("portal:partner-organisation-add", args=[municipality_a.slug])
    response = coordinator_client.post(url, {"name": "  Nattvandrarna   Alby ", "kind": "civil_society"}, follow=True)
    organisation = Organisation.objects.get(name="Nattvandrarna Alby")
    assert organisation.kind == "civil_society"
    assert list(organisation.municipalities.all()) == [municipality_a]
    assert "Nattvandrarna Alby deltar nu i" in response.content.decode()
    assert AuditEvent.objects.filter(action="organisation.partner_added").count() == 1


def test_an_organisation_working_elsewhere_joins_as_it_is_and_a_duplicate_is_refused(
    coordinator_client, municipality_a, organisation_a
):
    region = OrganisationFactory(name="Polisregion Test", kind="police", municipalities=[MunicipalityFactory()])
    url = reverse("portal:partner-organisation-add", args=[municipality_a.slug])
    coordinator_client.post(url, {"name": "polisregion test", "kind": "other"})
    region.refresh_from_db()
    assert region.kind == "police" and region.municipalities.filter(pk=municipality_a.pk).exists()
    response = coordinator_client.post(url, {"name": organisation_a.name, "kind": "municipality"})
    assert response.status_code == 200
    assert "deltar redan i den här kommunen" in response.content.decode()
    assert 'value="Kommunen A"' in response.content.decode()
