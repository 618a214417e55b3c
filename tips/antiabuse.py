"""Abuse protection without third parties: a signed, single-use form token
with a minimum fill time, a honeypot field, and per-client rate limits kept
in Django's cache.

The client's address is never stored: rate limiting keys on a keyed hash of
it (IPv6 by its /64 network), and the cache forgets it within the hour. When
the cache (Redis) is down the limiter fails open and says so in the log, so
a resident can still send a tip.
"""

from __future__ import annotations

import ipaddress
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from .receipts import new_nonce

logger = logging.getLogger(__name__)

TOKEN_SALT = "tips.form-token"  # noqa: S105 - a signing salt, not a secret
TOKEN_MAX_AGE = 60 * 60 * 6  # a form left open over lunch still works
WINDOW = 60 * 60


class TokenError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "invalid", "expired", "too_fast"


@dataclass(frozen=True)
class FormToken:
    nonce: str
    issued: int


def issue_token(municipality_id: int) -> str:
    value = f"{new_nonce()}:{municipality_id}:{int(time.time())}"
    return signing.Signer(salt=TOKEN_SALT).sign(value)


def check_token(token: str, municipality_id: int) -> FormToken:
    """The token's nonce when it was issued for this municipality, long
    enough ago and not too long ago. Single use is enforced by the unique
    submission_token of the tip that spends it."""
    try:
        value = signing.Signer(salt=TOKEN_SALT).unsign(token or "")
        nonce, municipality, issued = value.split(":")
        issued_at = int(issued)
    except (signing.BadSignature, ValueError) as error:
        raise TokenError("invalid") from error
    if municipality != str(municipality_id):
        raise TokenError("invalid")
    age = time.time() - issued_at
    if age > TOKEN_MAX_AGE:
        raise TokenError("expired")
    if age < settings.TIPS_MIN_FILL_SECONDS:
        raise TokenError("too_fast")
    return FormToken(nonce=nonce, issued=issued_at)


def client_key(request: HttpRequest) -> str:
    """A keyed hash of the client's address (its /64 for IPv6)."""
    raw = request.META.get(settings.TIPS_CLIENT_IP_HEADER, "") or request.META.get("REMOTE_ADDR", "")
    raw = raw.split(",")[-1].strip()  # a trusted proxy appends the real peer last
    try:
        address = ipaddress.ip_address(raw)
        network = ipaddress.ip_network(f"{address}/{64 if address.version == 6 else 32}", strict=False)
        raw = str(network)
    except ValueError:
        raw = "unknown"
    return salted_hmac("tips.client", raw, algorithm="sha256").hexdigest()[:32]


def _cache_key(scope: str, key: str) -> str:
    return f"tips:rl:{scope}:{key}:{int(time.time()) // WINDOW}"


def is_limited(scope: str, key: str, limit: int) -> bool:
    try:
        return (cache.get(_cache_key(scope, key)) or 0) >= limit
    except Exception:  # any cache outage must fail open
        logger.warning("Rate limit cache unavailable; allowing the %s request", scope)
        return False


def hit(scope: str, key: str) -> None:
    cache_key = _cache_key(scope, key)
    try:
        # A client's first request in the window is one round trip, not two.
        if not cache.add(cache_key, 1, timeout=WINDOW + 60):
            cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=WINDOW + 60)
    except Exception:  # any cache outage must fail open
        logger.warning("Rate limit cache unavailable; %s request not counted", scope)
