"""Count SQL queries per request for each scenario, in-process, against the
benchmark database, and time the request alone (no concurrent load: the
shortest of several, which a busy machine disturbs least). Reads scenario
specs (JSON) on stdin, prints {name: {"queries": n, "ms": t, "sql_share":
s, "health_checks": h}}; a failed request is reported as minus its status
code.

`queries` are the statements the page runs. Django's test client turns off
the per-request connection check, so each request here starts as gunicorn's
do (`close_if_unusable_or_obsolete`, Django's request_started handler) and
the health-check `SELECT 1` the first query then sends over the kept
connection is counted apart (`health_checks`). `sql_share` is the time spent
inside the database driver over the whole request, in-process.

GETs are sent once to warm caches, then timed and counted. A POST scenario
is counted with its `probes`, request lines of their own (so a one-time
token is never spent twice); a replayable POST is treated like a GET.
"""

from __future__ import annotations

import json
import sys
import time
from functools import partial

import django

from bench.prepare import RS

REPEAT = 7


def parse_line(line: str) -> tuple[dict[str, str], str]:
    """Headers and body of one request line (see bench/wrk/report.lua)."""
    *fields, body = line.split("\t")
    headers = dict(field.split(": ", 1) for field in fields)
    return headers, body.replace(RS, "\r\n")


def wsgi_headers(headers: dict[str, str]) -> dict[str, str]:
    extra = {}
    for name, value in headers.items():
        if name.lower() in ("cookie", "content-type"):
            continue
        extra["HTTP_" + name.upper().replace("-", "_")] = value
    return extra


_handler = None


def client_for(headers: dict[str, str]):
    """A test client sending these headers and cookies, CSRF checks on. All
    share one handler: building the middleware chain (WhiteNoise reads the
    static files) is a worker's start-up cost, not a request's."""
    from django.test import Client
    from django.test.client import ClientHandler

    global _handler
    _handler = _handler or ClientHandler(enforce_csrf_checks=True)
    origin = headers.get("Origin", "")
    host = origin.split("://", 1)[1] if origin.startswith("http") else "127.0.0.1"
    client = Client(enforce_csrf_checks=True, HTTP_HOST=host, **wsgi_headers(headers))
    client.handler = _handler
    for pair in filter(None, headers.get("Cookie", "").split("; ")):
        name, _, value = pair.partition("=")
        client.cookies[name] = value
    return client


class _Profile:
    """Time inside the database driver, and health checks sent."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.sql = 0.0
        self.health_checks = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.sql += time.perf_counter() - started

    def is_usable(self, original):
        def counted() -> bool:
            self.health_checks += 1
            started = time.perf_counter()
            try:
                return original()
            finally:
                self.sql += time.perf_counter() - started

        return counted


def _measure(send) -> tuple[int, float, int, float, int]:
    from unittest import mock

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if not connection.in_atomic_block:  # (the test suite's smoke test runs inside a transaction)
        connection.close_if_unusable_or_obsolete()  # as at the start of every real request
    profile = _Profile(connection)
    with (
        CaptureQueriesContext(connection) as captured,
        connection.execute_wrapper(profile),
        mock.patch.object(connection, "is_usable", profile.is_usable(connection.is_usable)),
    ):
        started = time.perf_counter()
        response = send()
        if response.streaming:
            b"".join(response.streaming_content)
        elapsed = time.perf_counter() - started
    return len(captured.captured_queries), elapsed, response.status_code, profile.sql, profile.health_checks


def count(spec: dict, repeat: int = REPEAT) -> dict:
    """Queries of one request and the shortest time of several."""
    if spec["method"] == "GET" or spec.get("replay"):
        headers, body = parse_line(spec["probe"]) if spec["method"] == "POST" else ({}, "")
        headers = {**spec["headers"], **headers}
        client = client_for(headers)
        if spec["method"] == "GET":
            sends = [lambda: client.get(spec["path"])] * (repeat + 1)
        else:
            content_type = headers.get("Content-Type", "")
            sends = [lambda: client.generic("POST", spec["path"], body.encode(), content_type=content_type)]
            sends *= repeat + 1
        sends[0]()  # warm caches the way the load run does
        sends = sends[1:]
    else:
        sends = []
        for line in spec["probes"]:
            headers, body = parse_line(line)
            headers = {**spec["headers"], **headers}
            content_type = headers.get("Content-Type", "")
            sends.append(partial(client_for(headers).generic, "POST", spec["path"], body.encode(), content_type))
    results = [_measure(send) for send in sends]
    queries, _, status, _, health_checks = results[-1]
    if status >= 400:
        return {"queries": -status, "ms": None}
    fastest = min(results, key=lambda result: result[1])
    return {
        "queries": queries,
        "ms": round(fastest[1] * 1000, 1),
        "sql_share": round(sum(r[3] for r in results) / sum(r[1] for r in results), 2),
        "health_checks": health_checks,
    }


def main() -> None:
    django.setup()
    from django.conf import settings

    defaults = {"method": "GET", "headers": {}, "replay": False, "probe": "", "probes": []}
    specs = [defaults | spec for spec in json.load(sys.stdin)]
    if any(spec["method"] == "POST" for spec in specs):
        time.sleep(settings.TIPS_MIN_FILL_SECONDS)  # a resident takes a moment to fill in the form
    print(json.dumps({spec["name"]: count(spec) for spec in specs}))


if __name__ == "__main__":
    main()
