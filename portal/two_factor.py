"""TOTP two-factor login for officials (django-otp), with recovery codes.

An official turns it on from the account page by scanning a QR code into an
authenticator app and confirming one code; ten recovery codes (django-otp
static tokens, each usable once) are shown once then, and again only when
regenerated. Only a keyed hash of each code is stored (`recovery_code_digest`):
a copy of the database does not let anyone in. A municipality can require it of all its members (admin:
Municipality.require_two_factor), and REQUIRE_STAFF_TWO_FACTOR requires it
of staff and superusers. Where it applies, see `guarded()`.
"""

from __future__ import annotations

import base64
import contextlib

import segno
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Membership, User
from .services import audit_record

STATE_TTL = 60  # seconds: a municipality's new requirement takes effect within a minute
RECOVERY_CODES = 10
RECOVERY_DEVICE = "recovery"
RECOVERY_SALT = "portal.two_factor.recovery-code"


def guarded(path: str) -> bool:
    """Pages that need the second factor when one is due: everything that
    shows a municipality's data (internal pages, Django admin) and the
    account's security (e-mail on the account page, password, devices).
    Logging in and out, the code entry itself and password reset by e-mail
    stay open."""
    if path.startswith("/intern/"):
        return True
    admin = reverse("admin:index")
    if path.startswith(admin):
        return path != reverse("admin:logout")
    verify = reverse("portal:two-factor-verify")
    security = (reverse("portal:account"), reverse("password_change"), reverse("portal:two-factor-setup"))
    return path != verify and (path == security[0] or path.startswith(security[1:]))


def is_setup_path(path: str) -> bool:
    """Setting up a first device must stay reachable for whom it is required."""
    return path == reverse("portal:two-factor-setup")


def has_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def required_for(user: User) -> bool:
    """True for staff and superusers under REQUIRE_STAFF_TWO_FACTOR, and when
    any municipality the user is a member of requires it."""
    if (user.is_staff or user.is_superuser) and settings.REQUIRE_STAFF_TWO_FACTOR:
        return True
    return Membership.objects.filter(user=user, municipality__require_two_factor=True).exists()


def _state_key(user: User) -> str:
    return _key(user.pk)


def _key(user_id: int) -> str:
    return f"two-factor-state:{user_id}"


def state_of(user: User) -> tuple[bool, bool]:
    """(has a device, is required), cached briefly so that internal pages do
    not pay a query for it on every request."""
    key = _state_key(user)
    try:
        state = cache.get(key)
    except Exception:  # a cache outage must not lock officials out; ask the database
        state = None
    if state is None:
        state = (has_device(user), required_for(user))
        with contextlib.suppress(Exception):  # best effort, see above
            cache.set(key, state, STATE_TTL)
    return state


def forget_state(user: User) -> None:
    with contextlib.suppress(Exception):  # the entry expires within STATE_TTL anyway
        cache.delete(_state_key(user))


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device being set up (created on first visit)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="app", confirmed=False)


def secret_of(device: TOTPDevice) -> str:
    """The shared secret in base32, for typing into an app by hand."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// link as an SVG QR code, inline (CSP allows data: images)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5)


@transaction.atomic
def confirm(*, request, device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    otp_login(request, device)
    forget_state(device.user)
    audit_record(actor=device.user, action="two_factor.enabled", obj=device.user)
    return True


def recovery_code_digest(code: str, *, secret: str | None = None) -> str:
    """What is stored of a recovery code: an HMAC keyed with SECRET_KEY, cut
    to the 16 characters a django-otp static token holds (80 bits; the code
    itself has 40). Migration portal 0010 holds a frozen copy that hashed
    the codes stored in plain text before."""
    mac = salted_hmac(RECOVERY_SALT, code.strip().lower(), secret=secret, algorithm="sha256")
    return base64.b32encode(mac.digest()).decode()[:16].lower()


def _recovery_digests(code: str) -> list[str]:
    """The code's digest under SECRET_KEY and each of SECRET_KEY_FALLBACKS, so
    that a key rotated the way Django documents keeps the codes working."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [recovery_code_digest(code, secret=secret) for secret in secrets]


@transaction.atomic
def recovery_codes_generate(*, user: User) -> list[str]:
    """New recovery codes, replacing any earlier ones. The caller shows them
    once; afterwards only their digests exist, as django-otp static tokens."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=recovery_code_digest(code)) for code in codes)
    audit_record(actor=user, action="two_factor.recovery_codes_generated", obj=user)
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_DEVICE).count()


def _use_recovery_code(device: StaticDevice, code: str) -> bool:
    """django-otp's StaticDevice.verify_token, comparing digests. The code is
    used up by the DELETE that finds it, so two concurrent logins with one
    code cannot both succeed (only one DELETE removes the row)."""
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        return False
    used, _per_model = device.token_set.filter(token__in=_recovery_digests(code)).delete()
    if not used:
        device.throttle_increment()
        return False
    device.throttle_reset(commit=False)
    device.set_last_used_timestamp(commit=False)
    device.save()
    return True


def verify(*, request, token: str) -> bool:
    """Accept a current code of the user's app, or one unused recovery code
    (which is used up by it)."""
    for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
        if device.verify_token(token):
            otp_login(request, device)
            return True
    if has_device(request.user):
        code = (token or "").strip().lower()
        for device in StaticDevice.objects.filter(user=request.user, name=RECOVERY_DEVICE):
            if _use_recovery_code(device, code):
                otp_login(request, device)
                audit_record(actor=request.user, action="two_factor.recovery_code_used", obj=request.user)
                return True
    audit_record(actor=request.user, action="two_factor.failed", obj=request.user)
    return False


@transaction.atomic
def disable(*, user: User, token: str) -> bool:
    devices = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    if not any(device.verify_token(token) for device in devices):
        return False
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    forget_state(user)
    audit_record(actor=user, action="two_factor.disabled", obj=user)
    return True


def remember_state_at_login(sender, request, user, **kwargs) -> None:
    """Look the state up once when the official logs in, so the first
    internal page does not pay for it either."""
    forget_state(user)
    state_of(user)


def forget_members_state(sender, instance, **kwargs) -> None:
    """A municipality's requirement changed (or may have): its members' cached
    state is dropped so the rule applies on their next page."""
    user_ids = Membership.objects.filter(municipality=instance).values_list("user_id", flat=True)
    with contextlib.suppress(Exception):
        cache.delete_many([_key(user_id) for user_id in user_ids])
