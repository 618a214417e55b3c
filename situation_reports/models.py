"""The weekly joint situation report (lägesbild): what each organisation saw
during the week, the actions agreed on at the meeting, and their follow-up.

Observations are about places and situations, never about people (the EST
rule): there is deliberately no field for anyone's identity.
"""

from __future__ import annotations

import secrets
from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.models import Category, Municipality, MunicipalityScopedQuerySet, Organisation, Place

from .analyses.models import AnalysisLink, AnnualPlan, PeriodAnalysis, PlanMeasure
from .reminders.models import BriefingSchedule, ReminderDelivery
from .weeks import IsoWeek

# The sub-packages' models are part of this app (label "situation_reports",
# tables and migrations unchanged); importing them here registers them.
__all__ = [
    "Action",
    "AnalysisLink",
    "AnnualPlan",
    "BriefingSchedule",
    "Observation",
    "PeriodAnalysis",
    "PlanMeasure",
    "ReminderDelivery",
    "WeeklyReport",
]


def new_version() -> int:
    return secrets.randbits(52)


class WeeklyReportQuerySet(MunicipalityScopedQuerySet):
    def for_week(self, week: IsoWeek) -> WeeklyReportQuerySet:
        return self.filter(iso_year=week.year, iso_week=week.week)


class WeeklyReport(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("weekly report status", "Open")
        CLOSED = "closed", pgettext_lazy("weekly report status", "Closed")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="weekly_reports", verbose_name=_("municipality")
    )
    iso_year = models.PositiveSmallIntegerField(_("year"))
    iso_week = models.PositiveSmallIntegerField(_("week"), validators=[MinValueValidator(1), MaxValueValidator(53)])
    # The week's Monday, kept with the week number so that ranges of weeks
    # ("the last 12 weeks") are plain, indexed date comparisons.
    week_start = models.DateField(_("week starts"), editable=False)
    meeting_at = models.DateTimeField(_("meeting time"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    summary = models.TextField(_("summary"), blank=True, max_length=5000)
    joint_assessment = models.TextField(_("joint assessment"), blank=True, max_length=5000)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    public_summary = models.TextField(
        _("public summary"),
        blank=True,
        max_length=3000,
        help_text=_("Shown to residents together with counts per place and category, never any observation's text."),
    )
    published_at = models.DateTimeField(pgettext_lazy("weekly report", "published at"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    # Bumped in the database by every write to the week's observations,
    # actions, presence and meeting record (situation_reports/versions.py):
    # the week page's kept rows are filed under it, so a kept copy is never
    # stale. It starts at random, so a report made again with the same id
    # (data loaded anew) does not meet the rows kept for the old one.
    version = models.BigIntegerField(_("version"), default=new_version, editable=False)

    objects = WeeklyReportQuerySet.as_manager()

    class Meta:
        ordering = ["-iso_year", "-iso_week"]
        verbose_name = _("weekly report")
        verbose_name_plural = _("weekly reports")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "iso_year", "iso_week"], name="one_weekly_report_per_municipality_and_week"
            ),
            models.CheckConstraint(condition=Q(iso_week__gte=1, iso_week__lte=53), name="weekly_report_week_1_53"),
            models.CheckConstraint(
                condition=Q(status="open") | Q(closed_at__isnull=False), name="closed_weekly_report_has_closed_at"
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(status="closed"), name="only_closed_weeks_are_published"
            ),
        ]
        indexes = [models.Index(fields=["municipality", "week_start"])]

    def __str__(self) -> str:
        return _("%(municipality)s, week %(week)s %(year)s") % {
            "municipality": self.municipality,
            "week": self.iso_week,
            "year": self.iso_year,
        }

    def save(self, *args, **kwargs) -> None:
        self.week_start = self.week.monday
        if not self._state.adding and kwargs.get("update_fields") is None:
            # A copy loaded before a bump must not write its older version back.
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "version"
            ]
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if IsoWeek.parse(self.iso_year, self.iso_week) is None:
            raise ValidationError({"iso_week": _("That week does not exist in that year.")})

    @property
    def week(self) -> IsoWeek:
        return IsoWeek(self.iso_year, self.iso_week)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ObservationQuerySet(MunicipalityScopedQuerySet):
    municipality_path = "report__municipality"


class PartOfDay(models.TextChoices):
    """The part of the day an event happened, when the exact time is not known.
    An exact time falls in one of them (see `part_of_day_of`)."""

    MORNING = "morning", _("Morning (06–10)")
    DAY = "day", _("Daytime (10–18)")
    EVENING = "evening", _("Evening (18–22)")
    NIGHT = "night", _("Night (22–06)")


def part_of_day_of(moment: time) -> str:
    hour = moment.hour
    if 6 <= hour < 10:
        return PartOfDay.MORNING
    if 10 <= hour < 18:
        return PartOfDay.DAY
    if 18 <= hour < 22:
        return PartOfDay.EVENING
    return PartOfDay.NIGHT


class Certainty(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed (seen by us)")
    REPORTED = "reported", _("Reported by someone else")
    SUSPECTED = "suspected", _("Suspected")


class Observation(models.Model):
    class Source(models.TextChoices):
        OWN = "own", _("Own observation")
        TIP = "tip", _("Tip")
        RESIDENT = "resident", _("Resident (phone, mail, meeting)")
        OTHER = "other", _("Other")

    report = models.ForeignKey(
        WeeklyReport, on_delete=models.CASCADE, related_name="observations", verbose_name=_("weekly report")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="observations", verbose_name=_("organisation")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("author"),
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="observations", verbose_name=_("category")
    )
    # No index of its own: observation_place_newest leads with the place. With
    # both, the planner read a busy place's five years through the plain one
    # to sum twelve weeks (20 ms against 3 ms).
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="observations", verbose_name=_("place"), db_index=False
    )
    date = models.DateField(_("date"))
    count = models.PositiveIntegerField(
        _("number of events"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_("How many events of this kind this observation covers."),
    )
    # When in the day: an exact time if known, else a part of the day. With an
    # exact time the part of the day is derived, so patterns count both alike.
    time = models.TimeField(_("time"), null=True, blank=True)
    part_of_day = models.CharField(_("part of the day"), max_length=10, choices=PartOfDay.choices, blank=True)
    certainty = models.CharField(_("certainty"), max_length=10, choices=Certainty.choices, default=Certainty.CONFIRMED)
    description = models.TextField(_("description"), max_length=2000)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.OWN)
    # The tip this observation was filed from. The link lives here, so the
    # tips app never needs to know about situation reports.
    tip = models.ForeignKey(
        "tips.Tip",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("tip"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["date", "created"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1), name="observation_count_positive"),
            # A tip is filed as an observation once, however often the button is pressed.
            models.UniqueConstraint(fields=["tip"], condition=Q(tip__isnull=False), name="one_observation_per_tip"),
        ]
        indexes = [
            models.Index(fields=["report", "place"]),
            models.Index(fields=["report", "category"]),
            # A place page lists the place's newest observations first.
            models.Index(fields=["place", "-date", "-created"], name="observation_place_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.place} – {self.category}"

    def save(self, *args, **kwargs) -> None:
        if self.time is not None:
            self.part_of_day = part_of_day_of(self.time)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors = {}
        report = self.report if self.report_id else None
        if report is not None and self.date and not report.week.contains(self.date):
            errors["date"] = _("The date must be inside week %(week)s (%(monday)s–%(sunday)s).") % {
                "week": report.iso_week,
                "monday": report.week.monday,
                "sunday": report.week.sunday,
            }
        if report is not None and self.place_id and self.place.municipality_id != report.municipality_id:
            errors["place"] = _("The place belongs to another municipality.")
        if report is not None and self.tip_id and self.tip.municipality_id != report.municipality_id:
            errors["tip"] = _("The tip belongs to another municipality.")
        if errors:
            raise ValidationError(errors)


class ActionQuerySet(MunicipalityScopedQuerySet):
    municipality_path = "report__municipality"

    def unfinished(self) -> ActionQuerySet:
        return self.exclude(status=Action.Status.DONE)

    def open(self) -> ActionQuerySet:
        """Planned actions that have not been carried on into a later week:
        each agreed action counted once, at its latest week."""
        return self.filter(status=Action.Status.PLANNED, carried_to__isnull=True)


class Action(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("action status", "Planned")
        DONE = "done", pgettext_lazy("action status", "Done")
        NOT_DONE = "not_done", pgettext_lazy("action status", "Not done")

    report = models.ForeignKey(
        WeeklyReport, on_delete=models.CASCADE, related_name="actions", verbose_name=_("weekly report")
    )
    what = models.CharField(_("what"), max_length=300)
    responsible_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="actions", verbose_name=_("responsible organisation")
    )
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="actions", verbose_name=_("place")
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    outcome_note = models.TextField(_("outcome"), blank=True, max_length=2000)
    # One-to-one: an action is carried into the next week at most once.
    carried_over_from = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name=pgettext_lazy("action", "carried over from"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "created"]
        verbose_name = pgettext_lazy("situation report", "action")
        verbose_name_plural = pgettext_lazy("situation report", "actions")
        indexes = [models.Index(fields=["report", "status"])]

    def __str__(self) -> str:
        return self.what

    def clean(self) -> None:
        if self.report_id and self.place_id and self.place.municipality_id != self.report.municipality_id:
            raise ValidationError({"place": _("The place belongs to another municipality.")})

    @property
    def is_unfinished(self) -> bool:
        return self.status != self.Status.DONE


class WeekReopening(models.Model):
    """The trail of a closed week opened again: who, when and why, and what
    became of the actions the close had carried into the next week."""

    report = models.ForeignKey(
        WeeklyReport, on_delete=models.CASCADE, related_name="reopenings", verbose_name=_("weekly report")
    )
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("reopened by")
    )
    reopened_at = models.DateTimeField(_("reopened at"), auto_now_add=True)
    reason = models.TextField(_("reason"), max_length=1000)
    # What the close had done, kept for the trail.
    previously_closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("closed by")
    )
    previously_closed_at = models.DateTimeField(_("closed at"), null=True)
    was_published = models.BooleanField(_("was published"), default=False)
    carried_removed = models.PositiveIntegerField(_("carried actions taken back"), default=0)
    carried_kept = models.PositiveIntegerField(_("carried actions kept"), default=0)

    class Meta:
        ordering = ["reopened_at", "pk"]
        verbose_name = _("reopening of a week")
        verbose_name_plural = _("reopenings of weeks")

    def __str__(self) -> str:
        return f"{self.report} {self.reopened_at:%Y-%m-%d %H:%M}"


class WeekChildQuerySet(MunicipalityScopedQuerySet):
    municipality_path = "report__municipality"


class PresenceEntry(models.Model):
    """Who was out in the field, where, from when to when, doing what."""

    report = models.ForeignKey(
        WeeklyReport, on_delete=models.CASCADE, related_name="presence", verbose_name=_("weekly report")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="presence", verbose_name=_("organisation")
    )
    people = models.CharField(
        _("people or unit"), max_length=200, help_text=_("E.g. “Two field assistants” or “Night walkers, group 3”.")
    )
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="presence", verbose_name=_("place")
    )
    area = models.CharField(_("area"), max_length=200, blank=True, help_text=_("If not one of the places."))
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("to"))
    activity = models.TextField(_("what was done"), max_length=1000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = WeekChildQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("presence entry")
        verbose_name_plural = _("presence entries")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="presence_ends_after_start"),
        ]
        indexes = [models.Index(fields=["report", "organisation"])]

    def __str__(self) -> str:
        return f"{self.organisation} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def hours(self) -> float:
        return round((self.ends_at - self.starts_at).total_seconds() / 3600, 1)

    @property
    def where(self) -> str:
        return self.place.name if self.place_id else self.area

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The end must be after the start.")
        if not self.place_id and not self.area.strip():
            errors["area"] = _("Give a place or describe the area.")
        if self.report_id and self.place_id and self.place.municipality_id != self.report.municipality_id:
            errors["place"] = _("The place belongs to another municipality.")
        if errors:
            raise ValidationError(errors)


class Attendance(models.Model):
    """An organisation present at the week's meeting, and who came from it."""

    report = models.ForeignKey(
        WeeklyReport, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("weekly report")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    people = models.CharField(_("people present"), max_length=300, blank=True)

    objects = WeekChildQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["report", "organisation"], name="one_attendance_per_organisation")
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class Decision(models.Model):
    """A decision taken at the week's meeting, beside the actions."""

    report = models.ForeignKey(
        WeeklyReport, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("weekly report")
    )
    text = models.TextField(_("decision"), max_length=1000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = WeekChildQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:80]


class WeekVisit(models.Model):
    """When a user last looked at a week's page: what is new since then is
    shown at the top of the page. One row per user and week, overwritten."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(WeeklyReport, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(_("seen at"))

    class Meta:
        verbose_name = _("visit to a week")
        verbose_name_plural = _("visits to weeks")
        constraints = [models.UniqueConstraint(fields=["user", "report"], name="one_week_visit_per_user_and_week")]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.report_id}"
