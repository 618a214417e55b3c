"""The Celery app. Broker and behaviour come from Django settings (CELERY_*)."""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def close_old_connections(sender=None, **kwargs) -> None:
    """Around each task, what Django does around each request: close a
    database connection that is older than CONN_MAX_AGE or broken, keep the
    others. (Celery's own Django fixup would close every connection before
    and after every task; CELERY_DB_REUSE_MAX in settings.py stops it. That
    cost the reminders fan-out a new PostgreSQL connection per email.)"""
    if getattr(getattr(sender, "request", None), "is_eager", False):
        return  # in-process (tests, no broker): the caller owns the connection
    from django.db import close_old_connections as close

    close()
