"""Recovery codes are stored only as keyed digests: a copy of the database
holds no code that logs anyone in, and each code still works once."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import two_factor
from portal.models import AuditEvent
from portal.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
VERIFY = "portal:two-factor-verify"


@pytest.fixture
def user_with_device(db):
    user = UserFactory(username="reserv")
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


def _password_login(user) -> Client:
    client = Client()
    assert client.post(reverse("login"), {"username": user.username, "password": "trygghet-test"}).status_code == 302
    return client


def _no_waiting() -> None:
    StaticDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)


def test_no_code_is_stored_in_plain_text(user_with_device):
    codes = two_factor.recovery_codes_generate(user=user_with_device)
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert len(stored) == 10 and stored.isdisjoint(codes)
    assert stored.isdisjoint({code.upper() for code in codes})
    assert all(len(token) == 16 for token in stored)


def test_a_hashed_code_works_once_and_is_audited(user_with_device):
    codes = two_factor.recovery_codes_generate(user=user_with_device)
    client = _password_login(user_with_device)
    assert client.post(reverse(VERIFY), {"code": f" {codes[3].upper()} "}).status_code == 302
    assert client.get(reverse("portal:account")).status_code == 200
    assert two_factor.recovery_codes_left(user_with_device) == 9
    assert AuditEvent.objects.filter(actor=user_with_device, action="two_factor.recovery_code_used").count() == 1

    again = _password_login(user_with_device)
    assert again.post(reverse(VERIFY), {"code": codes[3]}).status_code == 200  # used up
    assert two_factor.recovery_codes_left(user_with_device) == 9


def test_the_stored_digest_itself_is_not_a_code(user_with_device):
    two_factor.recovery_codes_generate(user=user_with_device)
    digest = StaticToken.objects.first().token
    client = _password_login(user_with_device)
    assert client.post(reverse(VERIFY), {"code": digest[:8]}).status_code == 200
    assert two_factor.recovery_codes_left(user_with_device) == 10


def test_codes_survive_a_secret_key_rotated_with_a_fallback(settings, user_with_device):
    codes = two_factor.recovery_codes_generate(user=user_with_device)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    client = _password_login(user_with_device)
    assert client.post(reverse(VERIFY), {"code": codes[0]}).status_code == 302


def test_a_code_of_another_account_does_not_work(user_with_device):
    other = UserFactory(username="annan")
    TOTPDevice.objects.create(user=other, name="app", confirmed=True)
    other_codes = two_factor.recovery_codes_generate(user=other)
    two_factor.recovery_codes_generate(user=user_with_device)
    client = _password_login(user_with_device)
    assert client.post(reverse(VERIFY), {"code": other_codes[0]}).status_code == 200
    _no_waiting()
    assert two_factor.recovery_codes_left(other) == 10


def test_the_migration_hashes_codes_stored_in_plain_text(user_with_device):
    device = StaticDevice.objects.create(user=user_with_device, name=two_factor.RECOVERY_DEVICE)
    plain = ["abcdefgh", "ijklmnop"]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in plain)
    migration = importlib.import_module("portal.migrations.0010_recovery_codes_hashed")
    migration.hash_plain_recovery_codes(apps, None)
    migration.hash_plain_recovery_codes(apps, None)  # a second run leaves digests alone

    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert stored == {two_factor.recovery_code_digest(code) for code in plain}
    client = _password_login(user_with_device)
    assert client.post(reverse(VERIFY), {"code": plain[1]}).status_code == 302
    assert two_factor.recovery_codes_left(user_with_device) == 1
