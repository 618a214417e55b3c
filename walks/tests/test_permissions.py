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


def test_an_organisation_not_taking_part_reads_the_walk_without_its_unpublished_photos(
    contributor_client, contributor_a, walk_a, organisation_a
):
    from walks.tests.factories import FindingFactory, FindingPhotoFactory

    walk_a.organisations.set([organisation_a])  # the contributor works for the police, which does not take part
    finding = FindingFactory(walk=walk_a, description="Mörk passage bakom skolan.")
    hidden = FindingPhotoFactory(finding=finding, is_public=False)
    url = reverse("walks:walk-detail", kwargs={"municipality_slug": walk_a.municipality.slug, "pk": walk_a.pk})
    page = contributor_client.get(url).content.decode()
    assert "Mörk passage bakom skolan." in page
    assert reverse("walks:finding-photo", args=[walk_a.municipality.slug, hidden.pk]) not in page
    assert reverse("walks:finding-create", args=[walk_a.municipality.slug, walk_a.pk]) not in page
    assert reverse("walks:finding-action", args=[walk_a.municipality.slug, finding.pk]) not in page
    walk_a.organisations.add(contributor_a.memberships.get().organisation)
    page = contributor_client.get(url).content.decode()
    assert reverse("walks:finding-photo", args=[walk_a.municipality.slug, hidden.pk]) in page
    assert reverse("walks:finding-create", args=[walk_a.municipality.slug, walk_a.pk]) in page
