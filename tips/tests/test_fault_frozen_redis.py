"""Redis frozen under a running portal: gunicorn (2 workers, DEBUG=0), a
Celery worker with embedded beat on the tips queue and an SMTP sink, all on
a Redis of the test's own (broker on database 0, cache on 1), frozen with
SIGSTOP as `DEBUG SLEEP` would. Twenty residents post a tip while it is
frozen and an official reads the tip list: tip POSTs answer within 3 s (p95),
public and officials' pages within 2 s (p95). When Redis is thawed, every
tip handler gets exactly one e-mail per tip, from the outbox and its sweep.
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from portal.models import Role
from portal.tests.factories import MembershipFactory, UserFactory
from portal.tests.services import _wait_for_port, free_port, own_redis
from tips.models import Tip, TipNotificationDelivery

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.worker]

ROOT = Path(__file__).resolve().parents[2]
RESIDENTS = 4
TIPS_EACH = 5
# Residents arrive over a while: the freeze outlasts the 10 s for which one
# failure marks the cache and the broker down, so each process tries again.
PAUSE = 2.0
SECRET_KEY = "frozen-redis-test-" + "k" * 60  # the stack's, so the test can sign an official's session
FIELD = r'name="{name}" value="([^"]+)"'
RECEIPT = re.compile(r"data-receipt-code[^>]*>([0-9A-Z]{4}(?:-[0-9A-Z]{4}){4})<")


class Sink:
    """An SMTP server that keeps (recipient, tip number) of every message."""

    def __init__(self) -> None:
        self.received: list[tuple[str, int]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        subject = email.message_from_bytes(envelope.content, policy=email.policy.default)["subject"]
        found = re.search(r"(?:#|nr )(\d+)", subject)  # "New tip #12", "Nytt tips nr 12"
        number = int(found.group(1)) if found else -1
        self.received.extend((address, number) for address in envelope.rcpt_tos)
        await asyncio.sleep(0)
        return "250 OK"


class _PlainHttp(http.cookiejar.DefaultCookiePolicy):
    """DEBUG=0 marks cookies Secure; send them over the test's plain http as a browser behind TLS would."""

    def return_ok_secure(self, cookie, request) -> bool:
        return True


def _browser(address: str, session_key: str = ""):
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar(policy=_PlainHttp()))
    )
    opener.addheaders = [("X-Forwarded-For", address), ("Accept-Language", "sv")]
    if session_key:
        opener.addheaders.append(("Cookie", f"sessionid={session_key}"))
    return opener


def _timed(opener, url: str, data: dict | None = None) -> tuple[float, int, str]:
    """Seconds, status and page, redirects followed; a page that ends
    elsewhere than asked (the login page) counts as its status 0."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    started = time.monotonic()
    try:
        with opener.open(urllib.request.Request(url, data=body), timeout=60) as response:  # noqa: S310
            status, page = response.status, response.read().decode()
            if urllib.parse.urlsplit(response.geturl()).path != urllib.parse.urlsplit(url).path:
                status = 0
    except urllib.error.HTTPError as error:
        status, page = error.code, error.read().decode()
    return time.monotonic() - started, status, page


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _environment(redis_url: str, smtp_port: int, tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "REDIS", "CACHE", "PYTEST"))}
    return {
        **clean,
        "DJANGO_SETTINGS_MODULE": "tips.tests.stack_settings",
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "TIPS_RECEIPT_KEYS": "frozen-redis-receipts-" + "r" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "REQUIRE_STAFF_TWO_FACTOR": "0",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,  # the broker; the cache is the same server's database 1
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "SITE_URL": "https://trygghet.example.org",
        "CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR",
        "TIPS_MIN_FILL_SECONDS": "0",
        "TIPS_SWEEP_SECONDS": "2",
        "TIP_PHOTO_ROOT": str(tmp_path / "photos"),
        "LOG_LEVEL": "WARNING",
    }


@contextlib.contextmanager
def _process(command: list[str], env: dict[str, str], log: Path):
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)


@pytest.fixture
def services(transactional_db):
    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        pytest.skip("runs where PostgreSQL and Redis are provided (DATABASE_URL, REDIS_URL), as in CI")


@pytest.fixture
def sink():
    handler = Sink()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, controller.port
    controller.stop()


@pytest.fixture
def handlers(municipality_a, organisation_a, coordinator_a, contributor_a):
    second = MembershipFactory(
        user=UserFactory(username="samordnare-a2"),
        municipality=municipality_a,
        organisation=organisation_a,
        role=Role.COORDINATOR,
    ).user
    return [coordinator_a, contributor_a, second]


def _session_of(user, settings) -> str:
    settings.SECRET_KEY = SECRET_KEY  # the session and its auth hash are signed with the stack's key
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def _resident_posts(base: str, slug: str, number: int, timings: dict[str, list[float]], count: int) -> list[str]:
    """One resident after another on this thread: open the form, send a tip, read two public pages."""
    codes = []
    for n in range(count):
        resident = _browser(f"10.0.{number}.{n + 1}")
        seconds, status, form = _timed(resident, f"{base}/kommun/{slug}/tipsa/")
        assert status == 200, form[:300]
        timings["public page"].append(seconds)
        tip = {
            "csrfmiddlewaretoken": re.search(FIELD.format(name="csrfmiddlewaretoken"), form).group(1),
            "form_token": re.search(FIELD.format(name="form_token"), form).group(1),
            "description": f"Frusen Redis, tips {number}-{n}: krossad gatlykta vid busshållplatsen.",
            "where_text": "Busshållplatsen vid torget",
            "identity": "anonymous",
            "website": "",
        }
        seconds, status, page = _timed(resident, f"{base}/kommun/{slug}/tipsa/", tip)
        assert status == 200 and RECEIPT.search(page), (status, page[:300])
        timings["tip POST"].append(seconds)
        codes.append(RECEIPT.search(page).group(1))
        for path in ("/", f"/kommun/{slug}/"):
            seconds, status, _ = _timed(resident, base + path)
            assert status == 200, path
            timings["public page"].append(seconds)
        time.sleep(PAUSE)
    return codes


def _official_reads(base: str, slug: str, key: str, done: threading.Event, timings: dict[str, list[float]]) -> None:
    official = _browser("10.1.0.1", key)
    while not done.is_set():
        for path in (f"/intern/{slug}/", f"/intern/{slug}/tips/"):
            seconds, status, page = _timed(official, base + path)
            assert status == 200, (path, status, page[:300])
            timings["official page"].append(seconds)
        time.sleep(0.3)


def _p(values: list[float], percent: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def test_a_frozen_redis_stalls_no_page_and_every_tip_is_notified_exactly_once_when_it_is_back(  # noqa: PLR0915
    services, sink, handlers, municipality_a, tmp_path, settings
):
    handler, smtp_port = sink
    slug = municipality_a.slug
    official_key = _session_of(handlers[0], settings)
    with own_redis() as redis:
        env = _environment(redis.url(0), smtp_port, tmp_path)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        web = [sys.executable, "-m", "gunicorn", "portal.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "60"]
        worker = [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool", "solo", "-Q", "tips", "-B"]
        worker += ["-s", str(tmp_path / "beat-schedule"), "--loglevel", "WARNING", "--without-heartbeat"]
        worker += ["--without-gossip", "--without-mingle"]
        with (
            _process(web, env, tmp_path / "gunicorn.log"),
            _process(worker, env, tmp_path / "worker.log"),
        ):
            _wait_for_port(port, 60)
            timings: dict[str, list[float]] = {"tip POST": [], "public page": [], "official page": []}
            before = _resident_posts(base, slug, 9, {"tip POST": [], "public page": []}, count=1)
            assert _wait_for(lambda: len(handler.received) == len(handlers), 60), (
                "the stack does not deliver before the freeze: " + (tmp_path / "worker.log").read_text()[-2000:]
            )

            redis.freeze()
            frozen = time.monotonic()
            done = threading.Event()
            with ThreadPoolExecutor(max_workers=RESIDENTS + 1) as pool:
                reading = pool.submit(_official_reads, base, slug, official_key, done, timings)
                residents = [pool.submit(_resident_posts, base, slug, n, timings, TIPS_EACH) for n in range(RESIDENTS)]
                codes = [code for future in residents for code in future.result()]
                done.set()
                reading.result()
            freeze_seconds = time.monotonic() - frozen
            sent_during_freeze = len(handler.received) - len(handlers)
            redis.thaw()
            thawed = time.monotonic()

            tips = 1 + RESIDENTS * TIPS_EACH
            expected = tips * len(handlers)
            all_sent = _wait_for(lambda: len(handler.received) >= expected, 45)
            recovery_seconds = time.monotonic() - thawed
            time.sleep(4)  # two more sweeps: a duplicate would arrive now
        web_log, worker_log = (tmp_path / "gunicorn.log").read_text(), (tmp_path / "worker.log").read_text()

    assert len(set(before + codes)) == tips
    assert Tip.objects.filter(municipality=municipality_a).count() == tips  # every tip stored
    assert all_sent, (
        f"{len(handler.received)} of {expected} e-mails after {recovery_seconds:.0f} s:\n{worker_log[-3000:]}"
    )
    per_message = Counter(handler.received)
    numbers = set(Tip.objects.values_list("pk", flat=True))
    assert set(per_message) == {(user.email, number) for user in handlers for number in numbers}
    assert set(per_message.values()) == {1}, [key for key, count in per_message.items() if count > 1]
    assert set(TipNotificationDelivery.objects.values_list("status", flat=True)) == {"sent"}
    assert "Internal Server Error" not in web_log and "Traceback" not in web_log, web_log[-3000:]
    # The broker was tried once per process and 10 s, not once per tip: the rest waited for the sweep.
    tried = web_log.count("broker unavailable (")
    assert 1 <= tried <= 2 * (int(freeze_seconds // 10) + 1), tried

    figures = {
        name: f"n={len(values)} p50 {_p(values, 50):.2f} s, p95 {_p(values, 95):.2f} s, max {max(values):.2f} s"
        for name, values in timings.items()
    }
    print(  # noqa: T201 - the figures docs/OPERATIONS.md quotes
        f"Redis frozen {freeze_seconds:.1f} s: {figures}; e-mails during the freeze: {sent_during_freeze}; "
        f"all {expected} sent once {recovery_seconds:.1f} s after the thaw; broker tried {tried} times"
    )
    assert _p(timings["tip POST"], 95) < 3
    assert _p(timings["public page"], 95) < 2
    assert _p(timings["official page"], 95) < 2
