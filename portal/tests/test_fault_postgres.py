"""PostgreSQL stopped under a running portal (gunicorn, DEBUG=0, a cluster
of the test's own): every page answers the calm 503 – residents', officials'
(whose request fails in the two-factor middleware, before any view) and the
admin's – never a 500 or a traceback; /halsa/ says the database is down; a
tip posted meanwhile comes back with its text; all is well once it returns."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from portal.tests.services import _wait_for_port, free_port, own_postgres

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
SETUP = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from portal.tests.factories import MembershipFactory, MunicipalityFactory, UserFactory
membership = MembershipFactory(municipality=MunicipalityFactory(slug="fel-kommun"), role="coordinator")
admin = UserFactory(username="admin-fel", is_staff=True, is_superuser=True)
keys = []
for user in (membership.user, admin):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    keys.append(session.session_key)
print("KEYS", *keys)
"""


def _environment(database_url: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "REDIS", "CACHE", "PYTEST"))}
    return {
        **clean,
        "DJANGO_SETTINGS_MODULE": "portal.test_settings",  # plain static files, mail kept in memory
        "DEBUG": "0",
        "SECRET_KEY": "fault-test-" + "k" * 60,
        "TIPS_RECEIPT_KEYS": "fault-test-receipts-" + "r" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "CACHE_URL": "redis://127.0.0.1:1/1",  # satisfies DEBUG=0; test_settings keeps a local cache
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "60",
        "TIPS_MIN_FILL_SECONDS": "0",
    }


def _fetch(opener, url: str, data: dict | None = None) -> tuple[int, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with opener.open(urllib.request.Request(url, data=body), timeout=15) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_stopping_postgresql_under_traffic_answers_503_everywhere_and_no_500(tmp_path):
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("runs where PostgreSQL is provided (DATABASE_URL), as in CI; it starts a cluster of its own")
    with own_postgres() as database:  # noqa: PLR0915 - one scenario, told in order
        env = _environment(database.url)
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)  # noqa: S603
        setup = subprocess.run(  # noqa: S603
            [*manage, "shell", "-c", SETUP], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        )
        official_key, admin_key = re.search(r"KEYS (\S+) (\S+)", setup.stdout).groups()
        port = free_port()
        log = tmp_path / "gunicorn.log"
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "portal.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "60"],
            cwd=ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for_port(port, 60)
            base = f"http://127.0.0.1:{port}"
            jar = http.cookiejar.CookieJar()
            resident = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

            def as_user(key: str):
                opener = urllib.request.build_opener()
                opener.addheaders = [("Cookie", f"sessionid={key}")]
                return opener

            official, admin = as_user(official_key), as_user(admin_key)
            status, form = _fetch(resident, f"{base}/kommun/fel-kommun/tipsa/")
            assert status == 200
            token = re.search(r'name="form_token" value="([^"]+)"', form).group(1)
            csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
            # The cookie is Secure (DEBUG=0) and this is plain http: send it as a browser behind TLS would.
            cookie = next(c for c in jar if c.name == "csrftoken")
            resident = urllib.request.build_opener()
            resident.addheaders = [("Cookie", f"csrftoken={cookie.value}")]
            assert _fetch(official, f"{base}/intern/fel-kommun/")[0] == 200
            assert _fetch(resident, f"{base}/halsa/")[0] == 200

            database.stop()
            stopped = time.monotonic()
            answers = []
            pages = [
                (resident, "/"),
                (resident, "/kommun/fel-kommun/"),
                (official, "/intern/fel-kommun/"),
                (official, "/intern/fel-kommun/tips/"),
                (admin, "/admin/"),
            ]
            for _ in range(4):
                for opener, path in pages:
                    started = time.monotonic()
                    status, body = _fetch(opener, base + path)
                    answers.append((path, status, time.monotonic() - started))
                    assert status == 503, (path, status, body[:300])
                    assert "Portalen är tillfälligt otillgänglig" in body and "Traceback" not in body
            tip = {
                "csrfmiddlewaretoken": csrf,
                "form_token": token,
                "description": "Det brinner i en soptunna vid skolan",
                "where_text": "Skolgården",
                "identity": "anonymous",
                "website": "",
            }
            status, body = _fetch(resident, f"{base}/kommun/fel-kommun/tipsa/", tip)
            assert status == 503 and "Det brinner i en soptunna vid skolan</textarea>" in body
            status, body = _fetch(resident, f"{base}/halsa/")
            assert status == 503 and json.loads(body)["database"]["state"] == "down"
            outage_seconds = time.monotonic() - stopped

            database.start()
            time.sleep(0.5)
            assert _fetch(resident, f"{base}/halsa/")[0] == 200
            for opener, path in pages:
                assert _fetch(opener, base + path)[0] == 200, path
            status, body = _fetch(resident, f"{base}/kommun/fel-kommun/tipsa/", tip)  # sent again
            assert status == 200 and "kvitto" in body.lower()
        finally:
            server.terminate()
            server.wait(20)
        output = log.read_text()
        assert "Internal Server Error" not in output and "Traceback" not in output, output[-3000:]
        episodes = output.count("database unavailable")
        assert 1 <= episodes <= 2, output  # once per worker process, not once per request
        slowest = max(seconds for _, _, seconds in answers)
        print(f"{len(answers)} requests during a {outage_seconds:.1f} s outage; slowest 503 in {slowest:.2f} s")  # noqa: T201
