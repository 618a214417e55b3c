from celery import shared_task


@shared_task(name="portal.ping", ignore_result=False)
def ping(value: str) -> str:
    """Round-trip check used by the health test and operators: echoes `value`."""
    return f"pong:{value}"
