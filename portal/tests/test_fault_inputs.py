"""Inputs that once answered 500: each gets a calm answer now."""

from __future__ import annotations

import pytest
from django.core import mail

from portal.models import Membership, User
from portal.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_username_longer_than_the_lockout_table_holds_is_an_ordinary_failed_login(client, db):
    for length in (151, 256, 5000):
        response = client.post("/konto/logga-in/", {"username": "a" * length, "password": "x"})
        assert response.status_code in (200, 403), length
    assert not response.wsgi_request.user.is_authenticated


def test_inviting_an_address_whose_old_owner_kept_it_as_username(
    coordinator_client, municipality_a, organisation_a, django_capture_on_commit_callbacks
):
    # Someone was invited as kim@example.org, then changed their address.
    UserFactory(username="kim@example.org", email="kim.ny@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            "/intern/kommun-a/deltagare/bjud-in/",
            {
                "email": "Kim@example.org",
                "first_name": "Kim",
                "last_name": "Andersson",
                "organisation": organisation_a.pk,
                "role": "reader",
            },
        )
    assert response.status_code == 302
    invited = User.objects.get(email="Kim@example.org")
    assert invited.username != "kim@example.org" and invited.username.startswith("kim@example.org")
    assert Membership.objects.filter(user=invited, municipality=municipality_a).exists()
    assert mail.outbox and mail.outbox[-1].to == ["Kim@example.org"]
