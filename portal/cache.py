"""The cache backend for production: Django's Redis cache that gives up fast.

With a frozen or unreachable Redis every cache call would wait for its socket
timeout (settings: at most one second). After one such failure this process
treats the cache as down for `DOWN_SECONDS` and every call fails at once, so
a page that only wanted a cached value (rate limits, the two-factor state)
pays the timeout once per process and window, not once per call. Callers
already treat a cache error as a miss (rate limits fail open).
"""

from __future__ import annotations

import logging
import threading
import time
from functools import wraps

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

DOWN_SECONDS = 10.0
_FAILURES = (RedisConnectionError, RedisTimeoutError, OSError)
_down_until: dict[str, float] = {}  # per server list, shared by this process's threads
_lock = threading.Lock()


class CacheDown(RedisConnectionError):
    """Raised without a network round trip while the cache is marked down."""


def _guarded(method):
    @wraps(method)
    def call(self, *args, **kwargs):
        key = self._server_key
        if _down_until.get(key, 0.0) > time.monotonic():
            raise CacheDown("cache marked down")
        try:
            return method(self, *args, **kwargs)
        except _FAILURES as error:
            with _lock:
                was_up = _down_until.get(key, 0.0) <= time.monotonic()
                _down_until[key] = time.monotonic() + DOWN_SECONDS
            if was_up:
                logger.warning("cache unreachable (%s); skipping it for %.0f s", type(error).__name__, DOWN_SECONDS)
            raise

    return call


class KeptClientRedisCacheClient(RedisCacheClient):
    """Django's client makes a new `redis.Redis` for every cache call, and
    building one (its table of ~170 reply callbacks) cost more than the round
    trip itself. A `redis.Redis` is safe to share between threads (each
    command takes a connection from the pool), so one is kept per pool."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)  # kept for the process in self._pools
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class FailFastRedisCache(RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient

    @property
    def _server_key(self) -> str:
        return ",".join(self._servers)

    def add_member(self, key: str, member: str, timeout: int) -> tuple[bool, int]:
        """Add `member` to the set at `key` (a Redis hash, kept `timeout`
        seconds after its last change) and count the set, in one round trip:
        whether it was new, and the number of members."""
        key = self.make_and_validate_key(key)
        pipe = self._cache.get_client(key, write=True).pipeline(transaction=False)
        pipe.hsetnx(key, member, 1)
        pipe.hlen(key)
        pipe.expire(key, timeout)
        added, count, _ = pipe.execute()
        return bool(added), count

    def discard_member(self, key: str, member: str) -> None:
        key = self.make_and_validate_key(key)
        self._cache.get_client(key, write=True).hdel(key, member)


for _name in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
    "add_member",
    "discard_member",
):
    setattr(FailFastRedisCache, _name, _guarded(getattr(FailFastRedisCache, _name)))


def reset() -> None:
    """Forget that the cache was down (tests)."""
    _down_until.clear()
