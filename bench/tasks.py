"""Tasks of the benchmark: the no-op drain and the reminders stand-in."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task

TRANSIENT = (SMTPException, ConnectionError, TimeoutError)


@shared_task(name="bench.noop")
def noop(note_id: int | None = None) -> None:
    """Does nothing: the drain rate of a worker, the ceiling for real tasks."""


@shared_task(name="bench.noop_dispatch")
def noop_dispatch(count: int, queue: str) -> None:
    """Queue `count` no-op tasks, as a dispatcher queues its sends."""
    for number in range(count):
        noop.apply_async(args=[number], queue=queue)


@shared_task(name="bench.reminders_dispatch")
def reminders_dispatch(limit: int, queue: str, reuse: bool = True) -> int:
    from . import reminders

    pending = reminders.dispatch(limit)
    for pk in pending:
        reminder_send.apply_async(args=[pk, reuse], queue=queue)
    return len(pending)


@shared_task(name="bench.reminder_send", bind=True, acks_late=True, max_retries=5)
def reminder_send(self, delivery_id: int, reuse: bool = True) -> None:
    from . import reminders

    try:
        reminders.send(delivery_id, reuse=reuse)
    except TRANSIENT as error:
        raise self.retry(exc=error, countdown=2**self.request.retries) from error
