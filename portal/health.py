"""What /halsa/ reports: the database, the cache, the broker and the worker
queue, each as it is now, so a load balancer can take a node out.

The database, and Redis where it is configured (cache and broker), are
required: without them a page fails or rate limits stop counting. The
worker is reported, not required: a stalled worker delays e-mail, it does
not make this web node unfit to answer. Every check has a sub-second
timeout; the worker's answer is kept for WORKER_TTL seconds per process.
"""

from __future__ import annotations

import time

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from .outage import DATABASE_ERRORS

TIMEOUT = 0.5
WORKER_TTL = 15.0
_worker: dict = {"at": 0.0, "state": None}


def _redis(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT)


def database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DATABASE_ERRORS as error:
        connection.close_if_unusable_or_obsolete()
        return {"state": "down", "error": type(error).__name__}
    return {"state": "ok"}


def cache_state() -> dict:
    backend = settings.CACHES["default"]["BACKEND"]
    if "redis" not in backend.lower():
        return {"state": "ok", "kind": "per-process"}
    try:
        cache._cache.get_client(write=True).ping()
    except (redis.RedisError, OSError) as error:
        return {"state": "down", "error": type(error).__name__}
    return {"state": "ok", "kind": "redis"}


def _queue_names() -> list[str]:
    names = {getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")}
    for queue in getattr(settings, "CELERY_TASK_QUEUES", None) or []:
        names.add(getattr(queue, "name", queue))
    for route in (getattr(settings, "CELERY_TASK_ROUTES", None) or {}).values():
        if isinstance(route, dict) and route.get("queue"):
            names.add(route["queue"])
    return sorted(names)


def broker() -> dict:
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return {"state": "ok", "kind": "in-process"}
    try:
        client = _redis(url)
        waiting = {name: client.llen(name) for name in _queue_names()}
    except (redis.RedisError, OSError) as error:
        return {"state": "down", "error": type(error).__name__}
    return {"state": "ok", "kind": "redis", "waiting": waiting}


def worker(broker_up: bool) -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"state": "ok", "kind": "in-process"}
    if not broker_up:
        return {"state": "unknown"}
    if _worker["state"] is None or time.monotonic() - _worker["at"] > WORKER_TTL:
        from .celery import app

        try:
            replies = app.control.ping(timeout=TIMEOUT, limit=1)
        except Exception:  # a broker that failed since: report, never raise
            replies = []
        _worker.update(at=time.monotonic(), state="ok" if replies else "no-answer")
    return {"state": _worker["state"]}


def health_report() -> dict:
    parts = {"database": database(), "cache": cache_state(), "broker": broker()}
    parts["worker"] = worker(parts["broker"]["state"] == "ok")
    required_down = [name for name in ("database", "cache", "broker") if parts[name]["state"] != "ok"]
    return {"status": "down" if required_down else "ok", **parts}
