import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from portal.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str, address: str):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_sixth_wrong_password_is_refused_even_from_another_address(client):
    UserFactory(username="lena")
    for attempt in range(5):
        assert _login(client, "lena", "fel", f"10.0.0.{attempt}").status_code == 200
    sixth = _login(Client(), "lena", "fel", "192.0.2.77")
    assert sixth.status_code == 429
    assert "För många misslyckade försök" in sixth.content.decode()
    # Locked now: even the right password is refused until the cool-off.
    assert _login(Client(), "lena", "trygghet-test", "192.0.2.78").status_code == 429


def test_lockout_leaves_other_users_alone_and_ends_after_cool_off(client, time_machine):
    time_machine.move_to("2026-11-23 10:00:00+01:00", tick=False)
    UserFactory(username="lena")
    UserFactory(username="per")
    for _ in range(6):
        _login(client, "lena", "fel", "10.0.0.1")
    assert _login(Client(), "per", "trygghet-test", "10.0.0.1").status_code == 302
    time_machine.shift(60 * 16)
    assert _login(Client(), "lena", "trygghet-test", "10.0.0.1").status_code == 302


def test_password_reset_sends_a_link_by_email(client):
    UserFactory(username="lena", email="lena@example.org")
    response = client.post(reverse("password_reset"), {"email": "lena@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/konto/aterstall/" in mail.outbox[0].body


def test_logout_needs_a_post(client):
    client.force_login(UserFactory())
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
