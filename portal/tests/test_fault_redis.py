"""A frozen Redis (a server of the test's own, stopped with SIGSTOP, as
`DEBUG SLEEP` would) costs a request at most the cache's timeout: tip POSTs
answer within 3 s, public and officials' pages within 2 s, and every tip
sent while it was frozen is stored. (In-process, with the cache alone
frozen; tips/tests/test_fault_frozen_redis.py freezes broker and cache
together under gunicorn and a worker and counts the e-mails.)"""

from __future__ import annotations

import os
import time

import pytest
from django.test import Client

from portal import cache as fail_fast
from portal.tests.services import own_redis
from tips.models import Tip
from tips.tests.conftest import tip_data

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


@pytest.fixture
def frozen_cache(settings):
    with own_redis() as server:
        settings.CACHES = {
            "default": {
                "BACKEND": "portal.cache.FailFastRedisCache",
                "LOCATION": server.url(1),
                "OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5, "retry_on_timeout": False},
            }
        }
        fail_fast.reset()
        yield server
        server.thaw()
        fail_fast.reset()


def _timed(call) -> tuple[float, object]:
    started = time.monotonic()
    response = call()
    return time.monotonic() - started, response


def test_a_frozen_cache_stalls_nothing_and_loses_nothing(frozen_cache, settings, coordinator_a, municipality_a):
    if not os.environ.get("REDIS_URL"):
        pytest.skip("runs where Redis is provided (REDIS_URL), as in CI; it starts a server of its own")
    settings.TIPS_MIN_FILL_SECONDS = 0
    resident, official = Client(), Client()
    official.force_login(coordinator_a)
    assert official.get("/intern/kommun-a/tips/").status_code == 200  # the cache works before
    frozen_cache.freeze()
    timings: dict[str, list[float]] = {"tip POST": [], "public page": [], "official page": []}
    for n in range(6):
        elapsed, response = _timed(
            lambda n=n: resident.post("/kommun/kommun-a/tipsa/", tip_data(municipality_a, description=f"Tips {n}"))
        )
        assert response.status_code == 200, response.content.decode()[:500]
        timings["tip POST"].append(elapsed)
        for url in ("/", "/kommun/kommun-a/", "/kommun/kommun-a/tipsa/"):
            elapsed, response = _timed(lambda url=url: resident.get(url))
            assert response.status_code == 200
            timings["public page"].append(elapsed)
        for url in ("/intern/kommun-a/", "/intern/kommun-a/tips/"):
            elapsed, response = _timed(lambda url=url: official.get(url))
            assert response.status_code == 200
            timings["official page"].append(elapsed)
    print({name: f"max {max(values):.2f} s" for name, values in timings.items()})  # noqa: T201 - the figures
    assert max(timings["tip POST"]) < 3
    assert max(timings["public page"]) < 2
    assert max(timings["official page"]) < 2
    # Six tips against a limit of five: the limiter failed open, nothing was lost.
    assert sorted(Tip.objects.values_list("description", flat=True)) == [f"Tips {n}" for n in range(6)]
    frozen_cache.thaw()
    fail_fast.reset()
    assert official.get("/intern/kommun-a/tips/").status_code == 200
    from django.core.cache import cache

    cache.set("back", 1)
    assert cache.get("back") == 1


def test_the_cache_keeps_one_client_and_it_works_again_after_a_freeze(settings):
    """Django builds a `redis.Redis` per cache call (costlier than the round
    trip); ours keeps one per connection pool, which reconnects after an outage."""
    if not os.environ.get("REDIS_URL"):
        pytest.skip("runs where Redis is provided (REDIS_URL), as in CI; it starts a server of its own")
    from django.core.cache import caches

    with own_redis() as server:
        options = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5, "retry_on_timeout": False}
        settings.CACHES = {
            "default": {"BACKEND": "portal.cache.FailFastRedisCache", "LOCATION": server.url(1), "OPTIONS": options}
        }
        cache = caches.create_connection("default")
        fail_fast.reset()
        cache.set("kept", 1)
        client = cache._cache.get_client()
        assert cache._cache.get_client(write=True) is client
        server.freeze()
        with pytest.raises(Exception, match="Timeout|timed out"):
            cache.get("kept")
        with pytest.raises(fail_fast.CacheDown):  # marked down: no second wait
            cache.get("kept")
        server.thaw()
        fail_fast.reset()
        assert cache.get("kept") == 1
        assert cache._cache.get_client() is client
