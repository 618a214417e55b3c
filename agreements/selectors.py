"""Reads of agreements and pledges. Each takes its scope explicitly and owns
the query shape, so a page's query count does not grow with its rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet

from portal.models import Municipality, User

from .models import (
    Agreement,
    AgreementSignatory,
    CitizenPledge,
    Commitment,
    FocusArea,
    PledgeSignatory,
    PriorityArea,
    ProgressUpdate,
)

DUE_SOON_DAYS = 30


def agreement_list(*, municipality: Municipality) -> QuerySet[Agreement]:
    return Agreement.objects.for_municipality(municipality).with_signature_counts().order_by("-period_start", "title")


def agreement_get(*, municipality: Municipality, pk: int) -> Agreement | None:
    """One agreement of `municipality` with its parts, or None."""
    return (
        Agreement.objects.for_municipality(municipality)
        .prefetch_related(
            "parties",
            Prefetch("priorities", queryset=PriorityArea.objects.order_by("position", "pk")),
            Prefetch("signatories", queryset=AgreementSignatory.objects.select_related("organisation")),
            Prefetch("pledges", queryset=CitizenPledge.objects.order_by("-period_start")),
        )
        .filter(pk=pk)
        .first()
    )


def agreement_list_active_public(*, municipality: Municipality, day: date) -> QuerySet[Agreement]:
    """Agreements in force on `day`: signed by all and within their period."""
    active = Agreement.objects.for_municipality(municipality).active_on(day).values("pk")
    return (
        Agreement.objects.filter(pk__in=active)
        .prefetch_related(
            "parties",
            Prefetch("priorities", queryset=PriorityArea.objects.order_by("position", "pk")),
            Prefetch("signatories", queryset=AgreementSignatory.objects.select_related("organisation")),
        )
        .order_by("-period_start")
    )


def pledge_list(*, municipality: Municipality) -> QuerySet[CitizenPledge]:
    return (
        CitizenPledge.objects.for_municipality(municipality)
        .select_related("agreement", "evaluation")
        .annotate(
            commitment_total=Count("focus_areas__commitments", distinct=True),
            commitment_done=Count(
                "focus_areas__commitments",
                filter=Q(focus_areas__commitments__status=Commitment.Status.DONE),
                distinct=True,
            ),
        )
        .order_by("-period_start", "title")
    )


def pledge_count_published(*, municipality: Municipality) -> int:
    return CitizenPledge.objects.for_municipality(municipality).published().count()


def _commitments_prefetch(*, public: bool) -> Prefetch:
    updates = ProgressUpdate.objects.select_related("organisation", "author")
    if public:
        updates = updates.filter(is_public=True, withdrawn_at__isnull=True)
    commitments = Commitment.objects.select_related("responsible", "place", "carried_over_from__focus_area__pledge")
    commitments = commitments.select_related("carried_over_to__focus_area__pledge").prefetch_related(
        Prefetch("updates", queryset=updates)
    )
    return Prefetch("focus_areas", queryset=FocusArea.objects.prefetch_related(Prefetch("commitments", commitments)))


def pledge_get(*, municipality: Municipality, pk: int) -> CitizenPledge | None:
    """One pledge of `municipality` with everything its detail page shows."""
    return (
        CitizenPledge.objects.for_municipality(municipality)
        .select_related("agreement", "evaluation__evaluated_by", "previous__evaluation", "next_pledge")
        .prefetch_related(
            "parties",
            Prefetch("signatories", queryset=PledgeSignatory.objects.select_related("organisation")),
            _commitments_prefetch(public=False),
        )
        .filter(pk=pk)
        .first()
    )


def pledge_get_public(*, municipality: Municipality, pk: int) -> CitizenPledge | None:
    """A published pledge with only what residents may see."""
    return (
        CitizenPledge.objects.for_municipality(municipality)
        .published()
        .select_related("agreement", "evaluation")
        .prefetch_related(
            "parties",
            Prefetch("signatories", queryset=PledgeSignatory.objects.select_related("organisation")),
            _commitments_prefetch(public=True),
        )
        .filter(pk=pk)
        .first()
    )


def pledge_list_public(*, municipality: Municipality) -> QuerySet[CitizenPledge]:
    """Published pledges with their focus areas and commitments (for progress bars)."""
    focus_areas = FocusArea.objects.prefetch_related(
        Prefetch("commitments", queryset=Commitment.objects.select_related("responsible", "place"))
    )
    return (
        CitizenPledge.objects.for_municipality(municipality)
        .published()
        .select_related("evaluation")
        .prefetch_related(Prefetch("focus_areas", queryset=focus_areas))
    )


def commitment_get(*, municipality: Municipality, pk: int) -> Commitment | None:
    updates = ProgressUpdate.objects.select_related("author", "organisation")
    return (
        Commitment.objects.for_municipality(municipality)
        .select_related("focus_area__pledge", "responsible", "place", "carried_over_from__focus_area__pledge")
        .select_related("carried_over_to")
        .prefetch_related(Prefetch("updates", queryset=updates))
        .filter(pk=pk)
        .first()
    )


def commitment_list_due_for_user(*, user: User, today: date) -> QuerySet[Commitment]:
    """Unfinished commitments overdue or due within 30 days, in every
    municipality where `user` is a member; carried-over ones are followed in
    their new pledge instead."""
    return (
        Commitment.objects.for_user(user)
        .unfinished()
        .filter(due_date__isnull=False, due_date__lte=today + timedelta(days=DUE_SOON_DAYS))
        .filter(carried_over_to__isnull=True)
        .select_related("focus_area__pledge__municipality", "responsible", "place", "carried_over_to")
        .order_by("due_date", "focus_area__pledge__municipality__name", "pk")
    )


@dataclass(frozen=True)
class FocusAreaProgress:
    focus_area: FocusArea
    commitments: list[Commitment]
    done: int
    counted: int
    percent: int


def focus_area_progress(*, focus_area: FocusArea) -> FocusAreaProgress:
    """How far a focus area has come: the mean progress of its commitments,
    leaving out cancelled ones. Uses the prefetched commitments."""
    commitments = list(focus_area.commitments.all())
    counted = [c for c in commitments if c.status != Commitment.Status.CANCELLED]
    done = sum(1 for c in counted if c.status == Commitment.Status.DONE)
    percent = round(100 * sum(c.progress for c in counted) / len(counted)) if counted else 0
    return FocusAreaProgress(focus_area, commitments, done, len(counted), percent)
