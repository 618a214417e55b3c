"""Race-free "insert unless it exists" without an error statement.

A unique constraint stays the last line of defence, but letting an INSERT
fail on it makes PostgreSQL log the whole failed statement, values and all
(tip text, contact details, nonces), outside any retention or erasure. So
writers of one logical key first take a transaction-scoped advisory lock on
it, then look before they insert: the second writer waits for the first to
commit and then finds its row. A row that is inserted once or never
(a one-time nonce) needs no lock: `insert_unless_exists` inserts it with
`ON CONFLICT DO NOTHING`, which waits for a concurrent writer of the same key
and then inserts nothing, without an error.
"""

from __future__ import annotations

from django.db import connection, models, transaction


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


def insert_unless_exists(obj: models.Model) -> bool:
    """Insert `obj` in one statement, `INSERT … ON CONFLICT DO NOTHING
    RETURNING`, and say whether it was inserted (its pk is set then).

    For a row whose unique key is its identity (a one-time nonce): a
    concurrent writer of the same key waits for the first one's commit and
    then inserts nothing, with no failed statement in PostgreSQL's log and
    no lock or look-up of its own. Any unique constraint of the table counts
    as a conflict. The instance's `pre_save` of fields runs as in `save()`
    (auto_now and the like); `post_save` is sent when a row was inserted."""
    from django.db.models.constants import OnConflict
    from django.db.models.signals import post_save

    model = type(obj)
    meta = model._meta
    fields = [field for field in meta.local_concrete_fields if not field.generated and field is not meta.auto_field]
    returning = meta.db_returning_fields
    rows = model._base_manager._insert([obj], fields=fields, returning_fields=returning, on_conflict=OnConflict.IGNORE)
    if not rows or rows[0] is None:
        return False
    for value, field in zip(rows[0], returning, strict=True):
        setattr(obj, field.attname, value)
    obj._state.adding = False
    obj._state.db = transaction.get_connection().alias
    post_save.send(sender=model, instance=obj, created=True, update_fields=None, raw=False, using=obj._state.db)
    return True
