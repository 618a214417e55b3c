"""Queue Celery tasks after the transaction commits, without ever turning a
broker outage into an error page or a slow one.

The rows a task works on are committed first; if the broker is unreachable
the request still succeeds and the failure is logged (task name only, never
its arguments). Callers whose work must not be lost keep a status row that a
periodic task or a person can act on again.

A frozen Redis must not hold a request either. Celery's own publish waits
for the broker's socket timeout (3 s) and retries once, so the first tip
posted to a frozen Redis took 9 s. Publishing here therefore goes through a
connection of its own with short timeouts (`BROKER_PUBLISH_TIMEOUT`) and no
retry, and after one failure the broker is skipped for `BROKER_DOWN_SECONDS`
(per process): a frozen Redis costs one request per process and window at
most the publish timeout.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from functools import partial

from celery import Task
from django.conf import settings
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# After a failed publish the broker is skipped for this long, per process:
# a frozen Redis would otherwise cost every request its full timeout.
BROKER_DOWN_SECONDS = 10.0
_broker_down_until = [0.0]
FAILURES = (BrokerError, RedisError, OSError)
_local = threading.local()  # a kombu connection is not shared between threads


def _forget_in_child() -> None:
    _local.held = None  # a forked child opens its own; the socket stays the parent's


os.register_at_fork(after_in_child=_forget_in_child)


def _producer(task: Task):
    """This thread's producer on its publishing connection to the broker,
    with short timeouts. Kept, like the connection: Celery would build a
    producer for every message sent over a connection of the caller's."""
    app = task.app
    url = app.conf.broker_write_url
    held = getattr(_local, "held", None)
    if held is not None and held[0] == url:
        return held[2]
    _drop_connection()
    timeout = settings.BROKER_PUBLISH_TIMEOUT
    options = {
        **(app.conf.broker_transport_options or {}),
        "socket_timeout": timeout,
        "socket_connect_timeout": timeout,
        "max_retries": 0,
    }
    connection = app.connection_for_write(url, transport_options=options, connect_timeout=timeout)
    producer = app.amqp.Producer(connection, auto_declare=False)
    _keep_client(connection.default_channel)  # connects now, as the first publish would
    _local.held = (url, connection, producer)
    return producer


def _keep_client(channel) -> None:
    """kombu's Redis channel builds a new `redis.Redis` for every message it
    puts, and building one (its ~170 reply callbacks, its event dispatcher)
    costs about as much CPU as the LPUSH. Its `conn_or_acquire(client)` uses
    a client it is given, so this channel is given one, built once on its
    own pool. Channels of other transports are left as they are."""
    acquire = getattr(channel, "conn_or_acquire", None)
    create = getattr(channel, "_create_client", None)
    if acquire is None or create is None:
        return
    kept = create()
    channel.conn_or_acquire = lambda client=None: acquire(client or kept)


def _drop_connection() -> None:
    held = getattr(_local, "held", None)
    _local.held = None
    if held is not None:
        with contextlib.suppress(Exception):
            held[1].release()


def _publish_options(task: Task) -> dict:
    if task.app.conf.task_always_eager:  # in-process (development, tests): no broker
        return {}
    return {"producer": _producer(task), "retry": False}


def publish(task: Task, *args, **kwargs) -> bool:
    """Send `task` to the broker now; False (logged) when it is down or
    marked down. Never raises for a broker outage."""
    if _broker_down_until[0] > time.monotonic():
        logger.info("broker marked down; %s not queued, it waits for the sweep", task.name)
        return False
    try:
        task.apply_async(args=args, kwargs=kwargs, **_publish_options(task))
    except FAILURES as error:
        _drop_connection()
        _broker_down_until[0] = time.monotonic() + BROKER_DOWN_SECONDS
        logger.warning(
            "broker unavailable (%s); %s not queued, it waits for the sweep", type(error).__name__, task.name
        )
        return False
    return True


def _send(task: Task, args: tuple, kwargs: dict) -> bool:
    return publish(task, *args, **kwargs)


def enqueue_on_commit(task: Task, *args, **kwargs) -> None:
    """Queue `task` once the current transaction commits (at once outside one)."""
    transaction.on_commit(partial(_send, task, args, kwargs))


def reset() -> None:
    """Forget that the broker was down and the held connection (tests)."""
    _broker_down_until[0] = 0.0
    _drop_connection()
