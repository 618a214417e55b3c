"""The tip form's rate limit counts distinct stored forms, in one cache
round trip (portal.ratelimit.FormClaim): on the Redis cache of production
and on the in-process cache of development alike."""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache

from portal import cache as fail_fast
from portal.ratelimit import FormClaim


@pytest.fixture(params=["locmem", "redis"])
def any_cache(request, settings):
    if request.param == "locmem":
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    else:
        url = os.environ.get("REDIS_URL")
        if not url:
            pytest.skip("runs where Redis is provided (REDIS_URL), as in CI")
        base, _, number = url.rpartition("/")
        settings.CACHES = {
            "default": {"BACKEND": "portal.cache.FailFastRedisCache", "LOCATION": f"{base}/{(int(number) + 1) % 16}"}
        }
        fail_fast.reset()
    cache.clear()
    yield request.param
    cache.clear()


def send(form: str, *, stored: bool = True, limit: int = 2, client: str = "client") -> bool:
    """One request with `form`: whether it was let through."""
    with FormClaim("test", client, form, limit=limit, window=3600) as claim:
        if claim.limited:
            return False
        if stored:
            claim.keep()
        return True


def counted(client: str = "client") -> int:
    with FormClaim("test", client, "probe", limit=100, window=3600) as claim:
        return claim.count - 1  # the probe itself, given back on leaving


def test_only_stored_forms_count_and_a_refused_one_leaves_the_count_at_the_limit(any_cache):
    assert send("invalid", stored=False) and counted() == 0
    assert send("a") and send("b") and counted() == 2
    assert not send("c") and not send("d")
    assert counted() == 2
    assert counted("another-client") == 0


def test_a_form_sent_again_counts_once_and_is_never_refused_for_itself(any_cache):
    assert send("a") and send("b")
    assert send("a") and send("b")  # double clicks at the limit: the same forms again
    assert counted() == 2


def test_a_repeat_that_is_not_stored_does_not_give_back_the_stored_form(any_cache):
    assert send("a")
    assert send("a", stored=False)  # e.g. the same form sent again too late to be shown its receipt
    assert counted() == 1


def test_many_posts_of_one_form_at_once_are_one_form(any_cache):
    start = threading.Barrier(20)

    def post(_: int) -> bool:
        start.wait()
        return send("the form", limit=1)

    with ThreadPoolExecutor(max_workers=20) as pool:
        assert all(pool.map(post, range(20)))
    assert counted() == 1


def test_without_the_cache_nothing_is_counted_or_refused(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.FailFastRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
            "OPTIONS": {"socket_timeout": 0.2, "socket_connect_timeout": 0.2},
        }
    }
    fail_fast.reset()
    try:
        assert all(send(f"form {n}", limit=1) for n in range(3))
    finally:
        fail_fast.reset()
