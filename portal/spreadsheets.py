"""CSV exports that are safe to open in a spreadsheet, streamed.

Officials and residents type the texts; a cell that starts with = + - @ (or
a tab or carriage return) would be run as a formula by Excel or LibreOffice
("CSV injection"), so such cells are prefixed with an apostrophe. Rows are
streamed, so an export of every tip of a large municipality is never held
in memory."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import translation

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, header: list[str], rows: Iterable[list[Any]]) -> StreamingHttpResponse:
    """Stream rows as UTF-8 CSV with a byte-order mark, so Excel reads å, ä, ö."""
    writer = csv.writer(_Echo())
    language = translation.get_language()

    def lines() -> Iterator[str]:
        # Streaming runs after the view returned: keep the request's language.
        with translation.override(language):
            yield "\ufeff" + writer.writerow([neutralise(value) for value in header])
            for row in rows:
                yield writer.writerow([neutralise(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
