"""Reads of walks and dialogues. Each takes its scope explicitly and owns the
query shape, so a page's query count does not grow with its rows."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from agreements.models import CitizenPledge
from portal.models import Municipality
from situation_reports.models import Action

from .models import Finding, FindingPhoto, Walk, WalkStop

_FINDING_PARTS = ("place", "category", "owner", "action__report", "action__responsible_organisation")

# An edit of a published report is told once it has rested this long (the
# saves of one sitting make one message), and at most once per interval
# after followers were last told of the report (published or updated).
REPORT_UPDATE_QUIET = timedelta(minutes=30)
REPORT_UPDATE_INTERVAL = timedelta(hours=24)


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


def finding_follow_up(finding: Finding) -> Action | None:
    """The finding's action where it stands now: an unfinished action closed
    with its week lives on in the action it was carried on to."""
    action = finding.action
    while action is not None:
        carried = Action.objects.filter(carried_over_from=action).first()
        if carried is None:
            return action
        action = carried
    return None


def walk_ids_to_follow_up() -> list[int]:
    """Published walks with a confirmed follower and a public finding whose
    follow-up the followers have not been told."""
    walks = Walk.objects.filter(
        report_published_at__isnull=False,
        followers__confirmed_at__isnull=False,
        findings__is_public=True,
        findings__done_told_at__isnull=True,
        findings__action__isnull=False,
    )
    return list(walks.order_by("pk").values_list("pk", flat=True).distinct())


def walk_report_fingerprint(walk: Walk) -> str:
    """A hash of what the public page of `walk`'s report shows that an
    official edits: the walk's facts and texts, which findings are public
    and which of their photos. Not a finding's text (nobody edits it after
    it is recorded; retention erasing a resident's is not news) nor its
    follow-up (told by the "done" message). Places and organisations by id,
    so renaming one elsewhere is no edit of the report."""
    findings = walk.findings.filter(is_public=True).order_by("pk")
    photos = FindingPhoto.objects.filter(finding__walk=walk, finding__is_public=True, is_public=True)
    content = {
        "walk": [
            walk.kind,
            walk.title,
            walk.starts_at.isoformat(),
            walk.meeting_place_id,
            walk.meeting_point,
            walk.hot_spot_id,
            walk.report_summary,
            walk.residents_said,
            walk.parties_answered,
        ],
        "organisations": sorted(walk.organisations.values_list("pk", flat=True)),
        "route": list(walk.stops.order_by("position").values_list("place_id", flat=True)),
        "findings": [list(row) for row in findings.values_list("pk", "kind", "place_id")],
        "photos": sorted(photos.values_list("pk", flat=True)),
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def walks_with_report_update_due(*, now: datetime) -> QuerySet[Walk]:
    """Published walks whose report was edited, has rested for
    REPORT_UPDATE_QUIET, and whose followers were last told of it at least
    REPORT_UPDATE_INTERVAL ago (or never, for a report published before
    fingerprints were kept)."""
    told_long_ago = Q(report_told_at__isnull=True) | Q(report_told_at__lte=now - REPORT_UPDATE_INTERVAL)
    return Walk.objects.filter(
        report_published_at__isnull=False, report_changed_at__lte=now - REPORT_UPDATE_QUIET
    ).filter(told_long_ago)


def walk_ids_with_report_update_due(*, now: datetime) -> list[int]:
    return list(walks_with_report_update_due(now=now).order_by("pk").values_list("pk", flat=True))


def walk_ids_due_for_erasure(*, now: datetime) -> list[int]:
    """Walks held (or planned) longer ago than a retention period that still
    have something it erases: an unpublished photo, a resident's text, a follower."""
    media_cutoff = now - timedelta(days=settings.WALKS_RETENTION_DAYS)
    follower_cutoff = now - timedelta(days=settings.WALKS_FOLLOWER_RETENTION_DAYS)
    since = Coalesce("held_at", "starts_at")
    walks = Walk.objects.annotate(since=since)
    media = walks.filter(since__lte=media_cutoff).filter(
        Q(findings__photos__is_public=False)
        | Q(findings__is_public=False, findings__photos__isnull=False)
        | Q(report_published_at__isnull=True, findings__photos__isnull=False)
        | Q(findings__source=Finding.Source.RESIDENT, findings__text_erased_at__isnull=True)
    )
    followers = walks.filter(since__lte=follower_cutoff, followers__isnull=False)
    ids = set(media.values_list("pk", flat=True)) | set(followers.values_list("pk", flat=True))
    return sorted(ids)
