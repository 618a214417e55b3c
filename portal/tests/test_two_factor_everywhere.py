"""The second factor guards admin and the account's security too, and the
recovery codes work once each."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import two_factor
from portal.models import AuditEvent
from portal.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CANDIDATE_KWARGS = (
    {},
    {"object_id": "1"},
    {"app_label": "portal"},
    {"id": "1"},
    {"pk": 1},
    {"content_type_id": 1, "object_id": 1},
)


def admin_url_names() -> list[str]:
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(
                    pattern.url_patterns, namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                )
            elif isinstance(pattern, URLPattern) and pattern.name and namespace.startswith("admin:"):
                yield namespace + pattern.name

    return sorted(set(walk(get_resolver().url_patterns)))


def concrete(name: str) -> str:
    for kwargs in CANDIDATE_KWARGS:
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    raise AssertionError(f"{name}: no arguments known; extend CANDIDATE_KWARGS")


ADMIN_URLS = [(name, concrete(name)) for name in admin_url_names() if name != "admin:logout"]
SECURITY_URLS = [
    reverse("portal:account"),
    reverse("password_change"),
    reverse("password_change_done"),
    reverse("portal:two-factor-setup"),
]


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _password_login(user) -> Client:
    client = Client()
    assert client.post(reverse("login"), {"username": user.username, "password": "trygghet-test"}).status_code == 302
    return client


@pytest.fixture
def staff_with_device(db):
    user = UserFactory(username="drift", is_staff=True, is_superuser=True)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user, device


def test_every_admin_url_asks_for_the_code_after_a_password_only_login(staff_with_device):
    user, _device = staff_with_device
    client = _password_login(user)
    assert len(ADMIN_URLS) > 50  # every registered model's pages, not a sample
    verify = reverse("portal:two-factor-verify")
    for name, url in ADMIN_URLS:
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 302, f"{method.upper()} {url} ({name})"
            assert response["Location"].startswith(verify), f"{method.upper()} {url} ({name})"


def test_the_account_security_pages_ask_for_the_code(staff_with_device):
    user, device = staff_with_device
    client = _password_login(user)
    verify = reverse("portal:two-factor-verify")
    for url in SECURITY_URLS:
        assert client.get(url)["Location"].startswith(verify), url
    changed = client.post(reverse("portal:account"), {"email": "attacker@example.org"})
    assert changed["Location"].startswith(verify)
    user.refresh_from_db()
    assert user.email != "attacker@example.org"
    assert client.post(verify, {"code": _code(device)}).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("password_change")).status_code == 200


def test_staff_must_set_up_two_factor_when_the_installation_requires_it(settings, db):
    settings.REQUIRE_STAFF_TWO_FACTOR = True
    user = UserFactory(username="drift2", is_staff=True, is_superuser=True)
    client = _password_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:two-factor-setup"))
    assert client.get(reverse("portal:two-factor-setup")).status_code == 200
    settings.REQUIRE_STAFF_TWO_FACTOR = False
    two_factor.forget_state(user)
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_municipality_requirement_applies_in_admin_too(coordinator_a, municipality_a):
    coordinator_a.is_staff = True
    coordinator_a.save()
    municipality_a.require_two_factor = True
    municipality_a.save()
    client = _password_login(coordinator_a)
    response = client.get(reverse("admin:index"))
    assert response["Location"].startswith(reverse("portal:two-factor-setup"))


def test_recovery_codes_are_shown_once_work_once_and_can_be_regenerated(staff_with_device):
    user, device = staff_with_device
    codes = two_factor.recovery_codes_generate(user=user)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert StaticToken.objects.filter(device__user=user).count() == 10
    verify = reverse("portal:two-factor-verify")

    first = _password_login(user)
    assert first.post(verify, {"code": codes[0].upper(), "next": "/admin/"})["Location"] == "/admin/"
    assert first.get(reverse("admin:index")).status_code == 200
    assert AuditEvent.objects.filter(actor=user, action="two_factor.recovery_code_used").count() == 1

    second = _password_login(user)
    assert "Koden är fel" in second.post(verify, {"code": codes[0]}).content.decode()  # used up

    page = first.post(reverse("portal:two-factor-recovery-codes"))
    new_codes = page.context["codes"]
    assert page.status_code == 200 and set(new_codes).isdisjoint(codes)
    assert page["Cache-Control"] == "no-store, private"
    assert AuditEvent.objects.filter(actor=user, action="two_factor.recovery_codes_generated").count() == 2
    third = _password_login(user)
    assert third.post(verify, {"code": codes[1]}).status_code == 200  # the old ones are gone
    StaticDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)  # no waiting
    assert third.post(verify, {"code": new_codes[1]}).status_code == 302


def test_regenerating_recovery_codes_needs_a_verified_session(staff_with_device):
    user, _device = staff_with_device
    client = _password_login(user)
    response = client.post(reverse("portal:two-factor-recovery-codes"))
    assert response["Location"].startswith(reverse("portal:two-factor-verify"))
    assert not StaticToken.objects.exists()
