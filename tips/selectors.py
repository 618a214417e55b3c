"""Reads of the tips app; each takes its scope explicitly."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from portal.models import AuditEvent, Membership, Municipality

from . import receipts
from .models import FINISHED_STATUSES, Tip, TipMessage, TipPhoto, TipShare, TipStatus


def _count_of(model, **outer) -> Coalesce:
    """A correlated COUNT per row. Unlike Count() over a join, it leaves the
    page's LIMIT to PostgreSQL: only the rows shown are counted, and the
    paginator's COUNT(*) drops it."""
    rows = model.objects.filter(**outer).order_by().values("tip").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def tip_list(*, membership: Membership, filters: dict | None = None) -> QuerySet[Tip]:
    """The tips the member may see (Tip.objects.visible_to) for the triage
    list and the export, filtered by the cleaned data of TipFilterForm."""
    tips = (
        Tip.objects.visible_to(membership)
        .select_related("category", "place")
        .annotate(
            photo_count=_count_of(TipPhoto, tip=OuterRef("pk")),
            message_count=_count_of(TipMessage, tip=OuterRef("pk")),
        )
    )
    filters = filters or {}
    status = filters.get("status")
    if status == "open":
        tips = tips.exclude(status__in=FINISHED_STATUSES)
    elif status:
        tips = tips.filter(status=status)
    for name in ("channel", "category", "place"):
        if filters.get(name):
            tips = tips.filter(**{name: filters[name]})
    if filters.get("received_from"):
        tips = tips.filter(created__date__gte=filters["received_from"])
    if filters.get("received_to"):
        tips = tips.filter(created__date__lte=filters["received_to"])
    if query := (filters.get("q") or "").strip():
        condition = Q(description__icontains=query) | Q(where_text__icontains=query)
        condition |= Q(registry_number__icontains=query)
        if query.lstrip("#").isdigit():
            condition |= Q(pk=int(query.lstrip("#")))
        tips = tips.filter(condition)
    return tips.order_by("-created", "-pk")


def tip_page(*, tips: QuerySet[Tip], number, per_page: int) -> Page:
    """One page of `tips` (from tip_list). Paginated on the ids alone, then
    the page's rows are loaded with their counts: a deep page costs what the
    first one costs, instead of joining and counting every row it skips."""
    page = Paginator(tips.values_list("pk", flat=True), per_page).get_page(number)
    rows = {tip.pk: tip for tip in tips.filter(pk__in=list(page.object_list)).order_by()}
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
    return page


def tip_get_for_official(*, membership: Membership, pk: int) -> Tip | None:
    """One tip the member may see, with what their access allows: a handler
    gets the messages and photos, everyone the shares."""
    tips = (
        Tip.objects.visible_to(membership)
        .select_related("category", "place", "confidentiality_reviewed_by", "registered_by")
        .prefetch_related(Prefetch("shares", TipShare.objects.select_related("organisation", "shared_by")))
    )
    if membership.handles_tips:
        tips = tips.prefetch_related(Prefetch("messages", TipMessage.objects.select_related("author")), "photos")
    tip = tips.filter(pk=pk).first()
    if tip is not None:
        tip.municipality = membership.municipality  # already loaded by the scoping
    return tip


def tip_contact_visible(*, membership: Membership, tip: Tip) -> bool:
    """Handlers see the resident's contact details; others only when the tip
    was shared with their organisation with the details included."""
    if membership.handles_tips:
        return True
    return any(s.organisation_id == membership.organisation_id and s.include_contact for s in tip.shares.all())


def tip_get_by_code(*, code: str) -> Tip | None:
    """The tip whose receipt code this is, looked up by its keyed hash under
    each receipt key (TIPS_RECEIPT_KEYS)."""
    digests = receipts.candidate_hashes(code)
    if not digests:
        return None
    tip = (
        Tip.objects.select_related("municipality", "category", "place")
        .prefetch_related("messages")
        .filter(receipt_hash__in=digests)
        .first()
    )
    if tip is None or not any(receipts.hashes_match(tip.receipt_hash, digest) for digest in digests):
        return None
    return tip


def tip_access_log(*, tip: Tip) -> QuerySet[AuditEvent]:
    """Who did what to this tip, newest first."""
    return AuditEvent.objects.filter(object_type="tips.tip", object_id=str(tip.pk)).select_related("actor")


def tip_counts(*, membership: Membership) -> dict[str, int]:
    """New, open (unfinished) and answered-by-the-resident tips the member
    may see (`Tip.objects.visible_to`). Every count is of unfinished tips,
    so only those are read (the partial index `tip_unfinished`), never the
    closed ones of five years."""
    return (
        Tip.objects.visible_to(membership)
        .exclude(status__in=FINISHED_STATUSES)
        # Counting `status` (never null), not the id: the index holds every
        # column the count reads, so PostgreSQL answers from the index alone.
        .aggregate(
            new=Count("status", filter=Q(status=TipStatus.NEW)),
            open=Count("status"),
            answered=Count("status", filter=Q(resident_replied_at__isnull=False)),
        )
    )


def tip_ids_due_for_erasure(*, now: datetime) -> list[int]:
    """Closed tips, not yet erased, whose municipality's retention has run out."""
    ids: list[int] = []
    for municipality in Municipality.objects.only("pk", "tip_retention_days"):
        cutoff = now - timedelta(days=municipality.tip_retention_days)
        due = Tip.objects.for_municipality(municipality).filter(
            status__in=FINISHED_STATUSES, personal_data_erased_at__isnull=True, closed_at__lte=cutoff
        )
        ids.extend(due.values_list("pk", flat=True))
    return ids
