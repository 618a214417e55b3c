"""Writes of agreements and pledges. Views, the admin, tasks and the demo
loader call these; nobody else saves these objects."""

from __future__ import annotations

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import following
from portal.db import lock_key
from portal.models import Organisation, User
from portal.queue import enqueue_on_commit
from portal.services import audit_record

from . import tasks
from .models import (
    Agreement,
    CitizenPledge,
    Commitment,
    Evaluation,
    FocusArea,
    FollowerDelivery,
    PledgeFollower,
    ProgressUpdate,
    ProgressUpdateCorrection,
)

logger = logging.getLogger(__name__)


def _save_ordered(formset: BaseInlineFormSet) -> list:
    """Save an inline formset and number its rows 1, 2, 3… in the order of
    their `position` field, so two rows never share a place."""
    formset.save(commit=False)
    for obj in formset.deleted_objects:
        obj.delete()
    deleted = set(formset.deleted_forms) if formset.can_delete else set()
    kept = [
        (form.instance.position or 10**4, index, form.instance)
        for index, form in enumerate(formset.forms)
        if form not in deleted and (form.instance.pk or form.has_changed())
    ]
    rows = [obj for _, _, obj in sorted(kept, key=lambda row: row[:2])]
    for number, obj in enumerate(rows, start=1):
        obj.position = number
        setattr(obj, formset.fk.name, formset.instance)
        obj.save()
    return rows


def _document_save(
    *,
    actor: User,
    document: Agreement | CitizenPledge,
    parties: list[Organisation],
    parts: BaseInlineFormSet,
    signatories: BaseInlineFormSet,
    action: str,
) -> None:
    """What saving an agreement and a pledge share: the document, its
    parties, its ordered parts (priorities, focus areas), its signatories
    and the audit entry `<action>.created` or `<action>.updated`."""
    created = document.pk is None
    document.save()
    document.parties.set(parties)
    parts.instance = document
    _save_ordered(parts)
    signatories.instance = document
    signatories.save()
    audit_record(
        actor=actor,
        action=f"{action}.created" if created else f"{action}.updated",
        municipality=document.municipality,
        obj=document,
    )


@transaction.atomic
def agreement_save(
    *,
    actor: User,
    agreement: Agreement,
    parties: list[Organisation],
    priorities: BaseInlineFormSet,
    signatories: BaseInlineFormSet,
) -> Agreement:
    """Create or update an agreement with its parties, priorities and signatories."""
    _document_save(
        actor=actor, document=agreement, parties=parties, parts=priorities, signatories=signatories, action="agreement"
    )
    return agreement


@transaction.atomic
def pledge_save(
    *,
    actor: User,
    pledge: CitizenPledge,
    parties: list[Organisation],
    focus_areas: BaseInlineFormSet,
    signatories: BaseInlineFormSet,
) -> CitizenPledge:
    """Create or update a pledge with its parties, focus areas and signatories."""
    if pledge.evaluation_due is None:
        pledge.evaluation_due = pledge.period_end
    _document_save(
        actor=actor, document=pledge, parties=parties, parts=focus_areas, signatories=signatories, action="pledge"
    )
    return pledge


@transaction.atomic
def commitments_save(*, actor: User, focus_area: FocusArea, commitments: BaseInlineFormSet) -> list[Commitment]:
    commitments.instance = focus_area
    saved = _save_ordered(commitments)
    audit_record(
        actor=actor,
        action="pledge.commitments_updated",
        municipality=focus_area.pledge.municipality,
        obj=focus_area.pledge,
        detail=f"focus_area={focus_area.pk}",
    )
    return saved


@transaction.atomic
def pledge_publish(*, actor: User, pledge: CitizenPledge) -> CitizenPledge:
    """Show the pledge to residents. It must promise something first."""
    pledge = CitizenPledge.objects.select_for_update().get(pk=pledge.pk)
    if pledge.is_published:
        return pledge
    if not Commitment.objects.filter(focus_area__pledge=pledge).exists():
        raise ValidationError(_("Add at least one commitment before publishing the pledge."))
    pledge.is_published = True
    pledge.published_at = timezone.now()
    pledge.save(update_fields=["is_published", "published_at", "updated"])
    audit_record(actor=actor, action="pledge.published", municipality=pledge.municipality, obj=pledge)
    return pledge


@transaction.atomic
def pledge_unpublish(*, actor: User, pledge: CitizenPledge) -> CitizenPledge:
    pledge = CitizenPledge.objects.select_for_update().get(pk=pledge.pk)
    if not pledge.is_published:
        return pledge
    pledge.is_published = False
    pledge.published_at = None
    pledge.save(update_fields=["is_published", "published_at", "updated"])
    audit_record(actor=actor, action="pledge.unpublished", municipality=pledge.municipality, obj=pledge)
    return pledge


def _notify_followers(pledge: CitizenPledge, kind: str, object_id: int) -> None:
    """One delivery row per confirmed follower and event (the unique
    constraint keeps it at one), then one task that queues the sending."""
    followers = PledgeFollower.objects.filter(pledge=pledge, confirmed_at__isnull=False).values_list("pk", flat=True)
    rows = [FollowerDelivery(follower_id=pk, kind=kind, object_id=object_id) for pk in followers]
    if rows:
        FollowerDelivery.objects.bulk_create(rows, ignore_conflicts=True)
        enqueue_on_commit(tasks.dispatch_deliveries, kind, object_id)


@transaction.atomic
def progress_update_add(
    *,
    actor: User,
    commitment: Commitment,
    organisation: Organisation | None,
    day: date,
    text: str,
    is_public: bool,
    status: str,
    count_reached: int | None = None,
) -> ProgressUpdate:
    """Record how a commitment is going and move its status and count along.
    Followers of a published pledge hear about public updates."""
    commitment = Commitment.objects.select_for_update().select_related("focus_area__pledge").get(pk=commitment.pk)
    if commitment.target_count is None:
        count_reached = None
    update = ProgressUpdate.objects.create(
        commitment=commitment,
        date=day,
        text=text,
        author=actor,
        organisation=organisation,
        is_public=is_public,
        status=status,
        count_reached=count_reached,
    )
    commitment.status = status
    if count_reached is not None:
        commitment.count_reached = count_reached
    commitment.save(update_fields=["status", "count_reached", "updated"])
    pledge = commitment.focus_area.pledge
    audit_record(
        actor=actor,
        action="commitment.progress_added",
        municipality=pledge.municipality,
        obj=commitment,
        detail=f"update={update.pk} status={status}",
    )
    if is_public and pledge.is_published:
        _notify_followers(pledge, FollowerDelivery.Kind.PROGRESS, update.pk)
    return update


@transaction.atomic
def progress_update_correct(*, actor: User, update: ProgressUpdate, text: str, reason: str) -> ProgressUpdateCorrection:
    """Correct what a published update says; the old text stays in the trail,
    the public page marks it "corrected", followers get one e-mail."""
    return _progress_update_second_chance(
        actor=actor, update=update, action=ProgressUpdateCorrection.Action.CORRECTED, text=text, reason=reason
    )


@transaction.atomic
def progress_update_withdraw(*, actor: User, update: ProgressUpdate, reason: str) -> ProgressUpdateCorrection:
    """Withdraw an update: it leaves the public page (officials still see it,
    marked withdrawn); followers get one e-mail saying so, with the reason."""
    return _progress_update_second_chance(
        actor=actor, update=update, action=ProgressUpdateCorrection.Action.WITHDRAWN, text="", reason=reason
    )


def _progress_update_second_chance(
    *, actor: User, update: ProgressUpdate, action: str, text: str, reason: str
) -> ProgressUpdateCorrection:
    update = (
        ProgressUpdate.objects.select_for_update().select_related("commitment__focus_area__pledge").get(pk=update.pk)
    )
    if update.withdrawn_at is not None:
        raise ValidationError(_("The update has been withdrawn; it can no longer be changed."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason."))
    correction = ProgressUpdateCorrection.objects.create(
        update=update, action=action, previous_text=update.text, reason=reason, actor=actor
    )
    now = timezone.now()
    if action == ProgressUpdateCorrection.Action.WITHDRAWN:
        update.withdrawn_at = now
        update.save(update_fields=["withdrawn_at"])
    else:
        update.text = text
        update.corrected_at = now
        update.save(update_fields=["text", "corrected_at"])
    pledge = update.commitment.focus_area.pledge
    audit_record(
        actor=actor,
        action=f"commitment.progress_{action}",
        municipality=pledge.municipality,
        obj=update.commitment,
        detail=f"update={update.pk} correction={correction.pk}",
    )
    if update.is_public and pledge.is_published:
        _notify_followers(pledge, FollowerDelivery.Kind.CORRECTION, correction.pk)
    return correction


@transaction.atomic
def evaluation_record(
    *,
    actor: User,
    pledge: CitizenPledge,
    outcome: str,
    text: str,
    evaluated_on: date,
    early_reason: str = "",
) -> Evaluation:
    """Record (or correct) the pledge's one evaluation. Followers hear of it
    the first time only. Before the period's last day only with a reason."""
    early_reason = early_reason.strip()
    if evaluated_on < pledge.period_end and not early_reason:
        raise ValidationError(_("The period has not ended: give the reason for evaluating early."))
    if evaluated_on >= pledge.period_end:
        early_reason = ""
    lock_key("evaluation", pledge.pk)  # concurrent first records queue here: no failed INSERT
    evaluation, created = Evaluation.objects.update_or_create(
        pledge=pledge,
        defaults={
            "outcome": outcome,
            "text": text,
            "evaluated_on": evaluated_on,
            "evaluated_by": actor,
            "early_reason": early_reason,
        },
    )
    audit_record(
        actor=actor,
        action="pledge.evaluated" if created else "pledge.evaluation_updated",
        municipality=pledge.municipality,
        obj=pledge,
        detail=f"outcome={outcome}" + (" early" if early_reason else ""),
    )
    if created and pledge.is_published:
        _notify_followers(pledge, FollowerDelivery.Kind.EVALUATION, evaluation.pk)
    return evaluation


@transaction.atomic
def pledge_start_next_period(
    *, actor: User, pledge: CitizenPledge, title: str, period_start: date, period_end: date
) -> CitizenPledge:
    """Start next period's pledge from an evaluated one: the same parties and
    agreement, and every unfinished commitment carried over (with its focus
    area) and linked to where it came from. The new pledge starts unpublished."""
    pledge = CitizenPledge.objects.select_for_update().get(pk=pledge.pk)
    if not Evaluation.objects.filter(pledge=pledge).exists():
        raise ValidationError(_("Evaluate the pledge before starting the next period."))
    if CitizenPledge.objects.filter(previous=pledge).exists():
        raise ValidationError(_("The next period's pledge has already been started."))
    new = CitizenPledge.objects.create(
        municipality=pledge.municipality,
        title=title,
        period_start=period_start,
        period_end=period_end,
        evaluation_due=period_end,
        agreement=pledge.agreement,
        introduction=pledge.introduction,
        previous=pledge,
    )
    new.parties.set(pledge.parties.all())
    focus_areas = pledge.focus_areas.prefetch_related("commitments").order_by("position", "pk")
    position = 0
    for focus_area in focus_areas:
        unfinished = [c for c in focus_area.commitments.all() if c.is_unfinished]
        if not unfinished:
            continue
        position += 1
        new_area = FocusArea.objects.create(
            pledge=new, position=position, title=focus_area.title, description=focus_area.description
        )
        for index, old in enumerate(unfinished, start=1):
            Commitment.objects.create(
                focus_area=new_area,
                position=index,
                what=old.what,
                description=old.description,
                responsible=old.responsible,
                target_count=old.target_count,
                target_unit=old.target_unit,
                count_reached=old.count_reached,
                place=old.place,
                due_date=old.due_date if old.due_date and old.due_date >= period_start else None,
                status=old.status,
                carried_over_from=old,
            )
    audit_record(
        actor=actor,
        action="pledge.next_period_started",
        municipality=pledge.municipality,
        obj=new,
        detail=f"previous={pledge.pk}",
    )
    return new


# --- Residents following a pledge ------------------------------------------------


@transaction.atomic
def follower_subscribe(*, pledge: CitizenPledge, email: str, language: str) -> PledgeFollower:
    """Ask to follow a published pledge. Sends a confirmation link (double
    opt-in); answers the same whether the address already follows or not."""
    follower, send = following.follow_request(
        model=PledgeFollower,
        lock="pledge_follower",
        email=email,
        language=language,
        on_created=lambda: audit_record(
            actor=None, action="pledge.follow_requested", municipality=pledge.municipality, obj=pledge
        ),
        pledge=pledge,
    )
    if not send:
        return follower
    enqueue_on_commit(tasks.send_follow_confirmation, follower.pk)
    return follower


@transaction.atomic
def follower_confirm(*, follower: PledgeFollower) -> PledgeFollower:
    if follower.confirmed_at is None:
        follower.confirmed_at = timezone.now()
        follower.save(update_fields=["confirmed_at"])
        audit_record(
            actor=None, action="pledge.follow_confirmed", municipality=follower.pledge.municipality, obj=follower.pledge
        )
    return follower


@transaction.atomic
def follower_unsubscribe(*, follower: PledgeFollower) -> None:
    """Stop following: the address is deleted, with its pending messages."""
    pledge = follower.pledge
    follower.delete()
    audit_record(actor=None, action="pledge.follow_ended", municipality=pledge.municipality, obj=pledge)
