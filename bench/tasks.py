from celery import shared_task


@shared_task(name="bench.noop")
def noop(note_id: int | None = None) -> None:
    """Does nothing: the drain rate of a worker, the ceiling for real tasks."""
