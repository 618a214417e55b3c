"""Count SQL queries per request for each scenario, in-process, against the
benchmark database. Reads scenario specs (JSON) on stdin, prints {name: n}."""

import json
import sys

import django


def main() -> None:
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for spec in json.load(sys.stdin):
        if spec["method"] != "GET":
            continue  # one-time bodies cannot be replayed; POSTs are counted in their own tests
        client = Client(HTTP_HOST="127.0.0.1")
        for pair in filter(None, spec["cookie"].split("; ")):
            name, _, value = pair.partition("=")
            client.cookies[name] = value
        client.get(spec["path"])  # warm caches the way the load run does
        with CaptureQueriesContext(connection) as captured:
            response = client.get(spec["path"])
        counts[spec["name"]] = len(captured.captured_queries) if response.status_code < 400 else -response.status_code
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
