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
