"""Many posts at once, on PostgreSQL (SQLite serialises writers anyway)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client

from tips.bench import concurrent_tips
from tips.models import Tip
from tips.tests.conftest import tip_data

pytestmark = pytest.mark.postgres
ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def postgres(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL) for real concurrency")


def test_twenty_concurrent_posts_of_one_form_create_one_tip(postgres, municipality_a):
    data = tip_data(municipality_a)
    start = threading.Barrier(20)

    def post(_: int) -> tuple[int, str]:
        try:
            start.wait()
            response = Client().post(f"/kommun/{municipality_a.slug}/tipsa/", data)
            return response.status_code, response.context.get("code")
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(post, range(20)))
    assert Tip.objects.count() == 1
    assert {status for status, _ in results} == {200}
    assert len({code for _, code in results}) == 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def running_server(postgres):
    """gunicorn on the test database, as in production (4 workers × 8 threads)."""
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "REDIS_URL", "CACHE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DATABASE_URL=_database_url(),
        DEBUG="1",
        CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR",
        TIPS_MIN_FILL_SECONDS="0",
        TIP_PHOTO_ROOT=str(settings.TIP_PHOTO_ROOT),
        LOG_LEVEL="WARNING",
    )
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "4", "--threads", "8", "--backlog", "1024", "--timeout", "120"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/halsa/", timeout=2).close()  # noqa: S310
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail("gunicorn did not start: " + server.stderr.read().decode()[-2000:])
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_two_hundred_concurrent_tips_are_all_stored_with_their_own_codes(running_server, municipality_a):
    outcomes = concurrent_tips.run(running_server, municipality_a.slug, 200)
    summary = concurrent_tips.summarise(outcomes)
    assert summary["server_errors"] == 0, summary
    assert summary["ok"] == 200, summary
    assert summary["distinct_codes"] == 200
    assert Tip.objects.filter(municipality=municipality_a).count() == 200
    assert Tip.objects.values("receipt_hash").distinct().count() == 200
