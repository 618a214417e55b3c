"""What `make bench` changed in the portal's settings and worker set-up."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

from celery.signals import task_postrun, task_prerun
from django.conf import settings

from portal import celery

ROOT = Path(settings.BASE_DIR)


def _database_settings(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "CONN_MAX_AGE"}}
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'portal.settings'; django.setup(); "
        "from django.conf import settings as s; d = s.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], s.CELERY_DB_REUSE_MAX)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_production_keeps_database_connections_and_development_does_not():
    production = {
        "DEBUG": "0",
        "SECRET_KEY": "k" * 20 + uuid.uuid4().hex + "Zx9!",
        "ALLOWED_HOSTS": "example.org",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "TIPS_RECEIPT_KEYS": "r" * 20 + uuid.uuid4().hex,
    }
    assert _database_settings(**production) == "60 True 1000"
    assert _database_settings(**production, CONN_MAX_AGE="5") == "5 True 1000"
    assert _database_settings(DEBUG="1") == "0 True 1000"


def test_a_worker_closes_only_old_or_broken_connections_around_each_task():
    assert celery.close_old_connections in [r() for _, r in task_prerun.receivers]
    assert celery.close_old_connections in [r() for _, r in task_postrun.receivers]
    with mock.patch("django.db.close_old_connections") as close:
        celery.close_old_connections(sender=SimpleNamespace(request=SimpleNamespace(is_eager=False)))
        assert close.call_count == 1
        celery.close_old_connections(sender=SimpleNamespace(request=SimpleNamespace(is_eager=True)))
        assert close.call_count == 1  # in-process tasks leave the caller's connection alone
