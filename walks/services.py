"""Writes of walks and dialogues. Views, the admin and the demo loader call
these; nobody else saves these objects.

The walk touches two other apps only through their services: holding a walk
linked to a pledge commitment adds a progress update with
`agreements.services.progress_update_add` (which moves the commitment's count
and tells the pledge's followers), and a finding becomes an action or an
observation of the weekly report with `situation_reports.services`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Commitment
from agreements.services import progress_update_add
from portal import following
from portal.db import lock_key
from portal.models import Organisation, Place, User
from portal.queue import enqueue_on_commit
from portal.services import audit_record
from situation_reports import services as report_services
from situation_reports.models import Action, Observation
from situation_reports.weeks import IsoWeek
from tips.photos import CleanPhoto

from . import selectors, tasks
from .models import (
    Finding,
    FindingPhoto,
    Walk,
    WalkFollower,
    WalkFollowerDelivery,
    WalkReportUpdate,
    WalkStop,
    _new_nonce,
)


@transaction.atomic
def walk_save(*, actor: User, walk: Walk, organisations: list[Organisation], route: list[Place] | None = None) -> Walk:
    """Create or update a walk with its organisations and its route (the
    places in walking order; a dialogue has none)."""
    created = walk.pk is None
    told = _NOT_TOLD
    if created:
        walk.created_by = actor
    else:
        before = Walk.objects.select_for_update().get(pk=walk.pk)
        told = _report_told(before)
        # What followers were told is not the form's to change (it may be stale).
        walk.report_told_hash, walk.report_told_at = before.report_told_hash, before.report_told_at
        walk.report_changed_at = before.report_changed_at
    walk.save()
    walk.organisations.set(organisations)
    if route is not None:
        walk.stops.all().delete()
        stops = route if walk.is_walk else []
        WalkStop.objects.bulk_create(
            WalkStop(walk=walk, place=place, position=number) for number, place in enumerate(stops, start=1)
        )
    _report_note_edit(walk, told)
    audit_record(
        actor=actor, action="walk.created" if created else "walk.updated", municipality=walk.municipality, obj=walk
    )
    return walk


@dataclass(frozen=True)
class Recorded:
    finding: Finding
    created: bool


def finding_record(
    *,
    walk: Walk,
    data: dict,
    photos: list[CleanPhoto],
    idempotency_key: uuid.UUID,
    actor: User | None = None,
) -> Recorded:
    """Store a finding and its photos once per idempotency key: a phone
    that sends the same form again (it lost the answer) gets the first one."""
    with transaction.atomic():
        # A lock, not a failed INSERT, settles two sends of one key at once:
        # a failed INSERT would put the resident's text in the server's log.
        lock_key("walks.finding", walk.pk, idempotency_key)
        existing = Finding.objects.filter(walk=walk, idempotency_key=idempotency_key).first()
        if existing is not None:
            return Recorded(existing, created=False)
        # An official may still add a finding to a published report.
        published = Walk.objects.select_for_update().filter(pk=walk.pk, report_published_at__isnull=False).first()
        told = _report_told(published) if published else _NOT_TOLD
        finding = _finding_create(walk=walk, data=data, photos=photos, key=idempotency_key, actor=actor)
        if published:
            _report_note_edit(published, told)
    return Recorded(finding, created=True)


def _finding_create(*, walk: Walk, data: dict, photos: list[CleanPhoto], key: uuid.UUID, actor: User | None):
    finding = Finding.objects.create(
        walk=walk,
        place=data.get("place"),
        kind=data.get("kind") or Finding.Kind.OTHER,
        description=data["description"],
        category=data.get("category"),
        owner=data.get("owner"),
        source=Finding.Source.OFFICIAL if actor else Finding.Source.RESIDENT,
        author=actor,
        idempotency_key=key,
    )
    for photo in photos:
        row = FindingPhoto(finding=finding, width=photo.width, height=photo.height, size=len(photo.content))
        row.image.save("photo.jpg", ContentFile(photo.content), save=False)
        row.save()
    audit_record(
        actor=actor,
        action="walk.finding_recorded",
        municipality=walk.municipality,
        obj=walk,
        detail=f"finding={finding.pk} source={finding.source} photos={len(photos)}",
    )
    return finding


@transaction.atomic
def finding_to_action(
    *, actor: User, finding: Finding, organisation: Organisation, what: str, due_date: date | None, today: date
) -> Action:
    """Make the finding an action of this week's report for the organisation
    that owns the problem. From then on it is carried over like any action."""
    finding = Finding.objects.select_for_update().select_related("walk__municipality").get(pk=finding.pk)
    if finding.action_id is not None:
        return finding.action
    municipality = finding.walk.municipality
    report, _created = report_services.week_get_or_open(municipality=municipality, week=IsoWeek.of(today), actor=actor)
    action = Action(
        report=report, what=what, responsible_organisation=organisation, place=finding.place, due_date=due_date
    )
    try:
        report_services.action_save(action=action, actor=actor)
    except report_services.WeekClosedError as error:
        raise ValidationError(str(error)) from error
    finding.action = action
    finding.owner = organisation
    finding.save(update_fields=["action", "owner"])
    audit_record(
        actor=actor,
        action="walk.finding_to_action",
        municipality=municipality,
        obj=finding.walk,
        detail=f"finding={finding.pk} action={action.pk}",
    )
    return action


@transaction.atomic
def walk_hold(*, actor: User, walk: Walk, organisation: Organisation, count_towards_commitment: bool = True) -> Walk:
    """Mark the walk held: its commitment's count moves by one (once), and
    its findings become observations of the week it was held in."""
    walk = Walk.objects.select_for_update().get(pk=walk.pk)
    if walk.status == Walk.Status.CANCELLED:
        raise ValidationError(_("A cancelled walk cannot be held."))
    if walk.status != Walk.Status.HELD:
        walk.status = Walk.Status.HELD
        walk.held_at = timezone.now()
        walk.save(update_fields=["status", "held_at", "updated"])
        audit_record(actor=actor, action="walk.held", municipality=walk.municipality, obj=walk)
    if count_towards_commitment and walk.commitment_id and walk.counted_update_id is None:
        _count_on_commitment(actor=actor, walk=walk, organisation=organisation)
    _findings_to_observations(actor=actor, walk=walk, organisation=organisation)
    return walk


def _count_on_commitment(*, actor: User, walk: Walk, organisation: Organisation) -> None:
    commitment = Commitment.objects.select_for_update().get(pk=walk.commitment_id)
    status = Commitment.Status.ONGOING if commitment.status == Commitment.Status.PLANNED else commitment.status
    count = commitment.count_reached + 1 if commitment.target_count else None
    text = (_("Safety walk held: %(title)s.") if walk.is_walk else _("Citizen dialogue held: %(title)s.")) % {
        "title": walk.title
    }
    update = progress_update_add(
        actor=actor,
        commitment=commitment,
        organisation=organisation,
        day=timezone.localdate(walk.held_at),
        text=text,
        is_public=True,
        status=status,
        count_reached=count,
    )
    walk.counted_update = update
    walk.save(update_fields=["counted_update"])


def _findings_to_observations(*, actor: User, walk: Walk, organisation: Organisation) -> int:
    """One observation per finding with a place and a category, in the week
    the walk was held (only while that week is open; a closed week keeps
    its picture and the findings stay listed on the walk)."""
    day = min(timezone.localdate(walk.starts_at), timezone.localdate())
    pending = walk.findings.filter(observation__isnull=True, place__isnull=False, category__isnull=False)
    pending = list(pending.select_related("place", "category"))
    if not pending:
        return 0
    report, _created = report_services.week_get_or_open(
        municipality=walk.municipality, week=IsoWeek.of(day), actor=actor
    )
    if not report.is_open:
        return 0
    for finding in pending:
        observation = Observation(
            report=report,
            organisation=finding.owner or organisation,
            category=finding.category,
            place=finding.place,
            date=day,
            count=1,
            description=_observation_text(walk, finding),
            source=Observation.Source.RESIDENT if finding.source == Finding.Source.RESIDENT else Observation.Source.OWN,
        )
        report_services.observation_save(observation=observation, actor=actor)
        Finding.objects.filter(pk=finding.pk).update(observation=observation)
    return len(pending)


def _observation_text(walk: Walk, finding: Finding) -> str:
    """An official's words go into the weekly picture; a resident's stay on
    the walk, where retention erases them (the week's record outlives it)."""
    if finding.source == Finding.Source.RESIDENT:
        return f"{walk.title}: {finding.get_kind_display()} ({_('from a resident')})"[:2000]
    return f"{walk.title}: {finding.description}"[:2000]


@transaction.atomic
def walk_cancel(*, actor: User, walk: Walk) -> Walk:
    walk = Walk.objects.select_for_update().get(pk=walk.pk)
    if walk.status == Walk.Status.HELD:
        raise ValidationError(_("A walk that has been held cannot be cancelled."))
    walk.status = Walk.Status.CANCELLED
    walk.save(update_fields=["status", "updated"])
    audit_record(actor=actor, action="walk.cancelled", municipality=walk.municipality, obj=walk)
    return walk


@transaction.atomic
def walk_report_save(
    *,
    actor: User,
    walk: Walk,
    summary: str,
    residents_said: str,
    parties_answered: str,
    public_photos: list[FindingPhoto],
    hidden_findings: list[Finding],
    publish: bool,
) -> Walk:
    """Save the public report of a held walk: its summary, which photos and
    findings residents see, and whether it is published."""
    walk = Walk.objects.select_for_update().get(pk=walk.pk)
    if publish and not walk.is_held:
        raise ValidationError(_("Only a walk that has been held can have a public report."))
    told = _report_told(walk)
    walk.report_summary = summary
    walk.residents_said = residents_said
    walk.parties_answered = parties_answered
    first_publication = publish and walk.report_published_at is None
    if publish:
        walk.report_published_at = walk.report_published_at or timezone.now()
    else:
        walk.report_published_at = None
    walk.save(update_fields=["report_summary", "residents_said", "parties_answered", "report_published_at", "updated"])
    FindingPhoto.objects.filter(finding__walk=walk).update(is_public=False)
    FindingPhoto.objects.filter(finding__walk=walk, pk__in=[p.pk for p in public_photos]).update(is_public=True)
    walk.findings.update(is_public=True)
    walk.findings.filter(pk__in=[f.pk for f in hidden_findings]).update(is_public=False)
    _report_note_edit(walk, told)
    if first_publication:
        # The report tells what is done already; later follow-up is news.
        Finding.objects.filter(pk__in=[f.pk for f in _findings_done(walk)]).update(done_told_at=timezone.now())
        _notify_followers(walk, WalkFollowerDelivery.Kind.REPORT, [walk.pk])
    audit_record(
        actor=actor,
        action="walk.report_published" if publish else "walk.report_saved",
        municipality=walk.municipality,
        obj=walk,
        detail=f"photos={len(public_photos)}",
    )
    return walk


@transaction.atomic
def walk_retire_resident_link(*, actor: User, walk: Walk) -> Walk:
    """A new nonce: every residents' link given out before stops working."""
    walk.resident_nonce = _new_nonce()
    walk.save(update_fields=["resident_nonce", "updated"])
    audit_record(actor=actor, action="walk.resident_link_retired", municipality=walk.municipality, obj=walk)
    return walk


# --- Followers told of an edit of the published report ---------------------------

# (fingerprint, when) followers were told of a report: nothing yet.
_NOT_TOLD: tuple[str, datetime | None] = ("", None)


def _report_told(walk: Walk) -> tuple[str, datetime | None]:
    """What followers were told of the report, read from the walk's locked
    row before an edit. A report published before fingerprints were kept
    counts as told as it stands."""
    if walk.report_told_hash or not walk.report_is_published:
        return walk.report_told_hash, walk.report_told_at
    return selectors.walk_report_fingerprint(walk), walk.report_told_at


def _report_note_edit(walk: Walk, told: tuple[str, datetime | None]) -> None:
    """After an edit of a published report: mark it changed when it shows
    something else than its followers were told, unmark it when an edit
    was undone. A first publication is what they are told (by the report
    message). Sending is `walk_report_update_notify`'s, later."""
    if not walk.report_is_published:
        return
    now = timezone.now()
    current = selectors.walk_report_fingerprint(walk)
    told_hash, told_at = told if told[0] else (current, now)
    walk.report_told_hash, walk.report_told_at = told_hash, told_at
    walk.report_changed_at = None if current == told_hash else now
    Walk.objects.filter(pk=walk.pk).update(
        report_told_hash=told_hash, report_told_at=told_at, report_changed_at=walk.report_changed_at
    )


@transaction.atomic
def walk_report_update_notify(*, walk_id: int, now: datetime | None = None) -> int:
    """Tell a published walk's followers, once, that its report was updated.

    Coalesced: an edit (`walk_report_save`, `walk_save`, an official's
    finding) only marks the walk changed; the sweep calls this once the
    report has rested for `selectors.REPORT_UPDATE_QUIET` and followers
    were last told of it `REPORT_UPDATE_INTERVAL` ago or more. So the saves
    of one sitting make one message, at most one a day, telling the report
    as it stands then; an edit that changes nothing residents see, or that
    was undone, sends nothing (the fingerprints are equal). The walk's row
    lock and clearing the mark make it once however often the sweep runs;
    each message is one `WalkReportUpdate` and one delivery per follower."""
    now = now or timezone.now()
    walk = selectors.walks_with_report_update_due(now=now).select_for_update().filter(pk=walk_id).first()
    if walk is None:
        return 0
    current = selectors.walk_report_fingerprint(walk)
    walk.report_changed_at = None
    if current == walk.report_told_hash:
        walk.save(update_fields=["report_changed_at"])
        return 0
    walk.report_told_hash, walk.report_told_at = current, now
    walk.save(update_fields=["report_told_hash", "report_told_at", "report_changed_at"])
    update = WalkReportUpdate.objects.create(walk=walk, content_hash=current)
    audit_record(
        actor=None,
        action="walk.report_update_told",
        municipality=walk.municipality,
        obj=walk,
        detail=f"update={update.pk}",
    )
    return _notify_followers(walk, WalkFollowerDelivery.Kind.UPDATED, [update.pk])


# --- Residents following a walk --------------------------------------------------


@transaction.atomic
def follower_subscribe(*, walk: Walk, email: str, language: str) -> WalkFollower:
    """Ask to follow a walk (double opt-in); answers the same whether the
    address already follows or not."""
    follower, send = following.follow_request(
        model=WalkFollower,
        lock="walk_follower",
        email=email,
        language=language,
        on_created=lambda: audit_record(
            actor=None, action="walk.follow_requested", municipality=walk.municipality, obj=walk
        ),
        walk=walk,
    )
    if send:
        enqueue_on_commit(tasks.send_follow_confirmation, follower.pk)
    return follower


@transaction.atomic
def follower_confirm(*, follower: WalkFollower) -> WalkFollower:
    if follower.confirmed_at is None:
        follower.confirmed_at = timezone.now()
        follower.save(update_fields=["confirmed_at"])
        walk = follower.walk
        audit_record(actor=None, action="walk.follow_confirmed", municipality=walk.municipality, obj=walk)
    return follower


@transaction.atomic
def follower_unsubscribe(*, follower: WalkFollower) -> None:
    """Stop following: the address is deleted, with its pending messages."""
    walk = follower.walk
    follower.delete()
    audit_record(actor=None, action="walk.follow_ended", municipality=walk.municipality, obj=walk)


def _notify_followers(walk: Walk, kind: str, object_ids: list[int]) -> int:
    """One delivery row per confirmed follower and event (the unique
    constraint keeps it at one), sent after commit; the sweep sends what a
    lost broker did not."""
    followers = list(walk.followers.filter(confirmed_at__isnull=False).values_list("pk", flat=True))
    rows = [WalkFollowerDelivery(follower_id=pk, kind=kind, object_id=oid) for pk in followers for oid in object_ids]
    if not rows:
        return 0
    WalkFollowerDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    for oid in object_ids:
        enqueue_on_commit(tasks.dispatch_deliveries, kind, oid)
    return len(rows)


def _findings_done(walk: Walk) -> list[Finding]:
    """Public findings whose action (or the action it was carried on to) is
    done and whose followers have not been told yet."""
    pending = walk.findings.filter(is_public=True, done_told_at__isnull=True, action__isnull=False)
    return [f for f in pending.select_related("action") if selectors.finding_follow_up(f).status == Action.Status.DONE]


@transaction.atomic
def walk_follow_up_notify(*, walk_id: int) -> int:
    """Tell a published walk's followers about each finding dealt with
    since they were last told; each finding is told once."""
    walk = Walk.objects.select_for_update().filter(pk=walk_id, report_published_at__isnull=False).first()
    if walk is None:
        return 0
    done = _findings_done(walk)
    if not done:
        return 0
    Finding.objects.filter(pk__in=[f.pk for f in done]).update(done_told_at=timezone.now())
    return _notify_followers(walk, WalkFollowerDelivery.Kind.DONE, [f.pk for f in done])


# --- Retention -------------------------------------------------------------------


@dataclass(frozen=True)
class Erased:
    photos: int
    texts: int
    followers: int


@transaction.atomic
def walk_erase_due(*, walk_id: int, now: datetime | None = None) -> Erased:
    """Apply retention to one walk: once `WALKS_RETENTION_DAYS` have passed
    since it was held (or planned to start), the photos not published with
    the report and the text residents typed are erased; after
    `WALKS_FOLLOWER_RETENTION_DAYS` its followers' addresses are deleted.
    Officials' findings, categories and places remain, as do actions."""
    now = now or timezone.now()
    walk = Walk.objects.select_for_update().filter(pk=walk_id).first()
    if walk is None:
        return Erased(0, 0, 0)
    since = walk.held_at or walk.starts_at
    photos = texts = followers = 0
    if since <= now - timedelta(days=settings.WALKS_RETENTION_DAYS):
        photos = _erase_unpublished_photos(walk)
        texts = walk.findings.filter(source=Finding.Source.RESIDENT, text_erased_at__isnull=True).update(
            description="", text_erased_at=now
        )
    if since <= now - timedelta(days=settings.WALKS_FOLLOWER_RETENTION_DAYS):
        followers, _by_model = walk.followers.all().delete()
    if photos or texts or followers:
        audit_record(
            actor=None,
            action="walk.retention_applied",
            municipality=walk.municipality,
            obj=walk,
            detail=f"photos={photos} texts={texts} followers={followers}",
        )
    return Erased(photos, texts, followers)


def _erase_unpublished_photos(walk: Walk) -> int:
    """Photos not published go (not chosen, of a finding hidden from the
    report, or of a walk whose report is not published). Files first: a
    failure leaves a row without its file (answered 404), never a file
    that no row points to and so nothing would erase."""
    hidden = FindingPhoto.objects.filter(finding__walk=walk)
    if walk.report_is_published:
        hidden = hidden.filter(Q(is_public=False) | Q(finding__is_public=False))
    hidden = list(hidden)
    for photo in hidden:
        photo.image.delete(save=False)
    FindingPhoto.objects.filter(pk__in=[p.pk for p in hidden]).delete()
    return len(hidden)
