"""Reads of walks and dialogues. Each takes its scope explicitly and owns the
query shape, so a page's query count does not grow with its rows."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from agreements.models import CitizenPledge
from portal.models import Municipality

from .models import Finding, FindingPhoto, Walk, WalkStop

_FINDING_PARTS = ("place", "category", "owner", "action__report", "action__responsible_organisation")


def walk_list(*, municipality: Municipality) -> QuerySet[Walk]:
    return (
        Walk.objects.for_municipality(municipality)
        .select_related("meeting_place", "commitment")
        .annotate(finding_count=Count("findings", distinct=True))
        .order_by("-starts_at", "pk")
    )


def walk_get(*, municipality: Municipality, pk: int) -> Walk | None:
    """One walk of `municipality` with its route, findings and photos, or None."""
    findings = Finding.objects.select_related(*_FINDING_PARTS).prefetch_related("photos")
    return (
        Walk.objects.for_municipality(municipality)
        .select_related("meeting_place", "hot_spot", "commitment__focus_area__pledge")
        .prefetch_related(
            "organisations",
            Prefetch("stops", queryset=WalkStop.objects.select_related("place")),
            Prefetch("findings", queryset=findings),
        )
        .filter(pk=pk)
        .first()
    )


def finding_get(*, municipality: Municipality, pk: int) -> Finding | None:
    return Finding.objects.for_municipality(municipality).select_related("walk", *_FINDING_PARTS).filter(pk=pk).first()


def walk_get_public(*, municipality: Municipality, pk: int) -> Walk | None:
    """A walk residents may see: a public invitation still planned, or a held
    walk whose report is published. Only public findings and photos."""
    findings = (
        Finding.objects.filter(is_public=True)
        .select_related("place", "owner", "action")
        .prefetch_related(Prefetch("photos", queryset=FindingPhoto.objects.filter(is_public=True)))
    )
    visible = Q(status=Walk.Status.PLANNED, invitation_public=True) | Q(
        status=Walk.Status.HELD, report_published_at__isnull=False
    )
    return (
        Walk.objects.for_municipality(municipality)
        .filter(visible)
        .select_related("meeting_place", "hot_spot", "commitment__focus_area__pledge")
        .prefetch_related(
            "organisations",
            Prefetch("stops", queryset=WalkStop.objects.select_related("place")),
            Prefetch("findings", queryset=findings),
        )
        .filter(pk=pk)
        .first()
    )


def walk_list_public(*, municipality: Municipality) -> tuple[list[Walk], list[Walk]]:
    """(upcoming public invitations, held walks with a published report)."""
    walks = Walk.objects.for_municipality(municipality).select_related("meeting_place")
    upcoming = list(walks.upcoming_public().order_by("starts_at")[:10])
    reports = list(walks.with_published_report().order_by("-starts_at")[:10])
    return upcoming, reports


def walk_list_for_pledge(*, pledge: CitizenPledge) -> list[Walk]:
    """The walks with a published report that fulfil one of the pledge's
    commitments, for the pledge's public page."""
    return list(
        Walk.objects.for_municipality(pledge.municipality)
        .with_published_report()
        .filter(commitment__focus_area__pledge=pledge)
        .select_related("commitment", "meeting_place")
        .order_by("-starts_at")
    )


def public_photo_get(*, municipality: Municipality, pk: int) -> FindingPhoto | None:
    return (
        FindingPhoto.objects.for_municipality(municipality)
        .filter(
            is_public=True,
            finding__is_public=True,
            finding__walk__report_published_at__isnull=False,
        )
        .filter(pk=pk)
        .first()
    )
