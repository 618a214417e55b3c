"""CSV exports that are safe to open in a spreadsheet.

Officials type the descriptions; a cell that starts with = + - @ (or a tab
or carriage return) would be run as a formula by Excel or LibreOffice
("CSV injection"), so such cells are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import Action, Observation, WeeklyReport

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
            yield "\ufeff" + writer.writerow(header)
            for row in rows:
                yield writer.writerow([neutralise(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def week_header() -> list[str]:
    return [
        _("Type"),
        _("Date"),
        _("Place"),
        _("Category"),
        _("Organisation"),
        _("Number of events"),
        _("Source"),
        _("Status"),
        _("Text"),
        _("Outcome"),
        _("Carried over from week"),
    ]


def week_rows(observations: Iterable[Observation], actions: Iterable[Action]) -> Iterator[list[Any]]:
    for o in observations:
        row = [_("Observation"), o.date.isoformat(), o.place.name, o.category.name, o.organisation.name, o.count]
        yield [*row, o.get_source_display(), "", o.description, "", ""]
    for a in actions:
        origin = a.carried_over_from.report if a.carried_over_from_id else None
        yield [
            pgettext("situation report", "Action"),
            a.due_date.isoformat() if a.due_date else "",
            a.place.name if a.place_id else "",
            "",
            a.responsible_organisation.name,
            "",
            "",
            a.get_status_display(),
            a.what,
            a.outcome_note,
            str(origin.week) if origin else "",
        ]


def observation_header() -> list[str]:
    return [
        _("Year"),
        _("Week"),
        _("Date"),
        _("Place"),
        _("Category"),
        _("Organisation"),
        _("Number of events"),
        _("Source"),
        _("Description"),
    ]


def observation_rows(observations: Iterable[Observation]) -> Iterator[list[Any]]:
    for o in observations:
        report: WeeklyReport = o.report
        yield [
            report.iso_year,
            report.iso_week,
            o.date.isoformat(),
            o.place.name,
            o.category.name,
            o.organisation.name,
            o.count,
            o.get_source_display(),
            o.description,
        ]
