"""Rate limits of the public forms: a keyed hash of the client's address
(never the address) and fixed-window counters in the cache. Every limit
fails open: a cache outage must not stop a resident from sending a tip."""

from __future__ import annotations

import ipaddress
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)


def client_key(request: HttpRequest, *, purpose: str) -> str:
    """A keyed hash of the client's address (its /64 for IPv6), read from
    `settings.CLIENT_IP_HEADER`; a trusted proxy appends the real peer last."""
    raw = request.META.get(settings.CLIENT_IP_HEADER, "") or request.META.get("REMOTE_ADDR", "")
    raw = raw.split(",")[-1].strip()
    try:
        address = ipaddress.ip_address(raw)
        raw = str(ipaddress.ip_network(f"{address}/{64 if address.version == 6 else 32}", strict=False))
    except ValueError:
        raw = "unknown"
    return salted_hmac(purpose, raw, algorithm="sha256").hexdigest()[:32]


def _cache_key(scope: str, key: str, window: int) -> str:
    return f"rl:{scope}:{key}:{int(time.time()) // window}"


def is_limited(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Whether `key` has used up `limit` requests of `scope` in this window."""
    try:
        return (cache.get(_cache_key(scope, key, window)) or 0) >= limit
    except Exception:  # any cache outage must fail open
        logger.warning("Rate limit cache unavailable; allowing the %s request", scope)
        return False


def hit(scope: str, key: str, *, window: int) -> int:
    """Count one request of `scope` by `key`; returns the count so far (0
    when the cache is unavailable)."""
    cache_key = _cache_key(scope, key, window)
    try:
        # A client's first request in the window is one round trip, not two.
        if cache.add(cache_key, 1, timeout=window + 60):
            return 1
        return cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window + 60)
        return 1
    except Exception:  # any cache outage must fail open
        logger.warning("Rate limit cache unavailable; %s request not counted", scope)
        return 0


class FormClaim:
    """One form counted towards a client's limit as the request arrives, in
    one cache round trip instead of a look-up before and a count after: the
    limit counts distinct forms (by their one-time token), so a form sent
    twice (a double click) counts once and is never refused for itself.

    `with FormClaim(scope, key, form, limit=…, window=…) as claim:` then
    `claim.limited`; call `claim.keep()` once the form's work is stored.
    Leaving without it gives the form back (it was refused, invalid or a
    repeat), so only what was stored counts and a refused request leaves the
    count at the limit. Fails open like `hit`: without the cache nothing is
    counted or limited."""

    def __init__(self, scope: str, key: str, form: str, *, limit: int, window: int) -> None:
        self.cache_key = _cache_key(scope, key, window)
        self.member = salted_hmac("portal.ratelimit.form", form, algorithm="sha256").hexdigest()[:24]
        self.scope, self.limit, self.window = scope, limit, window
        self.added, self.count, self.kept = False, 0, False

    @property
    def limited(self) -> bool:
        return self.count > self.limit

    def keep(self) -> None:
        self.kept = True

    def __enter__(self) -> FormClaim:
        try:
            self.added, self.count = _add_member(self.cache_key, self.member, self.window + 60)
        except Exception:  # any cache outage must fail open
            logger.warning("Rate limit cache unavailable; allowing the %s request", self.scope)
        return self

    def __exit__(self, *exc_info) -> None:
        if self.kept or not self.added:
            return
        try:
            _discard_member(self.cache_key, self.member, self.window + 60)
        except Exception:  # any cache outage must fail open
            logger.warning("Rate limit cache unavailable; %s request not given back", self.scope)


def _add_member(cache_key: str, member: str, timeout: int) -> tuple[bool, int]:
    """Redis (portal.cache): one round trip. Other caches (development,
    tests): the set as one value, not atomic, which they need not be."""
    if hasattr(cache, "add_member"):
        return cache.add_member(cache_key, member, timeout)
    members = cache.get(cache_key) or frozenset()
    added = member not in members
    if added:
        members = members | {member}
        cache.set(cache_key, members, timeout=timeout)
    return added, len(members)


def _discard_member(cache_key: str, member: str, timeout: int) -> None:
    if hasattr(cache, "discard_member"):
        cache.discard_member(cache_key, member)
        return
    members = cache.get(cache_key) or frozenset()
    cache.set(cache_key, members - {member}, timeout=timeout)
