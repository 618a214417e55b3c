"""Queue Celery tasks after the transaction commits, without ever turning a
broker outage into an error page.

The rows a task works on are committed first; if the broker is unreachable
the request still succeeds and the failure is logged (task name only, never
its arguments). Callers whose work must not be lost keep a status row that a
periodic task or a person can act on again.
"""

from __future__ import annotations

import logging
import time
from functools import partial

from celery import Task
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)


# After a failed publish the broker is skipped for this long, per process:
# a frozen Redis would otherwise cost every request its full timeout.
BROKER_DOWN_SECONDS = 10.0
_broker_down_until = [0.0]


def _send(task: Task, args: tuple, kwargs: dict) -> bool:
    if _broker_down_until[0] > time.monotonic():
        logger.info("broker marked down; not queueing %s (its sweep will)", task.name)
        return False
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except (BrokerError, OSError) as error:
        _broker_down_until[0] = time.monotonic() + BROKER_DOWN_SECONDS
        logger.warning("could not queue %s: %s", task.name, type(error).__name__)
        return False
    return True


def enqueue_on_commit(task: Task, *args, **kwargs) -> None:
    """Queue `task` once the current transaction commits (at once outside one)."""
    transaction.on_commit(partial(_send, task, args, kwargs))
