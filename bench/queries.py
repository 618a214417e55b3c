"""Count SQL queries per request for each scenario, in-process, against the
benchmark database. Reads scenario specs (JSON) on stdin, prints {name: n};
a failed request is reported as minus its status code.

GETs are sent twice and the second is counted (caches warm, as under load).
A POST scenario is counted with its `probe`, one request line of its own
(so a one-time token is never spent twice); a replayable POST is sent twice
like a GET.
"""

from __future__ import annotations

import json
import sys
import time

import django

from bench.prepare import RS


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


def client_for(headers: dict[str, str]):
    from django.test import Client

    client = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1", **wsgi_headers(headers))
    for pair in filter(None, headers.get("Cookie", "").split("; ")):
        name, _, value = pair.partition("=")
        client.cookies[name] = value
    return client


def count(spec: dict) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if spec["method"] == "GET":
        client = client_for(spec["headers"])
        client.get(spec["path"])  # warm caches the way the load run does
        with CaptureQueriesContext(connection) as captured:
            response = client.get(spec["path"])
    else:
        headers, body = parse_line(spec["probe"])
        headers = {**spec["headers"], **headers}
        client = client_for(headers)

        def post():
            return client.generic("POST", spec["path"], body.encode(), content_type=headers.get("Content-Type", ""))

        if spec.get("replay"):
            post()
        with CaptureQueriesContext(connection) as captured:
            response = post()
    return len(captured.captured_queries) if response.status_code < 400 else -response.status_code


def main() -> None:
    django.setup()
    from django.conf import settings

    defaults = {"method": "GET", "headers": {}, "replay": False, "probe": ""}
    specs = [defaults | spec for spec in json.load(sys.stdin)]
    if any(spec["method"] == "POST" for spec in specs):
        time.sleep(settings.TIPS_MIN_FILL_SECONDS)  # a resident takes a moment to fill in the form
    print(json.dumps({spec["name"]: count(spec) for spec in specs}))


if __name__ == "__main__":
    main()
