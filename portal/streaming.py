"""Iterate a large queryset without holding it in memory, with or without
server-side cursors.

`QuerySet.iterator()` streams through a server-side cursor on PostgreSQL.
Behind PgBouncer in transaction mode those are turned off
(`DISABLE_SERVER_SIDE_CURSORS`), and the same call would fetch every row
into memory at once. Then the ordered ids are read first (one integer per
row), and the rows fetched a chunk of ids at a time, in the same order: each
query stands alone, as transaction pooling needs, and an export still
streams.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db import connections
from django.db.models import Model, QuerySet


def iterate(queryset: QuerySet, chunk_size: int = 2000) -> Iterator[Model]:
    settings = connections[queryset.db].settings_dict
    if not settings.get("DISABLE_SERVER_SIDE_CURSORS"):
        yield from queryset.iterator(chunk_size=chunk_size)
        return
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start : start + chunk_size]
        rows = {row.pk: row for row in queryset.order_by().filter(pk__in=chunk)}
        yield from (rows[pk] for pk in chunk if pk in rows)
