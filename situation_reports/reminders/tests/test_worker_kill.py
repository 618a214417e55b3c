"""A worker process killed (SIGKILL) in the middle of a chunk, then started
again: every recipient gets the reminder, and the only duplicates are the
messages the SMTP server had accepted but whose "sent" was not yet committed
— with `REMINDERS_RECORD_EVERY=1`, at most the one message in flight at the
kill (with the default 20, at most 20). This is the documented guarantee:
at-least-once with a claim (portal/delivery.py)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import uuid
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.utils import timezone

from portal.models import Organisation
from portal.tests.factories import OrganisationFactory
from situation_reports.reminders.models import ReminderDelivery
from situation_reports.reminders.services import deliveries_queue, deliveries_requeue_stale
from situation_reports.reminders.tests.conftest import _free_port, member
from situation_reports.reminders.tests.factories import BriefingScheduleFactory, ReminderDeliveryFactory
from situation_reports.reminders.tests.test_worker import real_broker, wait_for

pytestmark = [pytest.mark.redis, pytest.mark.worker, pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[3]
RECIPIENTS = 40


class SlowSink:
    """Accepts every message after a short pause, so a kill lands mid-chunk."""

    def __init__(self) -> None:
        self.received: list[str] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        await asyncio.sleep(0.05)
        self.received.extend(envelope.rcpt_tos)
        return "250 OK"


def _worker(queue: str, sink_port: int) -> subprocess.Popen:
    settings_db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": (
            f"postgres://{settings_db['USER']}:{settings_db['PASSWORD']}@{settings_db['HOST'] or '127.0.0.1'}:"
            f"{settings_db['PORT'] or 5432}/{settings_db['NAME']}"
        ),
        "EMAIL_URL": f"smtp://127.0.0.1:{sink_port}",
        "REMINDERS_RECORD_EVERY": "1",
    }
    command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool", "solo", "-Q", queue]
    return subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [*command, "--loglevel", "WARNING", "--without-heartbeat", "--without-gossip", "--without-mingle"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set")
    return url


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): the worker is another process")


@pytest.fixture
def sink():
    handler = SlowSink()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield handler, controller.port
    controller.stop()


def test_a_worker_killed_mid_chunk_and_restarted_sends_everyone_at_least_once_and_at_most_one_twice(
    redis_url, postgres, transactional_db, sink, municipality_a, police_a
):
    handler, port = sink
    BriefingScheduleFactory(municipality=municipality_a)
    housing = OrganisationFactory(kind=Organisation.Kind.HOUSING, municipalities=[municipality_a])
    users = [member(municipality_a, police_a if n % 2 else housing, username=f"kill-{n}") for n in range(RECIPIENTS)]
    now = timezone.now()
    for user in users:
        ReminderDeliveryFactory(municipality=municipality_a, user=user, due_at=now, meeting_at=now + timedelta(days=1))
    queue = f"reminders-kill-{uuid.uuid4().hex[:8]}"
    with real_broker(redis_url, queue, beat_every=3600):
        assert deliveries_queue() == RECIPIENTS  # one chunk task on this test's queue
        worker = _worker(queue, port)
        try:
            wait_for(lambda: len(handler.received) >= RECIPIENTS // 4)
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(10)
        at_kill = len(handler.received)
        assert at_kill < RECIPIENTS, "the worker finished before it was killed"
        statuses = Counter(ReminderDelivery.objects.values_list("status", flat=True))
        assert statuses["sending"] > 0  # the rest of the chunk is still claimed by the dead worker

        # Ten minutes later beat's sweep frees the dead worker's claims and queues them again.
        ReminderDelivery.objects.filter(status="sending").update(claimed_at=now - timedelta(minutes=11))
        assert deliveries_requeue_stale() == statuses["sending"]
        worker = _worker(queue, port)
        try:
            wait_for(lambda: not ReminderDelivery.objects.exclude(status="sent").exists(), seconds=90)
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(20)
    per_recipient = Counter(handler.received)
    assert set(per_recipient) == {user.email for user in users}  # everyone at least once
    twice = [address for address, count in per_recipient.items() if count > 1]
    assert len(twice) <= 1 and max(per_recipient.values()) <= 2  # only the message in flight at the kill
    print(f"killed after {at_kill} of {RECIPIENTS} accepted; sent twice: {len(twice)}")  # noqa: T201 - the figure
