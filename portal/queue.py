"""Queue Celery tasks after the transaction commits, without ever turning a
broker outage into an error page.

The rows a task works on are committed first; if the broker is unreachable
the request still succeeds and the failure is logged (task name only, never
its arguments). Callers whose work must not be lost keep a status row that a
periodic task or a person can act on again.
"""

from __future__ import annotations

import logging
from functools import partial

from celery import Task
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)


def _send(task: Task, args: tuple, kwargs: dict) -> bool:
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except (BrokerError, OSError) as error:
        logger.warning("could not queue %s: %s", task.name, type(error).__name__)
        return False
    return True


def enqueue_on_commit(task: Task, *args, **kwargs) -> None:
    """Queue `task` once the current transaction commits (at once outside one)."""
    transaction.on_commit(partial(_send, task, args, kwargs))
