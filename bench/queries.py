"""Count SQL queries per request for each scenario, in-process, against the
benchmark database, and time the request alone (no concurrent load: the
shortest of several, which a busy machine disturbs least). Reads scenario
specs (JSON) on stdin, prints {name: {"queries": n, "ms": t}}; a failed
request is reported as minus its status code.

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


def _measure(send) -> tuple[int, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = send()
        if response.streaming:
            b"".join(response.streaming_content)
        elapsed = time.perf_counter() - started
    return len(captured.captured_queries), elapsed, response.status_code


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
    queries, _, status = results[-1]
    if status >= 400:
        return {"queries": -status, "ms": None}
    return {"queries": queries, "ms": round(min(elapsed for _, elapsed, _ in results) * 1000, 1)}


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
