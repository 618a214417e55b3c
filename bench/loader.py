"""Fast row loading for the generated data set: PostgreSQL COPY, or plain
`executemany` INSERTs elsewhere (SQLite in the test suite).

Rows are tuples in a fixed column order per table, with explicit primary
keys handed out here, so children can point at parents without a round trip.
Writers are flushed together in the order they were opened (parents first),
so every foreign key points at a row that is already stored.
"""

from __future__ import annotations

import io
import json
import sys
import time
from datetime import date, datetime

from django.db import connection, models
from django.db.backends.base.base import BaseDatabaseWrapper

FLUSH_ROWS = 60_000


def _copy_text(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list):  # a JSONField
        return _copy_text(json.dumps(value, ensure_ascii=False))
    return str(value)


_REQUIRED = object()


def _default(field: models.Field):
    """What a column gets when a row does not name it."""
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if field.blank and field.empty_strings_allowed and not isinstance(field, models.DateTimeField | models.DateField):
        return ""
    return _REQUIRED


class Table:
    """Buffered rows of one table."""

    def __init__(self, loader: Loader, model: type[models.Model]) -> None:
        self.loader = loader
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.columns = [field.column for field in self.fields]
        self.defaults = [_default(field) for field in self.fields]
        self.rows: list[tuple] = []
        self.written = 0
        self.next_id = loader.next_id(model)

    def new_id(self) -> int:
        value = self.next_id
        self.next_id += 1
        return value

    def add(self, **values) -> int:
        """Buffer one row given by column name; returns its id."""
        if "id" not in values:
            values["id"] = self.new_id()
        row = tuple(values.get(c, d) for c, d in zip(self.columns, self.defaults, strict=True))
        if _REQUIRED in row:
            missing = [c for c, v in zip(self.columns, row, strict=True) if v is _REQUIRED]
            raise ValueError(f"{self.model.__name__}: no value for {', '.join(missing)}")
        self.rows.append(row)
        self.loader.pending += 1
        return values["id"]

    def flush(self) -> None:
        if not self.rows:
            return
        if self.loader.copy:
            self._copy()
        else:
            self._insert()
        self.written += len(self.rows)
        self.rows = []

    def _copy(self) -> None:
        buffer = io.StringIO()
        buffer.writelines("\t".join(map(_copy_text, row)) + "\n" for row in self.rows)
        buffer.seek(0)
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f"COPY {connection.ops.quote_name(self.model._meta.db_table)} ({columns}) FROM STDIN", buffer
            )

    def _insert(self) -> None:
        prepared = [
            [field.get_db_prep_save(value, connection) for field, value in zip(self.fields, row, strict=True)]
            for row in self.rows
        ]
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        placeholders = ", ".join(["%s"] * len(self.columns))
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", prepared)  # noqa: S608


class Loader:
    """Opens tables, hands out ids, flushes in dependency order."""

    def __init__(self, db: BaseDatabaseWrapper = connection) -> None:
        self.copy = db.vendor == "postgresql"
        self.tables: list[Table] = []
        self.pending = 0

    def table(self, model: type[models.Model]) -> Table:
        table = Table(self, model)
        self.tables.append(table)
        return table

    def next_id(self, model: type[models.Model]) -> int:
        current = model._base_manager.aggregate(top=models.Max("pk"))["top"] or 0
        # Leave a gap above any row written concurrently by the running portal.
        return current + 1

    def maybe_flush(self) -> None:
        if self.pending >= FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        for table in self.tables:
            table.flush()
        self.pending = 0

    def finish(self) -> None:
        """Flush everything and move each id sequence past the rows written."""
        self.flush()
        from django.core.management.color import no_style

        statements = connection.ops.sequence_reset_sql(no_style(), [t.model for t in self.tables])
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


class Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, label: str, total: int, stream=None, quiet: bool = False) -> None:
        self.label = label
        self.total = max(total, 1)
        self.done = 0
        self.started = time.monotonic()
        self.last = 0.0
        self.stream = stream or sys.stderr
        self.quiet = quiet

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if now - self.last >= 0.5 or self.done >= self.total:
            self.last = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        if self.quiet:
            return
        share = min(self.done / self.total, 1.0)
        bar = "#" * int(share * 30)
        elapsed = now - self.started
        self.stream.write(f"\r{self.label:<14} [{bar:<30}] {share:6.1%} {elapsed:6.1f} s")
        self.stream.flush()

    def close(self) -> None:
        self._draw(time.monotonic())
        if not self.quiet:
            self.stream.write("\n")
