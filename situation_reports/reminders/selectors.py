"""Reads for the reminders: who gets them, what is due, what the email says,
and the coordinators' overview. Each takes its scope explicitly."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber

from portal.models import Membership, Municipality
from tips.models import Tip

from ..models import Action, WeeklyReport
from ..weeks import IsoWeek
from .due import CATCH_UP, DueReminder, candidate_weeks, reminder_due
from .models import BriefingSchedule, ReminderDelivery

Kind = ReminderDelivery.Kind
OPEN_ACTIONS_SHOWN = 10


def schedule_get(*, municipality: Municipality) -> BriefingSchedule | None:
    return BriefingSchedule.objects.for_municipality(municipality).first()


def schedules_enabled() -> QuerySet[BriefingSchedule]:
    return BriefingSchedule.objects.enabled().select_related("municipality").order_by("pk")


def recipient_memberships(*, schedule: BriefingSchedule, kind: str) -> QuerySet[Membership]:
    """Members of the schedule's municipality whose organisation is of the
    kinds it names, with an active account and a verified address, minus
    those who opted out of this kind on their account page. The reminder to
    contribute goes only to those who can contribute (not to readers)."""
    memberships = Membership.objects.filter(
        municipality_id=schedule.municipality_id,
        organisation__kind__in=schedule.recipient_kinds,
        user__is_active=True,
        user__email_verified=True,
    ).exclude(user__email="")
    from .kinds import reminder_kind  # the kinds' module imports the models this one does

    reminder = reminder_kind(kind)
    if reminder is None:
        return memberships.none()
    return reminder.recipients(memberships.exclude(user__notification_opt_outs__kind=reminder.key))


def reports_of_weeks(*, municipality: Municipality, weeks: list[IsoWeek]) -> dict[IsoWeek, WeeklyReport]:
    reports = WeeklyReport.objects.for_municipality(municipality).filter(week_start__in=[week.monday for week in weeks])
    return {report.week: report for report in reports}


def reports_closed_since(*, municipality: Municipality, now: datetime) -> QuerySet[WeeklyReport]:
    """Recent weeks closed within the catch-up window: their summary is due.
    Only this week and the two before: closing (or importing) an old week
    is record keeping, not news for anyone's inbox."""
    recent = candidate_weeks(now, municipality.timezone)[1].shifted(-2)
    return WeeklyReport.objects.for_municipality(municipality).filter(
        status=WeeklyReport.Status.CLOSED,
        closed_at__gt=now - CATCH_UP,
        closed_at__lte=now,
        week_start__gte=recent.monday,
    )


# --- What the email says --------------------------------------------------------


def tips_received(*, membership: Membership, since: datetime, until: datetime) -> int:
    """Tips the recipient may see (Tip.objects.visible_to) that arrived in the period."""
    return Tip.objects.visible_to(membership).filter(created__gte=since, created__lt=until).count()


def open_actions_by_organisation(*, municipality: Municipality) -> dict[int, tuple[list[Action], int]]:
    """Each organisation's planned actions not yet carried on (the first
    `OPEN_ACTIONS_SHOWN`, soonest due first) and how many there are, for
    every organisation of the municipality in one query: a reminders chunk
    reads them once, not once per organisation. An organisation without
    open actions is missing from the result."""
    by_organisation = F("responsible_organisation_id")
    ranked = (
        Action.objects.for_municipality(municipality)
        .open()
        .filter(responsible_organisation__isnull=False)
        .select_related("place", "report")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[by_organisation],
                order_by=[F("due_date").asc(), F("report__week_start").asc(), F("pk").asc()],
            ),
            total=Window(Count("pk"), partition_by=[by_organisation]),
        )
        .filter(rank__lte=OPEN_ACTIONS_SHOWN)
        .order_by("responsible_organisation_id", "rank")
    )
    found: dict[int, tuple[list[Action], int]] = {}
    for action in ranked:
        shown, _total = found.setdefault(action.responsible_organisation_id, ([], action.total))
        shown.append(action)
    return found


# --- The coordinators' overview -----------------------------------------------------


def delivery_list(*, municipality: Municipality, week: IsoWeek, status: str = "") -> QuerySet[ReminderDelivery]:
    """The week's deliveries with each recipient and their organisation in
    this municipality (one query, whatever the number of rows)."""
    organisation_name = Membership.objects.filter(
        user=OuterRef("user_id"), municipality=OuterRef("municipality_id")
    ).values("organisation__name")[:1]
    deliveries = ReminderDelivery.objects.for_municipality(municipality).for_week(week)
    if status:
        deliveries = deliveries.filter(status=status)
    return (
        deliveries.select_related("user")
        .annotate(organisation_name=Subquery(organisation_name))
        .order_by("kind", "status", "user__last_name", "user__first_name", "pk")
    )


def delivery_counts(*, municipality: Municipality, week: IsoWeek) -> dict[str, int]:
    rows = (
        ReminderDelivery.objects.for_municipality(municipality)
        .for_week(week)
        .values("status")
        .annotate(total=Count("pk"))
        .order_by()
    )
    counts = {row["status"]: row["total"] for row in rows}
    return {status: counts.get(status, 0) for status in ReminderDelivery.Status.values}


def contribution_reminders(*, schedule: BriefingSchedule, weeks: list[IsoWeek]) -> list[DueReminder]:
    """The contribution reminders of `weeks` by the schedule, or by a week's
    own meeting time when the coordinator moved it. A week already closed
    gets none."""
    municipality = schedule.municipality
    reports = reports_of_weeks(municipality=municipality, weeks=weeks)
    reminders = []
    for week in weeks:
        report = reports.get(week)
        if report is not None and not report.is_open:
            continue
        reminders.append(
            reminder_due(
                week,
                weekday=schedule.meeting_weekday,
                at=schedule.meeting_time,
                hours_before=schedule.reminder_hours_before,
                tz_name=municipality.timezone,
                meeting_at=report.meeting_at if report is not None else None,
            )
        )
    return reminders


def next_reminder(*, schedule: BriefingSchedule, now: datetime) -> DueReminder | None:
    """The next contribution reminder still to come."""
    this_week = candidate_weeks(now, schedule.municipality.timezone)[1]
    weeks = [this_week.shifted(offset) for offset in range(3)]
    upcoming = [due for due in contribution_reminders(schedule=schedule, weeks=weeks) if due.due_at > now]
    return min(upcoming, key=lambda due: due.due_at, default=None)
