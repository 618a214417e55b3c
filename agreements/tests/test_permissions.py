"""The one agreements URL outside a municipality. Every other internal URL,
for every role and for other municipalities, is in the one URL x role matrix
(portal/tests/test_role_matrix.py) and the tenant-isolation test."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_cross_municipality_due_list_needs_a_login(client):
    response = client.get(reverse("agreements:commitment-due-all"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
