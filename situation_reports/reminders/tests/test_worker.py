"""End to end on the real parts: Celery beat drives the dispatcher through
Redis, a real worker sends each reminder over SMTP to a local sink, and beat
firing again and again sends nothing twice."""

from __future__ import annotations

import contextlib
import os
import time
import uuid
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from celery import _state
from celery.beat import EmbeddedService
from celery.contrib.testing.worker import start_worker
from django.utils import timezone
from kombu import pools as kombu_pools

from portal.celery import app
from situation_reports.reminders.models import ReminderDelivery
from situation_reports.reminders.tests.factories import BriefingScheduleFactory

pytestmark = [pytest.mark.redis, pytest.mark.worker]


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set")
    return url


def _reset_pools() -> None:
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    kombu_pools.reset()


@contextlib.contextmanager
def real_broker(url: str, queue: str, beat_every: float):
    """The portal's Celery app publishing to Redis on a queue of its own,
    with beat waking the dispatcher every `beat_every` seconds."""
    keys = ("broker_url", "broker_write_url", "task_always_eager", "task_default_queue", "beat_schedule", "task_routes")
    saved = {key: app.conf[key] for key in keys}
    default_app = _state.default_app
    app.conf.update(
        broker_url=url,
        broker_write_url=url,
        task_always_eager=False,
        task_default_queue=queue,
        task_routes={},  # this test's worker takes every task from its own queue
        beat_schedule={"dispatch": {"task": "situation_reports.dispatch_reminders", "schedule": beat_every}},
    )
    _reset_pools()
    try:
        yield
    finally:
        app.conf.update(saved)
        _reset_pools()
        _state.set_default_app(default_app)


def wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_beat_a_worker_and_redis_deliver_each_reminder_once_to_an_smtp_sink(
    redis_url, transactional_db, smtp_server, tmp_path, municipality_a, recipients_a
):
    # A schedule whose reminder fell due half an hour ago (meeting in 30 minutes, reminder 1 hour before).
    meeting = timezone.now().astimezone(ZoneInfo(municipality_a.timezone)) + timedelta(minutes=30)
    BriefingScheduleFactory(
        municipality=municipality_a,
        meeting_weekday=meeting.isoweekday(),
        meeting_time=meeting.time().replace(second=0, microsecond=0),
        reminder_hours_before=1,
    )
    queue = f"reminders-e2e-{uuid.uuid4().hex[:8]}"
    with (
        real_broker(redis_url, queue, beat_every=0.5),
        start_worker(app, pool="solo", perform_ping_check=False, queues=[queue]),
    ):
        beat = EmbeddedService(app, thread=True, schedule_filename=str(tmp_path / "beat-schedule"))
        beat.start()
        try:
            wait_for(lambda: len(smtp_server.accepted) >= len(recipients_a))
            time.sleep(3)  # beat fires the dispatcher several more times
        finally:
            beat.stop()
    assert sorted(rcpt for envelope in smtp_server.accepted for rcpt in envelope.rcpt_tos) == sorted(
        user.email for user in recipients_a
    )
    assert set(ReminderDelivery.objects.values_list("status", "attempts")) == {("sent", 1)}
