"""Writes of the weekly report. Views, forms, admin and demo data call these.

Every write that changes a week first locks the week's row
(`select_for_update`) and checks that it is still open, so that an
observation saved while the coordinator closes the week is either in before
the close or refused after it, never half of each.
"""

from __future__ import annotations

from datetime import date, timedelta
from datetime import time as dt_time
from typing import TypeVar

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.db import lock_key
from portal.models import Category, Municipality, Organisation, Place, User
from portal.services import audit_record
from tips.models import Tip, TipStatus
from tips.services import tip_set_status

from . import versions
from .models import Action, Attendance, Certainty, Decision, Observation, PresenceEntry, WeeklyReport, WeekReopening
from .weeks import IsoWeek

# A row of a week that an official writes (observation, action, presence).
WeekRow = TypeVar("WeekRow", Observation, Action, PresenceEntry)


class WeekClosedError(Exception):
    """A change to a week that is already closed."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or _("This week is closed and can no longer be changed."))


def _lock_open(report: WeeklyReport) -> WeeklyReport:
    locked = WeeklyReport.objects.select_for_update().get(pk=report.pk)
    if not locked.is_open:
        raise WeekClosedError
    return locked


def week_get_or_open(
    *, municipality: Municipality, week: IsoWeek, actor: User | None = None
) -> tuple[WeeklyReport, bool]:
    """The week's report, created (open) if it does not exist yet.

    Safe under concurrent first visits without a failed INSERT (which
    PostgreSQL would log): the visits queue on a lock of the week, so the
    first creates the row and the others read it (portal.db.lock_key).
    """
    with transaction.atomic():
        lock_key("weekly_report", municipality.pk, week.year, week.week)
        report, created = WeeklyReport.objects.select_related("municipality", "closed_by").get_or_create(
            municipality=municipality, iso_year=week.year, iso_week=week.week
        )
    if created:
        audit_record(actor=actor, action="weekly_report.opened", municipality=municipality, obj=report)
    return report, created


@transaction.atomic
def report_update(*, report: WeeklyReport, actor: User, data: dict) -> WeeklyReport:
    """Save the meeting time, summary and joint assessment of an open week."""
    locked = _lock_open(report)
    for field_name in ("meeting_at", "summary", "joint_assessment"):
        if field_name in data:
            setattr(locked, field_name, data[field_name])
    locked.save(update_fields=["meeting_at", "summary", "joint_assessment"])
    audit_record(actor=actor, action="weekly_report.updated", municipality=locked.municipality, obj=locked)
    return locked


def _week_row_save(row: WeekRow, *, actor: User, name: str, author_field: str) -> WeekRow:
    """Create or update a row of an open week (observation, action,
    presence): the week locked, the author set on creation, audited as
    `<name>.created` or `<name>.updated`. Call inside a transaction."""
    _lock_open(row.report)
    created = row.pk is None
    if created:
        setattr(row, author_field, actor)
    row.full_clean()
    row.save()
    action = f"{name}.created" if created else f"{name}.updated"
    audit_record(actor=actor, action=action, municipality=row.report.municipality, obj=row)
    return row


def _week_row_delete(row: models.Model, *, actor: User, name: str) -> None:
    """Delete a row of an open week, audited as `<name>.deleted`."""
    _lock_open(row.report)
    audit_record(actor=actor, action=f"{name}.deleted", municipality=row.report.municipality, obj=row)
    row.delete()


@transaction.atomic
def observation_save(*, observation: Observation, actor: User) -> Observation:
    """Create or update an observation of an open week."""
    return _week_row_save(observation, actor=actor, name="observation", author_field="author")


@transaction.atomic
def observation_delete(*, observation: Observation, actor: User) -> None:
    _week_row_delete(observation, actor=actor, name="observation")


@transaction.atomic
def action_save(*, action: Action, actor: User) -> Action:
    """Create or update an action (what, who, where, by when, status) of an open week."""
    return _week_row_save(action, actor=actor, name="action", author_field="created_by")


@transaction.atomic
def action_delete(*, action: Action, actor: User) -> None:
    _week_row_delete(action, actor=actor, name="action")


@transaction.atomic
def week_close(*, report: WeeklyReport, actor: User) -> WeeklyReport:
    """Close the week and carry every unfinished action into the next week.

    Returns the next week's report. The lock on the week's row makes two
    coordinators pressing "close" at once close it once; the one-to-one link
    `carried_over_from` makes carrying an action twice impossible.
    """
    locked = WeeklyReport.objects.select_for_update().get(pk=report.pk)
    if not locked.is_open:
        raise WeekClosedError(_("This week is already closed."))
    locked.status = WeeklyReport.Status.CLOSED
    locked.closed_by = actor
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "closed_by", "closed_at"])
    next_report, _created = week_get_or_open(municipality=locked.municipality, week=locked.week.shifted(1), actor=actor)
    unfinished = locked.actions.unfinished().filter(carried_to__isnull=True)
    carried = Action.objects.bulk_create(
        Action(
            report=next_report,
            what=action.what,
            responsible_organisation_id=action.responsible_organisation_id,
            place_id=action.place_id,
            due_date=action.due_date,
            status=Action.Status.PLANNED,
            carried_over_from=action,
            created_by=actor,
        )
        for action in unfinished
    )
    versions.touch(next_report.pk)  # bulk_create sends no signal
    audit_record(
        actor=actor,
        action="weekly_report.closed",
        municipality=locked.municipality,
        obj=locked,
        detail=f"carried_actions={len(carried)} next_report={next_report.pk}",
    )
    return next_report


@transaction.atomic
def week_publish(*, report: WeeklyReport, actor: User, text: str) -> WeeklyReport:
    """Publish a closed week's summary for residents: the coordinator's own
    text plus counts per place and category (see selectors)."""
    locked = WeeklyReport.objects.select_for_update().get(pk=report.pk)
    if locked.is_open:
        raise WeekClosedError(_("Only a closed week can be published."))
    locked.public_summary = text
    locked.published_at = locked.published_at or timezone.now()
    locked.save(update_fields=["public_summary", "published_at"])
    audit_record(actor=actor, action="weekly_report.published", municipality=locked.municipality, obj=locked)
    return locked


@transaction.atomic
def week_unpublish(*, report: WeeklyReport, actor: User) -> WeeklyReport:
    locked = WeeklyReport.objects.select_for_update().get(pk=report.pk)
    locked.published_at = None
    locked.save(update_fields=["published_at"])
    audit_record(actor=actor, action="weekly_report.unpublished", municipality=locked.municipality, obj=locked)
    return locked


@transaction.atomic
def observation_from_tip(
    *,
    tip: Tip,
    actor: User,
    organisation: Organisation,
    place: Place,
    category: Category,
    description: str,
    today: date,
    certainty: str = "",
    part_of_day: str = "",
    time: dt_time | None = None,
) -> tuple[Observation, bool]:
    """File `tip` as an observation in this week's report; idempotent.

    Returns the observation and whether it was created now. A tip already
    filed returns its observation; two officials pressing the button at once
    queue on a lock of the tip and the second gets the first one's
    observation (no failed INSERT for PostgreSQL to log). A tip still waiting for triage is marked as
    used in the report.
    """
    lock_key("observation.tip", tip.pk)  # a second press waits here, then finds the first one's row
    existing = Observation.objects.select_related("report").filter(tip=tip).first()
    if existing is not None:
        return existing, False
    report, _created = week_get_or_open(municipality=tip.municipality, week=IsoWeek.of(today), actor=actor)
    observation = Observation(
        report=report,
        organisation=organisation,
        category=category,
        place=place,
        date=today,
        count=1,
        description=description,
        source=Observation.Source.TIP,
        tip=tip,
        certainty=certainty or certainty_from_tip(tip),
        part_of_day=part_of_day,
        time=time,
    )
    observation_save(observation=observation, actor=actor)
    if tip.status in (TipStatus.NEW, TipStatus.IN_REVIEW):
        tip_set_status(tip=tip, actor=actor, status=TipStatus.USED_IN_REPORT)
    return observation, True


def certainty_from_tip(tip: Tip) -> str:
    """The resident's "how do you know", as the report's certainty: a tip is
    always told to us, and second-hand or unsure knowledge is a suspicion."""
    from tips.models import Knowledge

    if tip.knowledge == Knowledge.OWN:
        return Certainty.REPORTED
    return Certainty.SUSPECTED


# --- Reopening ------------------------------------------------------------------


@transaction.atomic
def week_reopen(*, report: WeeklyReport, actor: User, reason: str) -> WeekReopening:
    """Open a closed week again, with a reason kept in its trail.

    The published summary is withdrawn (an open week is never public; the
    text is kept for the next publication). Actions the close carried into
    the next week are taken back when nobody has touched them there, so the
    next close carries each unfinished action exactly once; a carried action
    already worked on in the next week (status, outcome, or a closed week)
    stays, and its link keeps the next close from carrying it again.
    """
    locked = WeeklyReport.objects.select_for_update().get(pk=report.pk)
    if locked.is_open:
        raise WeekClosedError(_("This week is already open."))
    reason = reason.strip()
    if not reason:
        raise ValueError("A reason is required to reopen a week.")
    carried = Action.objects.select_related("report").filter(carried_over_from__report=locked)
    untouched = [
        a.pk
        for a in carried
        if a.report.is_open
        and a.status == Action.Status.PLANNED
        and not a.outcome_note
        and a.updated - a.created < timedelta(seconds=1)
    ]
    removed = Action.objects.filter(pk__in=untouched).delete()[0] if untouched else 0
    reopening = WeekReopening.objects.create(
        report=locked,
        reopened_by=actor,
        reason=reason,
        previously_closed_by=locked.closed_by,
        previously_closed_at=locked.closed_at,
        was_published=locked.is_published,
        carried_removed=removed,
        carried_kept=len(carried) - removed,
    )
    locked.status = WeeklyReport.Status.OPEN
    locked.closed_at = None
    locked.closed_by = None
    locked.published_at = None
    locked.save(update_fields=["status", "closed_at", "closed_by", "published_at"])
    audit_record(
        actor=actor,
        action="weekly_report.reopened",
        municipality=locked.municipality,
        obj=locked,
        detail=f"carried_removed={removed} carried_kept={len(carried) - removed}",
    )
    return reopening


# --- Presence and the meeting record --------------------------------------------


@transaction.atomic
def presence_save(*, entry: PresenceEntry, actor: User) -> PresenceEntry:
    """Create or update a field-presence entry of an open week."""
    return _week_row_save(entry, actor=actor, name="presence", author_field="author")


@transaction.atomic
def presence_delete(*, entry: PresenceEntry, actor: User) -> None:
    _week_row_delete(entry, actor=actor, name="presence")


@transaction.atomic
def attendance_set(*, report: WeeklyReport, actor: User, present: dict[int, str]) -> list[Attendance]:
    """Record who attended the meeting: `present` maps each organisation
    present to the people who came from it; organisations left out were absent."""
    locked = _lock_open(report)
    locked.attendance.exclude(organisation_id__in=present).delete()
    rows = []
    for organisation_id, people in present.items():
        row, _created = Attendance.objects.update_or_create(
            report=locked, organisation_id=organisation_id, defaults={"people": people.strip()}
        )
        rows.append(row)
    audit_record(
        actor=actor,
        action="weekly_report.attendance",
        municipality=locked.municipality,
        obj=locked,
        detail=f"organisations={len(rows)}",
    )
    return rows


@transaction.atomic
def decision_add(*, report: WeeklyReport, actor: User, text: str) -> Decision:
    locked = _lock_open(report)
    decision = Decision(report=locked, text=text.strip(), created_by=actor)
    decision.full_clean()
    decision.save()
    audit_record(actor=actor, action="decision.created", municipality=locked.municipality, obj=decision)
    return decision


@transaction.atomic
def decision_delete(*, decision: Decision, actor: User) -> None:
    _week_row_delete(decision, actor=actor, name="decision")
