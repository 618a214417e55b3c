"""More than one machine: PgBouncer without server-side cursors, and an
optional read replica for the read-only aggregate pages."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import uuid
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal import replica, streaming
from portal.models import Membership, Place, User
from portal.tests.factories import PlaceFactory
from situation_reports.tests.factories import ObservationFactory, WeeklyReportFactory
from situation_reports.weeks import IsoWeek

ROOT = Path(settings.BASE_DIR)


def _settings_of(code: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_REPLICA_URL"}}
    production = {
        "DEBUG": "0",
        "SECRET_KEY": "k" * 20 + uuid.uuid4().hex + "Zx9!",
        "ALLOWED_HOSTS": "example.org",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "TIPS_RECEIPT_KEYS": "r" * 20 + uuid.uuid4().hex,
    }
    setup = "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'portal.settings'; django.setup(); "
    setup += "from django.conf import settings as s; "
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", setup + code],
        cwd=ROOT,
        env={**clean, **production, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_server_side_cursors_are_turned_off_from_the_environment():
    code = "print(s.DATABASES['default']['DISABLE_SERVER_SIDE_CURSORS'])"
    assert _settings_of(code) == "False"
    assert _settings_of(code, DISABLE_SERVER_SIDE_CURSORS="1") == "True"


def test_without_a_replica_url_there_is_one_database_and_no_router():
    code = "print(sorted(s.DATABASES), s.DATABASE_ROUTERS, 'portal.replica.ReplicaReadsMiddleware' in s.MIDDLEWARE)"
    assert _settings_of(code) == "['default'] [] False"


def test_a_replica_url_adds_the_replica_its_router_and_middleware():
    code = (
        "r = s.DATABASES['replica']; print(sorted(s.DATABASES), s.DATABASE_ROUTERS, s.MIDDLEWARE[-1], "
        "r['NAME'], r['CONN_MAX_AGE'], r['DISABLE_SERVER_SIDE_CURSORS'])"
    )
    out = _settings_of(
        code,
        DATABASE_URL="postgres://app@primary:5432/portal",
        DATABASE_REPLICA_URL="postgres://reader@replica:5432/portal",
        DISABLE_SERVER_SIDE_CURSORS="1",
    )
    assert out == "['default', 'replica'] ['portal.replica.ReplicaRouter'] portal.replica.ReplicaReadsMiddleware " + (
        "portal 60 True"
    )


@pytest.fixture
def replica_on(settings):
    """The router and middleware installed as with DATABASE_REPLICA_URL; the
    test database has no second alias, so the router's answers are recorded
    and the query still goes to `default`."""
    settings.DATABASE_REPLICA_URL = "postgres://reader@replica/portal"
    settings.DATABASE_ROUTERS = ["portal.replica.ReplicaRouter"]
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "portal.replica.ReplicaReadsMiddleware"]
    answers: list[str | None] = []
    original = replica.ReplicaRouter.db_for_read

    def record(self, model, **hints):
        answers.append(original(self, model, **hints))
        return None

    with (
        mock.patch.object(replica, "replica_enabled", return_value=True),
        mock.patch.object(replica.ReplicaRouter, "db_for_read", record),
    ):
        yield answers


@pytest.mark.django_db(transaction=True)
def test_the_original_router_decisions():
    router = replica.ReplicaRouter()
    with mock.patch.object(replica, "replica_enabled", return_value=True):
        assert router.db_for_read(Place) is None
        with replica.replica_reads():
            assert router.db_for_read(Place) == "replica"
            assert router.db_for_read(Membership) is None  # who may see what: always the primary
            assert router.db_for_read(User) is None
            with transaction.atomic():
                assert router.db_for_read(Place) is None  # read your own writes on the primary
    with replica.replica_reads():
        assert router.db_for_read(Place) is None  # no replica configured
    assert router.db_for_write(Place) == "default"
    assert router.allow_migrate("replica", "portal") is False and router.allow_migrate("default", "portal")


@pytest.mark.django_db(transaction=True)  # the router leaves reads inside a transaction on the primary
def test_only_the_listed_read_only_pages_read_from_the_replica(replica_on, reader_client, municipality_a):
    assert reader_client.get(reverse("situation_reports:dashboard", args=[municipality_a.slug])).status_code == 200
    assert "replica" in replica_on
    replica_on.clear()
    week = IsoWeek.of(IsoWeek(2025, 10).monday)
    WeeklyReportFactory(municipality=municipality_a, week=week)
    url = reverse("situation_reports:week-detail", args=[municipality_a.slug, week.year, week.week])
    assert reader_client.get(url).status_code == 200
    assert replica_on and "replica" not in replica_on  # the week page reads the primary
    assert replica._reading_replica.get() is False  # nothing leaks past the request


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


@pytest.mark.django_db
def test_without_server_side_cursors_an_export_reads_id_chunks_and_gives_the_same_rows(reader_client, municipality_a):
    report = WeeklyReportFactory(municipality=municipality_a, week=IsoWeek(2025, 10))
    place = PlaceFactory(municipality=municipality_a)
    for _ in range(7):
        ObservationFactory(report=report, place=place)
    url = reverse("situation_reports:observation-csv", args=[municipality_a.slug])
    streamed = _rows(reader_client.get(url))
    assert len(streamed) == 1 + 7
    with (
        mock.patch.dict(connection.settings_dict, {"DISABLE_SERVER_SIDE_CURSORS": True}),
        mock.patch.object(streaming, "iterate", lambda qs, chunk_size: streaming_iterate(qs, 3)),
        CaptureQueriesContext(connection) as captured,
    ):
        chunked = _rows(reader_client.get(url))
    assert chunked == streamed
    selects = [q["sql"] for q in captured.captured_queries if "situation_reports_observation" in q["sql"]]
    assert len(selects) == 1 + 3  # the ordered ids, then 3 + 3 + 1 rows


streaming_iterate = streaming.iterate
