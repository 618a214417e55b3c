"""The week's and the observation list's CSV exports: what their columns
are. Writing them safely for a spreadsheet is `portal.spreadsheets`'s job."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import Action, Observation, WeeklyReport


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
