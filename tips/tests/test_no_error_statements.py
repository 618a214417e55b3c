"""A double submit on PostgreSQL fails no statement: PostgreSQL would log a
failed INSERT whole (tip text, contact details, the nonce) in its server
log, outside retention and erasure. A failed statement aborts its
transaction, so `pg_stat_database.xact_rollback` counts them."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import Client

from tips.models import Tip
from tips.tests.conftest import receipt_code, tip_data

pytestmark = pytest.mark.postgres


@pytest.fixture
def postgres(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")


def rollbacks() -> int:
    """This database's aborted transactions, as the statistics see them now."""
    connections.close_all()  # our own backend flushes its counters as it exits
    time.sleep(0.2)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT xact_rollback FROM pg_stat_database WHERE datname = current_database()")
        return cursor.fetchone()[0]


def settled_rollbacks() -> int:
    """Wait until the counter stops moving (other backends flush on exit)."""
    last = rollbacks()
    for _ in range(20):
        time.sleep(0.3)
        now = rollbacks()
        if now == last:
            return now
        last = now
    return last


def contact_data(municipality) -> dict:
    return tip_data(
        municipality,
        identity="contact",
        contact_name="Hemlig Person",
        contact_phone="070-111 22 33",
        contact_email="hemlig@example.org",
    )


def test_a_double_submit_creates_one_tip_and_fails_no_statement(postgres, municipality_a):
    data = contact_data(municipality_a)
    client = Client()
    before = settled_rollbacks()
    first = client.post(f"/kommun/{municipality_a.slug}/tipsa/", data)
    second = client.post(f"/kommun/{municipality_a.slug}/tipsa/", data)
    assert (first.status_code, second.status_code) == (200, 200)
    assert receipt_code(first) == receipt_code(second)
    assert Tip.objects.count() == 1
    assert settled_rollbacks() == before


def test_twenty_concurrent_submits_create_one_tip_and_fail_no_statement(postgres, municipality_a):
    data = contact_data(municipality_a)
    start = threading.Barrier(20)
    before = settled_rollbacks()

    def post(_: int) -> int:
        try:
            start.wait()
            return Client().post(f"/kommun/{municipality_a.slug}/tipsa/", data).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(post, range(20)))
    assert set(statuses) == {200}
    assert Tip.objects.count() == 1
    after = settled_rollbacks()
    print(f"\nxact_rollback before {before}, after {after}")
    assert after == before


def test_the_counter_sees_a_failed_statement(postgres, municipality_a):
    """The measurement itself: a unique violation does move the counter."""
    from django.db import IntegrityError, transaction

    from tips.tests.factories import TipFactory

    tip = TipFactory(municipality=municipality_a)
    before = settled_rollbacks()
    with pytest.raises(IntegrityError), transaction.atomic():
        TipFactory(municipality=municipality_a, submission_token=tip.submission_token)
    assert settled_rollbacks() > before
