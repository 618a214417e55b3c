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


def insert_with_dependents(obj: models.Model, dependents: list[tuple[models.Model, str]]) -> bool | None:
    """PostgreSQL: insert `obj` unless it exists, as `insert_unless_exists`,
    and with it each dependent row, whose field named by the second item
    takes `obj`'s new pk (as text for a character field): all in one
    statement, so atomic without a transaction and one round trip. Nothing
    is inserted when `obj` conflicts. Returns whether it was inserted
    (pks set, `post_save` sent), or None elsewhere than PostgreSQL: do it in
    steps then."""
    from django.db.models import sql
    from django.db.models.constants import OnConflict
    from django.db.models.signals import post_save

    if connection.vendor != "postgresql":
        return None
    meta = obj._meta
    fields = [field for field in meta.local_concrete_fields if not field.generated and field is not meta.auto_field]
    query = sql.InsertQuery(type(obj), on_conflict=OnConflict.IGNORE)
    query.insert_values(fields, [obj])
    compiler = query.get_compiler(connection=connection)
    compiler.returning_fields = [meta.pk]
    ((head_sql, params),) = compiler.as_sql()
    parts = [f"new_0 AS ({head_sql})"]
    params = list(params)
    for number, (dependent, link) in enumerate(dependents, start=1):
        dependent_sql, dependent_params = _insert_select(dependent, link=link, source="new_0", pk=meta.pk.column)
        parts.append(f"new_{number} AS ({dependent_sql})")
        params += dependent_params
    rows = [obj, *(dependent for dependent, _link in dependents)]
    quote = connection.ops.quote_name
    columns = ", ".join(f"(SELECT {quote(row._meta.pk.column)} FROM new_{n})" for n, row in enumerate(rows))  # noqa: S608
    with connection.cursor() as cursor:
        # Identifiers come from the models' metadata, quoted; every value is a parameter.
        cursor.execute(f"WITH {', '.join(parts)} SELECT {columns}", params)  # noqa: S608
        pks = cursor.fetchone()
    if pks[0] is None:
        return False
    for row, pk in zip(rows, pks, strict=True):
        row.pk = pk
        row._state.adding = False
        row._state.db = connection.alias
    for dependent, link in dependents:
        field = dependent._meta.get_field(link)
        setattr(dependent, field.attname, obj.pk if field.get_internal_type() != "CharField" else str(obj.pk))
    for row in rows:
        post_save.send(
            sender=type(row), instance=row, created=True, update_fields=None, raw=False, using=connection.alias
        )
    return True


def _insert_select(obj: models.Model, *, link: str, source: str, pk: str) -> tuple[str, list]:
    """`INSERT … SELECT … FROM source RETURNING pk` of `obj`, its `link`
    field taken from the source's pk."""
    meta = obj._meta
    quote = connection.ops.quote_name
    link_field = meta.get_field(link)
    columns, values, params = [], [], []
    for field in meta.local_concrete_fields:
        if field.generated or field is meta.auto_field:
            continue
        columns.append(quote(field.column))
        if field is link_field:
            values.append(f"{source}.{quote(pk)}" + ("::text" if field.get_internal_type() == "CharField" else ""))
            continue
        values.append(f"CAST(%s AS {field.cast_db_type(connection)})")
        params.append(field.get_db_prep_save(field.pre_save(obj, True), connection))
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {source} "  # noqa: S608 - quoted identifiers, values as parameters
        f"RETURNING {quote(meta.pk.column)}"
    )
    return sql, params
