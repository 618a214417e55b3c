"""Race-free "insert unless it exists" without an error statement.

A unique constraint stays the last line of defence, but letting an INSERT
fail on it makes PostgreSQL log the whole failed statement, values and all
(tip text, contact details, nonces), outside any retention or erasure. So
writers of one logical key first take a transaction-scoped advisory lock on
it, then look before they insert: the second writer waits for the first to
commit and then finds its row.
"""

from __future__ import annotations

from django.db import connection, transaction


def lock_key(*parts: object) -> None:
    """Hold a lock on the key made of `parts` until the transaction ends.

    PostgreSQL: `pg_advisory_xact_lock` on a 64-bit hash of the key. SQLite
    serialises writers itself, so there is nothing to do there."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_key() needs a transaction (transaction.atomic)")
    if connection.vendor != "postgresql":
        return
    key = ":".join(str(part) for part in parts)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])
