"""The real parts: PostgreSQL, Redis with a Celery worker, production checks."""

import os
import socket
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_suite_runs_on_postgresql_when_database_url_says_so():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("DATABASE_URL does not point at PostgreSQL")
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM portal_category")
        assert cursor.fetchone()[0] >= 15


def _client_app(broker_url: str) -> Celery:
    """A Celery client with the portal's own configuration, but not eager."""
    app = Celery("ci-client")
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(broker_url=broker_url, result_backend=broker_url, task_always_eager=False)
    return app


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set")
    return url


@pytest.mark.redis
@pytest.mark.worker
def test_a_real_worker_runs_a_task_from_redis_and_returns_its_result(redis_url, tmp_path):
    queue = f"ci-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "REDIS_URL": redis_url, "DEBUG": "1"}
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo", "-Q", queue,
         "--without-gossip", "--without-mingle", "--loglevel=warning"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        result = _client_app(redis_url).send_task("portal.ping", args=["lägesbild"], queue=queue)
        assert result.get(timeout=60) == "pong:lägesbild"
    finally:
        worker.terminate()
        worker.wait(timeout=30)


@pytest.mark.redis
def test_publishing_gives_up_instead_of_hanging_when_redis_does_not_answer():
    """A frozen Redis accepts the connection and never replies."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    port = silent.getsockname()[1]
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept_forever() -> None:
        silent.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(silent.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept_forever, daemon=True)
    thread.start()
    try:
        app = _client_app(f"redis://127.0.0.1:{port}/0")
        with pytest.raises(Exception):  # noqa: B017 - kombu wraps the timeout in several types
            app.send_task("portal.notify", args=["x"], ignore_result=True)
    finally:
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()
        silent.close()


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "TIPS_RECEIPT_KEYS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


PRODUCTION = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/3",
    "SECRET_KEY": "k" * 20 + uuid.uuid4().hex + "Zx9!",
    "TIPS_RECEIPT_KEYS": "r" * 20 + uuid.uuid4().hex + "Rx9!",
}


def test_check_deploy_is_clean_under_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", **{k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG=0" in result.stderr


@pytest.mark.django_db
def test_demo_data_loads_twice_without_duplicates(django_user_model):
    from django.core.management import call_command

    from portal.models import Membership, Municipality

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    counts = (Municipality.objects.count(), Membership.objects.count(), django_user_model.objects.count())
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert (Municipality.objects.count(), Membership.objects.count(), django_user_model.objects.count()) == counts
    assert set(Municipality.objects.values_list("slug", flat=True)) >= {
        "borlange", "botkyrka", "lerum", "varmdo", "arboga"
    }  # fmt: skip
    police = django_user_model.objects.get(username="polis-bergslagen")
    assert police.memberships.count() > 1
    assert django_user_model.objects.get(username="samordnare-arboga").check_password("trygghet-demo")


def test_production_refuses_to_start_without_receipt_keys():
    result = _manage("check", **{k: v for k, v in PRODUCTION.items() if k != "TIPS_RECEIPT_KEYS"})
    assert result.returncode != 0
    assert "TIPS_RECEIPT_KEYS must be set when DEBUG=0" in result.stderr
