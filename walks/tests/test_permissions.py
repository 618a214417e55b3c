"""What the URL x role matrix (portal/tests/test_role_matrix.py) and the
tenant-isolation test do not check: a choice may only name an organisation
that collaborates in the walk's municipality."""

import uuid

import pytest
from django.urls import reverse

from portal.tests.factories import OrganisationFactory
from walks.models import Finding

pytestmark = pytest.mark.django_db


def test_a_finding_cannot_name_an_organisation_outside_the_municipality(contributor_client, walk_a, municipality_b):
    elsewhere = OrganisationFactory(municipalities=[municipality_b])
    url = reverse("walks:finding-create", kwargs={"municipality_slug": walk_a.municipality.slug, "pk": walk_a.pk})
    data = {"kind": "dark", "description": "Mörkt.", "owner": elsewhere.pk, "idempotency_key": str(uuid.uuid4())}
    response = contributor_client.post(url, data, HTTP_X_WALKS_SCRIPT="1")
    assert response.status_code == 400 and "owner" in response.json()["errors"]
    assert not Finding.objects.exists()
