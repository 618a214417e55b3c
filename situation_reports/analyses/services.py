"""Writes of period analyses and annual plans. Views, forms and demo data call these.

Every change first locks the row (`select_for_update`) and checks that it is
still a draft, so an edit saved while a coordinator approves is either in
before the approval or refused after it, never half of each.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agreements.models import Commitment, PriorityArea
from portal.db import lock_key
from portal.models import Municipality, User
from portal.services import audit_record

from . import selectors
from .models import AnalysisLink, AnnualPlan, ApprovalStatus, PeriodAnalysis, PlanMeasure
from .periods import Period
from .present import link_entry


class AnalysisError(Exception):
    """A change the analysis or plan does not allow (shown to the user)."""


def _frozen_message(obj: PeriodAnalysis | AnnualPlan) -> str:
    return _("It was approved on %(date)s by %(name)s and can no longer be changed.") % {
        "date": date_format(timezone.localtime(obj.approved_at), "j F Y"),
        "name": obj.approved_by or _("a coordinator"),
    }


def _lock_draft(analysis: PeriodAnalysis) -> PeriodAnalysis:
    locked = PeriodAnalysis.objects.select_for_update(of=("self",)).select_related("approved_by").get(pk=analysis.pk)
    if locked.is_approved:
        raise AnalysisError(_("This analysis is approved.") + " " + _frozen_message(locked))
    return locked


def _lock_draft_plan(plan: AnnualPlan) -> AnnualPlan:
    locked = AnnualPlan.objects.select_for_update(of=("self",)).select_related("approved_by").get(pk=plan.pk)
    if locked.is_approved:
        raise AnalysisError(_("This situation picture and action plan is approved.") + " " + _frozen_message(locked))
    return locked


# --- Analyses -------------------------------------------------------------------------


@transaction.atomic
def analysis_create(*, municipality: Municipality, period: Period, actor: User) -> PeriodAnalysis:
    lock_key("period_analysis", municipality.pk, period.kind, period.year, period.number)
    exists = PeriodAnalysis.objects.for_municipality(municipality).filter(
        kind=period.kind, year=period.year, number=period.number
    )
    if exists.exists():
        raise AnalysisError(_("There is already an analysis of %(period)s.") % {"period": period.label})
    analysis = PeriodAnalysis.objects.create(
        municipality=municipality, kind=period.kind, year=period.year, number=period.number, created_by=actor
    )
    audit_record(actor=actor, action="period_analysis.created", municipality=municipality, obj=analysis)
    return analysis


@transaction.atomic
def analysis_update(
    *, analysis: PeriodAnalysis, actor: User, analysis_text: str, conclusions: str, proposed_priorities: str
) -> PeriodAnalysis:
    """Save the group's own text of a draft."""
    locked = _lock_draft(analysis)
    locked.analysis, locked.conclusions, locked.proposed_priorities = analysis_text, conclusions, proposed_priorities
    locked.save(update_fields=["analysis", "conclusions", "proposed_priorities", "updated"])
    audit_record(actor=actor, action="period_analysis.updated", municipality=locked.municipality, obj=locked)
    return locked


def _link_snapshot(analysis: PeriodAnalysis) -> list[dict[str, Any]]:
    """The links as they read when approved, so the approved analysis shows
    them even if a priority or commitment is later renamed or deleted."""
    return [
        link_entry(link)
        for link in selectors.analysis_get(municipality=analysis.municipality, pk=analysis.pk).links.all()
    ]


@transaction.atomic
def analysis_approve(*, analysis: PeriodAnalysis, actor: User, today: date) -> PeriodAnalysis:
    """Approve a draft: compute its figures once more and store them, with
    its links, so that it never changes again."""
    locked = _lock_draft(analysis)
    period = locked.period
    if today <= period.end:
        raise AnalysisError(
            _("The period runs until %(end)s; an analysis can be approved once its period is over.")
            % {"end": date_format(period.end, "j F Y")}
        )
    figures = selectors.period_figures(municipality=locked.municipality, period=period)
    figures["links"] = _link_snapshot(locked)
    locked.figures = figures
    locked.status = ApprovalStatus.APPROVED
    locked.approved_by = actor
    locked.approved_at = timezone.now()
    locked.save(update_fields=["figures", "status", "approved_by", "approved_at", "updated"])
    audit_record(actor=actor, action="period_analysis.approved", municipality=locked.municipality, obj=locked)
    return locked


@transaction.atomic
def analysis_delete(*, analysis: PeriodAnalysis, actor: User) -> None:
    locked = _lock_draft(analysis)
    audit_record(actor=actor, action="period_analysis.deleted", municipality=locked.municipality, obj=locked)
    locked.delete()


@transaction.atomic
def link_save(
    *,
    link: AnalysisLink,
    priorities: Iterable[PriorityArea],
    commitments: Iterable[Commitment],
    actor: User,
) -> AnalysisLink:
    """Create or update a link of a draft analysis (the form has limited
    every choice to the analysis's municipality)."""
    locked = _lock_draft(link.analysis)
    created = link.pk is None
    link.save()
    link.priorities.set(priorities)
    link.commitments.set(commitments)
    audit_record(
        actor=actor,
        action="period_analysis.link_created" if created else "period_analysis.link_updated",
        municipality=locked.municipality,
        obj=locked,
        detail=f"link={link.pk}",
    )
    return link


@transaction.atomic
def link_delete(*, link: AnalysisLink, actor: User) -> None:
    locked = _lock_draft(link.analysis)
    audit_record(
        actor=actor,
        action="period_analysis.link_deleted",
        municipality=locked.municipality,
        obj=locked,
        detail=f"link={link.pk}",
    )
    link.delete()


# --- Annual plans ---------------------------------------------------------------------


def _problem_picture(analyses: list[PeriodAnalysis]) -> str:
    parts = [f"{a.period.label}\n{a.conclusions or a.analysis}".strip() for a in analyses]
    return "\n\n".join(parts)


def _priorities_text(priorities: list[PriorityArea], analyses: list[PeriodAnalysis]) -> str:
    parts = [f"{p.position}. {p.title}\n{p.causes}".strip() for p in priorities]
    proposed = [f"{a.period.label}: {a.proposed_priorities}" for a in analyses if a.proposed_priorities]
    if proposed:
        parts.append(_("Proposed by the period analyses:") + "\n" + "\n".join(proposed))
    return "\n\n".join(parts)


def _follow_up_text(priorities: list[PriorityArea]) -> str:
    parts = [f"{p.title}: {p.follow_up}" for p in priorities if p.follow_up]
    parts.append(
        _(
            "The measures are followed up at the weekly meetings, in the tertial analyses and in next year's "
            "situation picture."
        )
    )
    return "\n".join(parts)


def _measures_from(plan: AnnualPlan, commitments: Iterable[Commitment]) -> list[PlanMeasure]:
    measures = []
    for position, commitment in enumerate(commitments, start=1):
        if commitment.due_date:
            timing = _("by %(date)s") % {"date": date_format(commitment.due_date, "j F Y")}
        else:
            timing = commitment.focus_area.pledge.period_label
        target = f"{commitment.target_count} {commitment.target_unit}".strip() if commitment.target_count else ""
        measures.append(
            PlanMeasure(
                plan=plan,
                position=position,
                what=commitment.what[:300],
                responsible_id=commitment.responsible_id,
                timing=timing[:100],
                follow_up=target[:300],
            )
        )
    return measures


@transaction.atomic
def plan_create(*, municipality: Municipality, year: int, actor: User) -> AnnualPlan:
    """Start the year's situation picture and action plan as a draft, filled
    in from the year's approved analyses, the agreement in force and the
    year's citizen pledges, for the coordinators to rewrite."""
    agreement = selectors.agreement_for_year(municipality=municipality, year=year)
    pledges = list(selectors.pledges_for_year(municipality=municipality, year=year))
    priorities = list(agreement.priorities.order_by("position", "pk")) if agreement else []
    plan = AnnualPlan(municipality=municipality, year=year, agreement=agreement, created_by=actor)
    analyses = selectors.plan_source_analyses(plan=plan)
    plan.problem_picture = _problem_picture(analyses)
    plan.priorities_and_causes = _priorities_text(priorities, analyses)
    plan.follow_up = _follow_up_text(priorities)
    lock_key("annual_plan", municipality.pk, year)
    if AnnualPlan.objects.for_municipality(municipality).filter(year=year).exists():
        raise AnalysisError(_("There is already a situation picture and action plan for %(year)s.") % {"year": year})
    plan.save()
    plan.pledges.set(pledges)
    commitments = (
        Commitment.objects.filter(focus_area__pledge__in=pledges)
        .exclude(status=Commitment.Status.CANCELLED)
        .select_related("focus_area__pledge")
        .order_by("focus_area__pledge__period_start", "focus_area__position", "position", "pk")
    )
    PlanMeasure.objects.bulk_create(_measures_from(plan, commitments))
    audit_record(actor=actor, action="annual_plan.created", municipality=municipality, obj=plan)
    return plan


@transaction.atomic
def plan_update(*, plan: AnnualPlan, actor: User, data: dict[str, Any], measures) -> AnnualPlan:
    """Save a draft plan's texts and its measures (a validated formset)."""
    locked = _lock_draft_plan(plan)
    for field_name in ("problem_picture", "priorities_and_causes", "follow_up"):
        setattr(locked, field_name, data[field_name])
    locked.save(update_fields=["problem_picture", "priorities_and_causes", "follow_up", "updated"])
    measures.instance = locked
    measures.save()
    audit_record(actor=actor, action="annual_plan.updated", municipality=locked.municipality, obj=locked)
    return locked


@transaction.atomic
def plan_approve(*, plan: AnnualPlan, actor: User) -> AnnualPlan:
    locked = _lock_draft_plan(plan)
    if not locked.measures.exists():
        raise AnalysisError(_("An action plan needs at least one measure before it is approved."))
    locked.status = ApprovalStatus.APPROVED
    locked.approved_by = actor
    locked.approved_at = timezone.now()
    locked.save(update_fields=["status", "approved_by", "approved_at", "updated"])
    audit_record(actor=actor, action="annual_plan.approved", municipality=locked.municipality, obj=locked)
    return locked


@transaction.atomic
def plan_delete(*, plan: AnnualPlan, actor: User) -> None:
    locked = _lock_draft_plan(plan)
    audit_record(actor=actor, action="annual_plan.deleted", municipality=locked.municipality, obj=locked)
    locked.delete()
