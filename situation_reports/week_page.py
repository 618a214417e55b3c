"""The week page's tables and summary, built for a week of hundreds of rows.

A presenter turns the week's observations and actions into escaped HTML rows
once: one `reverse()` per kind of link (a placeholder id replaced in
Python), each choice label and each date formatted once in the active
language. The rows are kept in the shared cache under the week's version
(situation_reports/versions.py), its language, whether the week is open and
whether the viewer may see tips, and the tokens of the names they show
(places, categories, organisations, authors: portal/pagecache.py), so a kept copy is
never stale. What depends on the viewer alone (the edit links, what is new
since the last visit) is added per request.

Kept with the rows, because the same versions cover them: the week's record
(presence, attendance, decisions, reopenings: watched models of the week)
and last week's unfinished actions, under last week's version too.

A cache that is down or frozen costs a miss: the rows are built as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from html import escape

from django.db.models import Model
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines
from django.utils.translation import get_language, gettext

from portal import pagecache
from portal.languages import translated
from portal.links import PLACEHOLDER, Link
from portal.models import Membership

from . import selectors
from .models import Action, Certainty, Observation, PartOfDay, WeeklyReport, WeekVisit
from .weeks import IsoWeek

KEPT_SECONDS = 6 * 3600
ORGANISATIONS = "organisations"  # bumped by every change of an organisation (apps.py)
USERS = "week-authors"  # bumped when a user's name changes or a user is deleted (apps.py)
NAME_FIELDS = {"first_name", "last_name", "username"}
STATUS_MARK = {Action.Status.DONE: "✓ ", Action.Status.NOT_DONE: "✗ "}


# --- Links and labels, once per page ----------------------------------------------


class WeekLink:
    """One `reverse()` of the week page; `for_week` fills in year and week."""

    def __init__(self, slug: str) -> None:
        url = reverse("situation_reports:week-detail", args=[slug, PLACEHOLDER, PLACEHOLDER - 1])
        self.head, rest = url.split(str(PLACEHOLDER), 1)
        self.middle, self.tail = rest.split(str(PLACEHOLDER - 1), 1)

    def for_week(self, year: int, week: int) -> str:
        return f"{self.head}{year}{self.middle}{week}{self.tail}"


def _memo(function: Callable) -> Callable:
    seen: dict = {}

    def call(value):
        if value not in seen:
            seen[value] = function(value)
        return seen[value]

    return call


class Labels:
    """Choice labels and formatted dates of the active language, each made once."""

    def __init__(self) -> None:
        self.source = {value: str(label) for value, label in Observation.Source.choices}
        self.certainty = {value: str(label) for value, label in Certainty.choices}
        self.part_of_day = {value: str(label) for value, label in PartOfDay.choices}
        self.status = {value: str(label) for value, label in Action.Status.choices}
        self.weekday = _memo(lambda day: formats.date_format(day, "D"))
        self.month_day = _memo(lambda day: formats.date_format(day, "MONTH_DAY_FORMAT"))
        self.clock = _memo(lambda moment: formats.time_format(moment, "H:i"))


# --- The rows, as kept ---------------------------------------------------------------
#
# Plain strings of markup: every value from the database goes through `esc`
# (the standard library's html.escape, which Django's escape filter is) or
# `_lines` (linebreaksbr), so a row is as safe as the autoescaped template it
# replaces (tests/test_week_page.py compares the two, hostile text included).
# Only `markup` marks the joined rows safe.


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def _lines(text: str) -> str:
    """As the linebreaksbr filter: escaped, each line break a <br>."""
    return esc(normalize_newlines(text)).replace("\n", "<br>")


def markup(parts: Iterable[str]) -> SafeString:
    """Rows built here, from escaped values and fixed tags only."""
    return mark_safe("".join(parts))  # noqa: S308 - see above: every value is escaped where it is put in


@dataclass
class ObservationRow:
    cells: str  # from <tr> to the author, both included
    edit: str  # the edit and delete links
    author_id: int | None
    created: datetime


@dataclass
class Group:
    organisation_id: int
    name: str
    rows: list[ObservationRow] = field(default_factory=list)
    events: int = 0


@dataclass
class ActionRow:
    cells: str  # from <tr> to the outcome, both included
    edit: str  # a coordinator's edit and delete links
    update: str  # the responsible organisation's status link
    responsible_id: int


@dataclass
class Tally:
    name: str
    url: str = ""
    observations: int = 0
    events: int = 0


@dataclass
class Week:
    groups: list[Group]
    actions: list[ActionRow]
    categories: list[Tally]
    places: list[Tally]
    category_rows: str = ""  # the summary's tables, as includes/week_summary.html rendered them
    place_rows: str = ""
    record: dict = field(default_factory=dict)  # selectors.week_record
    followup: list[Action] = field(default_factory=list)  # selectors.followup_actions


def author_name(row: dict) -> str:
    """As User.__str__: the full name, or the username."""
    full = f"{row['author__first_name']} {row['author__last_name']}".strip()
    return full or row["author__username"]


class _Builder:
    def __init__(self, slug: str, tips: bool) -> None:
        self.labels = Labels()
        self.tips = tips
        self.place = Link("situation_reports:place-detail", slug)
        self.tip = Link("tips:tip-detail", slug)
        self.observation_edit = Link("situation_reports:observation-edit", slug)
        self.observation_delete = Link("situation_reports:observation-delete", slug)
        self.action_edit = Link("situation_reports:action-edit", slug)
        self.action_delete = Link("situation_reports:action-delete", slug)
        self.words = {w: esc(gettext(w)) for w in ("Edit", "Delete", "Update status", "Show the tip")}
        self.names = _memo(esc)  # places, categories, organisations, authors: few, each escaped once

    def when(self, o: dict) -> str:
        day = esc(f"{self.labels.weekday(o['date'])} {self.labels.month_day(o['date'])}")
        if o["time"]:
            return f"{day} {esc(self.labels.clock(o['time']))}"
        if o["part_of_day"]:
            return f'{day}<br><span class="small">{esc(self.labels.part_of_day[o["part_of_day"]])}</span>'
        return day

    def source(self, o: dict) -> str:
        label = esc(self.labels.source.get(o["source"], o["source"]))
        if not (o["tip_id"] and self.tips):
            return label
        tip = o["tip_id"]
        return (
            f'{label} <a class="no-print" href="{esc(self.tip.for_id(tip))}">{self.words["Show the tip"]}'
            f'<span class="visually-hidden"> {tip}</span></a>'
        )

    def observation(self, o: dict, category: str) -> ObservationRow:
        place = self.names(o["place__name"])
        author = self.names(author_name(o)) if o["author_id"] else "–"
        certainty = esc(self.labels.certainty.get(o["certainty"], o["certainty"]))
        cells = (
            f'<tr><td class="text-nowrap">{self.when(o)}</td>'
            f'<td><a href="{esc(self.place.for_id(o["place_id"]))}">{place}</a></td>'
            f'<td>{self.names(category)}</td><td class="text-end">{o["count"]}</td>'
            f"<td>{self.source(o)}</td><td>{certainty}</td>"
            f'<td class="description">{_lines(o["description"])}</td><td>{author}</td>'
        )
        hidden = f"{place} {esc(self.labels.month_day(o['date']))}"
        edit = (
            f'<a href="{esc(self.observation_edit.for_id(o["pk"]))}">{self.words["Edit"]}'
            f'<span class="visually-hidden"> {hidden}</span></a> · '
            f'<a href="{esc(self.observation_delete.for_id(o["pk"]))}">{self.words["Delete"]}'
            f'<span class="visually-hidden"> {hidden}</span></a>'
        )
        return ObservationRow(cells=cells, edit=edit, author_id=o["author_id"], created=o["created"])

    def action(self, a: dict) -> ActionRow:
        what = esc(a["what"])
        place = (
            f'<a href="{esc(self.place.for_id(a["place_id"]))}">{self.names(a["place__name"])}</a>'
            if a["place_id"]
            else "–"
        )
        due = esc(self.labels.month_day(a["due_date"])) if a["due_date"] else "–"
        edit_url = esc(self.action_edit.for_id(a["pk"]))
        return ActionRow(
            cells=(
                f"<tr><td>{what}{self.carried(a)}</td><td>{self.names(a['responsible_organisation__name'])}</td>"
                f'<td>{place}</td><td class="text-nowrap">{due}</td><td>{self.status(a["status"])}</td>'
                f"<td>{_lines(a['outcome_note']) or '–'}</td>"
            ),
            edit=(
                f'<a href="{edit_url}">{self.words["Edit"]}<span class="visually-hidden"> {what}</span></a> · '
                f'<a href="{esc(self.action_delete.for_id(a["pk"]))}">{self.words["Delete"]}'
                f'<span class="visually-hidden"> {what}</span></a>'
            ),
            update=(
                f'<a href="{edit_url}">{self.words["Update status"]}<span class="visually-hidden"> {what}</span></a>'
            ),
            responsible_id=a["responsible_organisation_id"],
        )

    def carried(self, a: dict) -> str:
        if not a["carried_over_from_id"]:
            return ""
        text = gettext("Carried over from week %(week)s") % {"week": a["carried_over_from__report__iso_week"]}
        return f'<br><span class="small text-body-secondary">{esc(text)}</span>'

    def status(self, status: str) -> str:
        """As includes/action_status.html, which the follow-up table still uses."""
        label = esc(self.labels.status.get(status, status))
        return f'<span class="action-status action-status-{esc(status)}">{STATUS_MARK.get(status, "○ ")}{label}</span>'


def build(*, slug: str, observations: Iterable[dict], actions: Iterable[dict], tips: bool) -> Week:
    """The week's rows and tallies, from the selectors' value rows
    (observations ordered by organisation)."""
    builder = _Builder(slug, tips)
    category_name = _memo(lambda pk: translated(categories_i18n[pk]))
    categories_i18n: dict[int, dict] = {}
    groups: dict[int, Group] = {}
    categories: dict[int, Tally] = {}
    places: dict[int, Tally] = {}
    for o in observations:
        categories_i18n.setdefault(o["category_id"], {"name_i18n": o["category__name_i18n"]})
        category = category_name(o["category_id"])
        group = groups.get(o["organisation_id"]) or groups.setdefault(
            o["organisation_id"], Group(o["organisation_id"], o["organisation__name"])
        )
        group.rows.append(builder.observation(o, category))
        group.events += o["count"]
        _count(categories, o["category_id"], o["count"], lambda category=category: Tally(category))
        _count(
            places, o["place_id"], o["count"], lambda o=o: Tally(o["place__name"], builder.place.for_id(o["place_id"]))
        )
    ranked_categories, ranked_places = _ranked(categories.values()), _ranked(places.values())
    return Week(
        groups=list(groups.values()),
        actions=[builder.action(a) for a in actions],
        categories=ranked_categories,
        places=ranked_places,
        category_rows=markup(f'<tr><th scope="row">{esc(t.name)}</th>{_numbers(t)}</tr>' for t in ranked_categories),
        place_rows=markup(
            f'<tr><th scope="row"><a href="{esc(t.url)}">{esc(t.name)}</a></th>{_numbers(t)}</tr>'
            for t in ranked_places
        ),
    )


def _numbers(tally: Tally) -> str:
    observations, events = formats.localize(tally.observations), formats.localize(tally.events)
    return f'<td class="text-end">{esc(observations)}</td><td class="text-end">{esc(events)}</td>'


def _count(tallies: dict[int, Tally], key: int, events: int, new: Callable[[], Tally]) -> None:
    tally = tallies.get(key) or tallies.setdefault(key, new())
    tally.observations += 1
    tally.events += events


def _ranked(tallies: Iterable[Tally]) -> list[Tally]:
    return sorted(tallies, key=lambda t: (-t.events, -t.observations, t.name))


# --- Kept under the week's version ----------------------------------------------------


def _key(report: WeeklyReport, slug: str, tips: bool, previous: tuple | None) -> str | None:
    tokens = pagecache.versions(f"places:{report.municipality_id}", "categories", ORGANISATIONS, USERS)
    if tokens is None:
        return None
    previous_parts = previous or ("-", "-")
    parts = (report.pk, report.version, *previous_parts, slug, get_language(), report.is_open, tips, *tokens)
    return "week-rows:" + ":".join(str(p) for p in parts)


def week_get(*, report: WeeklyReport, municipality: Model, tips: bool) -> Week:
    """The week's rows, record and last week's unfinished actions, kept or
    built now (and kept)."""
    week = IsoWeek(report.iso_year, report.iso_week)
    previous = selectors.report_version(municipality=municipality, week=week.shifted(-1))
    key = _key(report, municipality.slug, tips, previous)
    kept = pagecache.kept_get(key)
    if kept is None:
        kept = build(
            slug=municipality.slug,
            observations=selectors.observation_rows_for_report(report=report),
            actions=selectors.action_rows_for_report(report=report),
            tips=tips,
        )
        kept.record = selectors.week_record(report=report)
        if previous is not None:
            kept.followup = list(selectors.followup_actions(municipality=municipality, week=week))
        pagecache.kept_set(key, kept, timeout=KEPT_SECONDS)
    return kept


def bump_organisations(**kwargs) -> None:
    pagecache.bump(ORGANISATIONS)


def bump_authors(created: bool = False, update_fields: frozenset | None = None, **kwargs) -> None:
    """A kept row shows its author's name: a rename or a deletion (which
    empties the author) bumps; a new user or a login's last_login does not."""
    if created or (update_fields is not None and not NAME_FIELDS & set(update_fields)):
        return
    pagecache.bump(USERS)


# --- Per viewer -------------------------------------------------------------------------


@dataclass(frozen=True)
class Viewer:
    user_id: int
    organisation_id: int
    is_coordinator: bool
    can_contribute: bool

    @classmethod
    def of(cls, membership: Membership) -> Viewer:
        return cls(membership.user_id, membership.organisation_id, membership.is_coordinator, membership.can_contribute)


EDIT_CELL = '<td class="no-print text-nowrap">'


def observation_rows(group: Group, *, viewer: Viewer | None) -> SafeString:
    """The group's rows; `viewer` None for a page without edit links."""
    if viewer is None:
        return markup(f"{row.cells}</tr>" for row in group.rows)
    everything = viewer.is_coordinator
    return markup(
        f"{row.cells}{EDIT_CELL}{row.edit if everything or row.author_id == viewer.user_id else ''}</td></tr>"
        for row in group.rows
    )


def action_rows(actions: list[ActionRow], *, viewer: Viewer | None) -> SafeString:
    if viewer is None:
        return markup(f"{row.cells}</tr>" for row in actions)
    return markup(f"{row.cells}{EDIT_CELL}{_action_links(row, viewer)}</td></tr>" for row in actions)


def _action_links(row: ActionRow, viewer: Viewer) -> str:
    if viewer.is_coordinator:
        return row.edit
    if viewer.can_contribute and viewer.organisation_id == row.responsible_id:
        return row.update
    return ""


# --- What is new since the last visit -----------------------------------------------------


def last_visit_swap(*, report: WeeklyReport, user: Model) -> datetime | None:
    """When `user` last saw this week (None the first time), and now as the
    last visit. Bookkeeping of one page, no audit: one read, one upsert."""
    previous = WeekVisit.objects.filter(user=user, report=report).values_list("seen_at", flat=True).first()
    WeekVisit.objects.bulk_create(
        [WeekVisit(user=user, report=report, seen_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["user", "report"],
        update_fields=["seen_at"],
    )
    return previous


def new_since(group: Group, since: datetime | None) -> int:
    if since is None:
        return 0
    return sum(1 for row in group.rows if row.created > since)


# --- The tables' heads -------------------------------------------------------------------


def observation_columns() -> list[tuple[str, str]]:
    return [
        (gettext("When"), ""),
        (gettext("Place"), ""),
        (gettext("Category"), ""),
        (gettext("Events"), "text-end"),
        (gettext("Source"), ""),
        (gettext("Certainty"), ""),
        (gettext("Description"), ""),
        (gettext("Added by"), ""),
    ]


def action_columns() -> list[tuple[str, str]]:
    return [(gettext(label), "") for label in ("What", "Responsible", "Place", "Due", "Status", "Outcome")]
