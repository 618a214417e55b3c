"""Period analyses and the annual crime situation picture and action plan
(lägesbild och åtgärdsplan, Lag 2023:196 om kommuners ansvar för
brottsförebyggande arbete).

A `PeriodAnalysis` is the group's analysis of a tertial, quarter or year of
weekly reports: generated figures plus the group's own text. A draft shows
figures computed from the weekly data as it stands; approving it stores the
figures as JSON, so an approved analysis never changes when an observation
is edited later. `AnalysisLink` names, for a hot spot or a category, the
agreement priorities and pledge commitments that address it; the link lives
here, so the agreements app never depends on situation reports.

An `AnnualPlan` is the year's situation picture and action plan, built from
the year's approved analyses and the active agreement and pledges.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.models import Category, Municipality, MunicipalityScopedQuerySet, Organisation, Place

from .periods import Period, PeriodKind


class ApprovalStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("analysis status", "Draft")
    APPROVED = "approved", pgettext_lazy("analysis status", "Approved")


class PeriodAnalysis(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="period_analyses", verbose_name=_("municipality")
    )
    kind = models.CharField(pgettext_lazy("analysis", "period"), max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    number = models.PositiveSmallIntegerField(
        pgettext_lazy("period", "number"), default=1, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    status = models.CharField(_("status"), max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.DRAFT)
    analysis = models.TextField(pgettext_lazy("text", "analysis"), blank=True, max_length=20000)
    conclusions = models.TextField(_("conclusions"), blank=True, max_length=10000)
    proposed_priorities = models.TextField(_("proposed priorities"), blank=True, max_length=10000)
    # Stored when approved; a draft's figures are computed when shown.
    figures = models.JSONField(_("figures"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
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

    objects = MunicipalityScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "kind", "-number"]
        verbose_name = _("period analysis")
        verbose_name_plural = _("period analyses")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind", "year", "number"], name="one_analysis_per_municipality_and_period"
            ),
            models.CheckConstraint(
                condition=Q(kind="year", number=1)
                | Q(kind="tertial", number__gte=1, number__lte=3)
                | Q(kind="quarter", number__gte=1, number__lte=4),
                name="analysis_period_number_exists",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(approved_at__isnull=False, figures__isnull=False),
                name="approved_analysis_has_figures",
            ),
        ]

    def __str__(self) -> str:
        return _("%(municipality)s: analysis %(period)s") % {"municipality": self.municipality, "period": self.period}

    @property
    def period(self) -> Period:
        return Period(self.kind, self.year, self.number)

    @property
    def is_approved(self) -> bool:
        return self.status == ApprovalStatus.APPROVED


class AnalysisLinkQuerySet(MunicipalityScopedQuerySet):
    municipality_path = "analysis__municipality"


class AnalysisLink(models.Model):
    """For one hot spot (a place) or one category of an analysis: the
    agreement priorities and pledge commitments that address it."""

    analysis = models.ForeignKey(
        PeriodAnalysis, on_delete=models.CASCADE, related_name="links", verbose_name=_("period analysis")
    )
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("place")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("category")
    )
    priorities = models.ManyToManyField(
        "agreements.PriorityArea", blank=True, related_name="+", verbose_name=_("agreement priorities")
    )
    commitments = models.ManyToManyField(
        "agreements.Commitment", blank=True, related_name="+", verbose_name=_("pledge commitments")
    )
    note = models.TextField(pgettext_lazy("link", "comment"), blank=True, max_length=2000)

    objects = AnalysisLinkQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("link to the agreement")
        verbose_name_plural = _("links to the agreement")
        constraints = [
            models.CheckConstraint(
                condition=Q(place__isnull=False, category__isnull=True) | Q(place__isnull=True, category__isnull=False),
                name="analysis_link_place_or_category",
            ),
            models.UniqueConstraint(
                fields=["analysis", "place"], condition=Q(place__isnull=False), name="one_link_per_analysis_place"
            ),
            models.UniqueConstraint(
                fields=["analysis", "category"],
                condition=Q(category__isnull=False),
                name="one_link_per_analysis_category",
            ),
        ]

    def __str__(self) -> str:
        return str(self.place or self.category)


class AnnualPlan(models.Model):
    """The year's crime situation picture and action plan."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="annual_plans", verbose_name=_("municipality")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    status = models.CharField(_("status"), max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.DRAFT)
    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreement"),
    )
    pledges = models.ManyToManyField(
        "agreements.CitizenPledge", blank=True, related_name="+", verbose_name=_("citizen pledges")
    )
    problem_picture = models.TextField(_("problem picture"), blank=True, max_length=20000)
    priorities_and_causes = models.TextField(_("priorities and their causes"), blank=True, max_length=20000)
    follow_up = models.TextField(_("how the plan is followed up"), blank=True, max_length=10000)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
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

    objects = MunicipalityScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("situation picture and action plan")
        verbose_name_plural = _("situation pictures and action plans")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="one_annual_plan_per_municipality_and_year"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(approved_at__isnull=False), name="approved_plan_has_approved_at"
            ),
        ]

    def __str__(self) -> str:
        return _("%(municipality)s: situation picture and action plan %(year)s") % {
            "municipality": self.municipality,
            "year": self.year,
        }

    @property
    def is_approved(self) -> bool:
        return self.status == ApprovalStatus.APPROVED


class PlanMeasure(models.Model):
    """One measure of the action plan: what, who, when and how it is followed up."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="measures", verbose_name=_("plan"))
    position = models.PositiveSmallIntegerField(_("order"), default=1, validators=[MinValueValidator(1)])
    what = models.CharField(_("measure"), max_length=300)
    responsible = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible organisation")
    )
    timing = models.CharField(
        _("when"), max_length=100, help_text=_("E.g. “spring term”, “by 30 June” or “every week”.")
    )
    priority = models.ForeignKey(
        "agreements.PriorityArea",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreement priority"),
    )
    follow_up = models.CharField(_("followed up by"), max_length=300, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return self.what
