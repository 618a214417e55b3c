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
        _("Time or part of the day"),
        _("Certainty"),
    ]


def _when(o: Observation) -> str:
    return o.time.strftime("%H:%M") if o.time else o.get_part_of_day_display()


def week_rows(
    observations: Iterable[Observation], actions: Iterable[Action], record: dict | None = None
) -> Iterator[list[Any]]:
    """The week's observations, actions and, given the week's `record`
    (selectors.week_record), its field presence, attendance and decisions."""
    for o in observations:
        row = [_("Observation"), o.date.isoformat(), o.place.name, o.category.name, o.organisation.name, o.count]
        yield [*row, o.get_source_display(), "", o.description, "", "", _when(o), o.get_certainty_display()]
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
    if record is not None:
        yield from record_rows(record)


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


def record_rows(record: dict) -> Iterator[list[Any]]:
    for p in record["presence"]:
        when = f"{p.starts_at:%Y-%m-%d %H:%M}–{p.ends_at:%H:%M}"
        yield [_("Presence"), when, p.where, "", p.organisation.name, p.hours, p.people, "", p.activity, "", ""]
    for a in record["attendance"]:
        yield [_("Attendance"), "", "", "", a.organisation.name, "", "", "", a.people, "", ""]
    for d in record["decisions"]:
        yield [_("Decision"), d.created.date().isoformat(), "", "", "", "", "", "", d.text, "", ""]
