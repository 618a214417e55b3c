import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.models import AuditEvent

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice, shift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=shift):06d}"


def _unthrottle(device: TOTPDevice) -> None:
    """A failed code throttles the device for a second or more (as it
    should against guessing); a test does not wait for it."""
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)


def _log_in(client: Client, user) -> None:
    client.post(reverse("login"), {"username": user.username, "password": "trygghet-test"})


def test_an_official_turns_on_two_factor_and_then_needs_a_code(coordinator_a, municipality_a):
    client = Client()
    _log_in(client, coordinator_a)
    page = client.get(reverse("portal:two-factor-setup"))
    assert "data:image/svg+xml" in page.content.decode()
    device = TOTPDevice.objects.get(user=coordinator_a, confirmed=False)
    wrong = client.post(reverse("portal:two-factor-setup"), {"code": "000000"})
    assert "Koden är fel" in wrong.content.decode()
    _unthrottle(device)
    confirmed = client.post(reverse("portal:two-factor-setup"), {"code": _code(device)})
    assert confirmed.status_code == 200 and "Dina reservkoder" in confirmed.content.decode()
    assert AuditEvent.objects.filter(action="two_factor.enabled").exists()

    fresh = Client()
    _log_in(fresh, coordinator_a)
    internal = reverse("portal:municipality-home", args=[municipality_a.slug])
    response = fresh.get(internal)
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:two-factor-verify"))
    assert fresh.post(reverse("portal:two-factor-verify"), {"code": "123456", "next": internal}).status_code == 200
    _unthrottle(device)
    device.refresh_from_db()
    device.last_t = -1  # the same 30-second window as the set-up code
    device.save()
    verified = fresh.post(reverse("portal:two-factor-verify"), {"code": _code(device), "next": internal})
    assert verified["Location"] == internal
    assert fresh.get(internal).status_code == 200


def test_a_municipality_can_require_two_factor_of_its_members(coordinator_client, municipality_a):
    municipality_a.require_two_factor = True
    municipality_a.save()
    response = coordinator_client.get(reverse("situation_reports:dashboard", args=[municipality_a.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:two-factor-setup"))
    assert "kräver tvåfaktorinloggning" in coordinator_client.get(response["Location"]).content.decode()


def test_a_foreign_next_address_is_not_followed(client, coordinator_a):
    client.force_login(coordinator_a)
    client.get(reverse("portal:two-factor-setup"))
    device = TOTPDevice.objects.get(user=coordinator_a)
    response = client.post(reverse("portal:two-factor-setup"), {"code": _code(device), "next": "https://evil.example/"})
    # The recovery codes page links onwards, to our own page only.
    assert response.context["next"] == reverse("portal:my-municipalities")
    assert "evil.example" not in response.content.decode()


def test_turning_it_off_needs_a_current_code(client, coordinator_a):
    client.force_login(coordinator_a)
    client.get(reverse("portal:two-factor-setup"))
    device = TOTPDevice.objects.get(user=coordinator_a)
    client.post(reverse("portal:two-factor-setup"), {"code": _code(device)})
    assert client.post(reverse("portal:two-factor-setup"), {"code": "999999"}).status_code == 200
    assert TOTPDevice.objects.filter(user=coordinator_a, confirmed=True).exists()


def test_guessing_codes_is_throttled(client, coordinator_a):
    client.force_login(coordinator_a)
    client.get(reverse("portal:two-factor-setup"))
    device = TOTPDevice.objects.get(user=coordinator_a)
    client.post(reverse("portal:two-factor-setup"), {"code": "000000"})
    # Right after a wrong guess even the right code is refused for a while.
    assert client.post(reverse("portal:two-factor-setup"), {"code": _code(device)}).status_code == 200
    assert not TOTPDevice.objects.filter(user=coordinator_a, confirmed=True).exists()
