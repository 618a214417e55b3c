"""The weekly joint situation report (lägesbild): what each organisation saw
during the week, the actions agreed on at the meeting, and their follow-up.

Observations are about places and situations, never about people (the EST
rule): there is deliberately no field for anyone's identity.
"""

from __future__ import annotations

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
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="observations", verbose_name=_("place"))
    date = models.DateField(_("date"))
    count = models.PositiveIntegerField(
        _("number of events"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_("How many events of this kind this observation covers."),
    )
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
