"""Abuse protection without third parties: a signed, single-use form token
with a minimum fill time, a honeypot field, and per-client rate limits kept
in Django's cache.

The client's address is never stored: rate limiting keys on a keyed hash of
it (IPv6 by its /64 network), and the cache forgets it within the hour. When
the cache (Redis) is down the limiter fails open and says so in the log, so
a resident can still send a tip.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.http import HttpRequest

from portal import ratelimit

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
    return ratelimit.client_key(request, purpose="tips.client")


def is_limited(scope: str, key: str, limit: int) -> bool:
    return ratelimit.is_limited(f"tips:{scope}", key, limit=limit, window=WINDOW)


def hit(scope: str, key: str) -> None:
    ratelimit.hit(f"tips:{scope}", key, window=WINDOW)


def claim(scope: str, key: str, form_token: str, limit: int) -> ratelimit.FormClaim:
    """This form counted towards `limit` unless it is given back (see
    portal.ratelimit.FormClaim)."""
    return ratelimit.FormClaim(f"tips:{scope}", key, form_token, limit=limit, window=WINDOW)
