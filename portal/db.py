"""Race-free "insert unless it exists" without an error statement.

A unique constraint stays the last line of defence, but letting an INSERT
fail on it makes PostgreSQL log the whole failed statement, values and all
(tip text, contact details, nonces), outside any retention or erasure. So
writers of one logical key first take a transaction-scoped advisory lock on
it, then look before they insert: the second writer waits for the first to
commit and then finds its row. A row that is inserted once or never
(a one-time nonce) needs no lock: `insert_unless_exists` inserts it with
`ON CONFLICT DO NOTHING`, which waits for a concurrent writer of the same key
and then inserts nothing, without an error; the rows that belong to it (an
outbox row, an audit event) can go in the same statement.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

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


def insert_unless_exists(obj: models.Model, *, along: Sequence[tuple[models.Model, str]] = ()) -> bool:
    """Insert `obj` with `INSERT … ON CONFLICT DO NOTHING RETURNING`, and say
    whether it was inserted (its pk is set then).

    For a row whose unique key is its identity (a one-time nonce): a
    concurrent writer of the same key waits for the first one's commit and
    then inserts nothing, with no failed statement in PostgreSQL's log and
    no lock or look-up of its own. Any unique constraint of the table counts
    as a conflict. The instance's `pre_save` of fields runs as in `save()`
    (auto_now and the like); `post_save` is sent for each row inserted.

    `along` are rows written only when `obj` is, each with the name of its
    field that takes `obj` (a foreign key) or its primary key (any other
    field, e.g. an audit event's object id). On PostgreSQL `obj` and these
    rows are one statement: atomic by itself, with no BEGIN and COMMIT round
    trips. Elsewhere they are inserted one by one in a transaction."""
    if along and transaction.get_connection().vendor == "postgresql":
        inserted = _insert_together(obj, along)
        for row in (obj, *(row for row, _name in along)) if inserted else ():
            _inserted(row)
        return inserted
    with transaction.atomic() if along else contextlib.nullcontext():
        inserted = _insert(obj)
        for row, name in along if inserted else ():
            _refer(row, name, obj)
            row.save(force_insert=True)
    return inserted


def _insert(obj: models.Model) -> bool:
    from django.db.models.constants import OnConflict

    model = type(obj)
    meta = model._meta
    returning = meta.db_returning_fields
    rows = model._base_manager._insert(
        [obj], fields=_fields(model), returning_fields=returning, on_conflict=OnConflict.IGNORE
    )
    if not rows or rows[0] is None:
        return False
    for value, field in zip(rows[0], returning, strict=True):
        setattr(obj, field.attname, value)
    _inserted(obj)
    return True


def _insert_together(obj: models.Model, along: Sequence[tuple[models.Model, str]]) -> bool:
    """`WITH new AS (INSERT … ON CONFLICT DO NOTHING RETURNING …), along_0
    AS (INSERT … SELECT … FROM new RETURNING …), … SELECT … FROM new,
    along_0, …`: no row back (and nothing along) when `obj` conflicted."""
    connection_ = transaction.get_connection()
    quote = connection_.ops.quote_name
    rows = [obj, *(row for row, _name in along)]
    returning = [row._meta.db_returning_fields for row in rows]
    new_pk = f"new.{quote(obj._meta.pk.column)}"
    columns, values, params = _values(obj, connection_)
    parts = [f"new AS ({_insert_sql(obj, columns, f'VALUES ({values}) ON CONFLICT DO NOTHING', quote)})"]
    for number, (row, name) in enumerate(along):
        field = row._meta.get_field(name)
        reference = {field.attname: f"CAST({new_pk} AS {field.db_type(connection_)})"}
        columns, values, row_params = _values(row, connection_, reference)
        select = f"SELECT {values} FROM new"  # noqa: S608 - placeholders and a cast of new's pk
        parts.append(f"along_{number} AS ({_insert_sql(row, columns, select, quote)})")
        params.extend(row_params)
    tables = ", ".join(["new", *(f"along_{number}" for number in range(len(along)))])
    sql = "WITH " + ", ".join(parts) + " SELECT * FROM " + tables  # noqa: S608 - names made here
    with connection_.cursor() as cursor:
        cursor.execute(sql, params)
        result = cursor.fetchone()
    if result is None:
        return False
    values_back = iter(result)
    for row, fields in zip(rows, returning, strict=True):
        for field in fields:
            setattr(row, field.attname, next(values_back))
    for row, name in along:
        _refer(row, name, obj)
    return True


def _fields(model: type[models.Model]) -> list:
    meta = model._meta
    return [field for field in meta.local_concrete_fields if not field.generated and field is not meta.auto_field]


_COLUMNS: dict[tuple[type[models.Model], str], tuple[list, str]] = {}


def _columns(model: type[models.Model], connection_) -> tuple[list, str]:
    """The fields an INSERT of `model` writes and their quoted column list,
    worked out once per model and database (a tip's row has 25 of them)."""
    key = (model, connection_.vendor)
    found = _COLUMNS.get(key)
    if found is None:
        fields = _fields(model)
        found = _COLUMNS[key] = (fields, ", ".join(connection_.ops.quote_name(field.column) for field in fields))
    return found


def _values(obj: models.Model, connection_, reference: dict[str, str] | None = None) -> tuple[str, str, list]:
    """Column list, value placeholders and parameters of `obj`'s INSERT, as
    `save()` would prepare them; `reference` gives SQL for some columns."""
    reference = reference or {}
    fields, columns = _columns(type(obj), connection_)
    values, params = [], []
    for field in fields:
        if field.attname in reference:
            values.append(reference[field.attname])
            continue
        value = field.pre_save(obj, add=True)
        if hasattr(value, "resolve_expression"):
            raise TypeError(f"{field.name}: a database expression cannot be inserted along")
        values.append("%s")
        params.append(field.get_db_prep_save(value, connection=connection_))
    return columns, ", ".join(values), params


def _insert_sql(obj: models.Model, columns: str, rows: str, quote) -> str:
    """`INSERT INTO <table> (<columns>) <rows> RETURNING <obj's returning
    columns>`. Only names from _meta, quoted, and placeholders go into the
    text; every value is a parameter."""
    meta = obj._meta
    returning = ", ".join(quote(field.column) for field in meta.db_returning_fields)
    return f"INSERT INTO {quote(meta.db_table)} ({columns}) {rows} RETURNING {returning}"  # noqa: S608


def _refer(row: models.Model, name: str, obj: models.Model) -> None:
    field = row._meta.get_field(name)
    if field.is_relation:
        setattr(row, field.name, obj)
    else:
        setattr(row, field.attname, field.to_python(obj.pk))


def _inserted(obj: models.Model) -> None:
    from django.db.models.signals import post_save

    obj._state.adding = False
    obj._state.db = transaction.get_connection().alias
    post_save.send(sender=type(obj), instance=obj, created=True, update_fields=None, raw=False, using=obj._state.db)
