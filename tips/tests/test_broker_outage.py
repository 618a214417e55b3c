"""The outbox against a real Redis: submit while the broker is unreachable,
bring it back, and the coordinators' email still arrives."""

from __future__ import annotations

import contextlib
import os
import time
import uuid
from datetime import timedelta

import pytest
from celery import _state
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.utils import timezone
from kombu import pools as kombu_pools

from portal import queue as portal_queue
from portal.celery import app
from tips import tasks
from tips.models import Tip, TipNotification
from tips.tests.conftest import tip_data

pytestmark = [pytest.mark.redis, pytest.mark.worker]


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set")
    return url


@contextlib.contextmanager
def broker(url: str, queue: str):
    """Point the portal's Celery app at `url`, publishing for real."""
    saved = {
        key: app.conf[key]
        for key in ("broker_url", "task_always_eager", "task_default_queue", "broker_write_url", "task_routes")
    }
    default_app = _state.default_app
    app.conf.update(
        broker_url=url, broker_write_url=url, task_always_eager=False, task_default_queue=queue, task_routes={}
    )
    _reset_pools()
    try:
        yield
    finally:
        app.conf.update(saved)
        _reset_pools()
        _state.set_default_app(default_app)  # the embedded worker made itself the default


def _reset_pools() -> None:
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    kombu_pools.reset()  # kombu keeps producer pools per broker URL, globally


def test_a_tip_sent_while_redis_is_unreachable_is_notified_when_it_is_back(
    redis_url, transactional_db, client, municipality_a, coordinator_a, caplog
):
    queue = f"tips-outage-{uuid.uuid4().hex[:8]}"
    with broker("redis://127.0.0.1:1/0", queue):
        response = client.post(f"/kommun/{municipality_a.slug}/tipsa/", tip_data(municipality_a))
    assert response.status_code == 200
    assert "Din kvittokod" in response.content.decode()
    tip = Tip.objects.get()
    assert TipNotification.objects.get(tip=tip).expanded_at is None
    assert "waits for the sweep" in caplog.text
    assert not mail.outbox

    # A minute later Redis is back; beat's sweep queues the notification.
    TipNotification.objects.update(created=timezone.now() - timedelta(minutes=2))
    portal_queue.reset()  # beat's sweep runs in the worker, not in the web process that marked the broker down
    with broker(redis_url, queue), start_worker(app, pool="solo", perform_ping_check=False, queues=[queue]):
        assert tasks.sweep_notifications() == 1  # publishes the send task to Redis
        deadline = time.monotonic() + 30
        while not TipNotification.objects.filter(tip=tip, deliveries__status="sent").exists():
            assert time.monotonic() < deadline, "the worker never sent the notification"
            time.sleep(0.2)
    assert [m.to for m in mail.outbox] == [[coordinator_a.email]]
    assert str(tip.pk) in mail.outbox[0].subject


def test_after_one_failed_publish_the_broker_is_skipped_for_a_while(monkeypatch):
    """A frozen broker costs one request its timeout, not every request."""
    from kombu.exceptions import OperationalError as BrokerError

    from portal import queue

    calls = []

    class Task:
        name = "tips.example"
        app = app

        def apply_async(self, **kwargs):
            calls.append(kwargs)
            raise BrokerError("timed out")

    assert queue._send(Task(), (), {}) is False
    assert queue._send(Task(), (), {}) is False
    assert len(calls) == 1
    monkeypatch.setattr(queue, "BROKER_DOWN_SECONDS", 0)
    queue.reset()
    queue._send(Task(), (), {})
    assert len(calls) == 2


def test_publishing_keeps_one_redis_client_and_every_message_arrives(redis_url, monkeypatch):
    """kombu would build a `redis.Redis` for every message put; the portal's
    publishing channel is given one, kept (portal.queue._keep_client)."""
    import redis

    built = []
    original = redis.Redis.__init__

    def counting(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    queue = f"tips-kept-{uuid.uuid4().hex[:8]}"
    # The portal's own app, whichever app an earlier test made current.
    send = app.tasks[tasks.send_tip_notification.name]
    portal_queue.reset()
    with broker(redis_url, queue):
        assert portal_queue.publish(send, 0)  # connects and keeps the client
        monkeypatch.setattr(redis.Redis, "__init__", counting)
        assert all(portal_queue.publish(send, n) for n in range(1, 4))
        monkeypatch.undo()
        waiting = redis.Redis.from_url(redis_url)
        try:
            assert waiting.llen(queue) == 4
        finally:
            waiting.delete(queue)
            waiting.close()
    portal_queue.reset()
    assert built == []
