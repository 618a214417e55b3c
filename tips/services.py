"""Writes of the tips app. Views, admin, tasks and the demo call these."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from portal.db import insert_unless_exists, lock_key
from portal.models import AuditEvent, Membership, Municipality, Organisation, User
from portal.services import audit_event, audit_record

from . import notifications, receipts, status_mail
from .models import (
    FINISHED_STATUSES,
    Channel,
    ReplyTemplate,
    Tip,
    TipErasure,
    TipMessage,
    TipNotification,
    TipPhoto,
    TipShare,
    TipStatus,
)
from .photos import CleanPhoto

logger = logging.getLogger(__name__)

TIP_FIELDS = (
    "description",
    "where_text",
    "when_text",
    "knowledge",
    "contact_name",
    "contact_email",
    "contact_phone",
    "status_email",
)
# What retention erases; category, place, status, channel and dates remain.
PERSONAL_FIELDS = (*TIP_FIELDS, "close_note")
# A double-clicked form shows its receipt again only this soon after the first.
RESUBMIT_GRACE = timedelta(minutes=15)


@dataclass(frozen=True)
class Submitted:
    tip: Tip
    code: str
    duplicate: bool = False


class AlreadySubmitted(Exception):
    """The form was sent before, too long ago to show its receipt again."""


def tip_submit(
    *,
    municipality: Municipality,
    data: dict,
    photos: list[CleanPhoto],
    nonce: str,
    channel: str = Channel.WEB,
    registered_by: User | None = None,
    language: str | None = None,
) -> Submitted:
    """Store a tip and its photos, queue the coordinators' notification after
    commit, and return the receipt code (the only time it exists in clear).

    The nonce is single use: the tip is inserted unless one with the nonce
    exists (portal.db.insert_unless_exists), so concurrent posts of one form
    wait for the first one's commit, create one tip, and the others get the
    same receipt back, without a failed INSERT (whose statement, tip text
    and all, PostgreSQL would log). The tip, its notification (the outbox)
    and its audit event are written together, on PostgreSQL in one
    statement that is atomic by itself: only photos need a transaction."""
    code = receipts.code_for_nonce(nonce)
    tip = Tip(
        municipality=municipality,
        channel=channel,
        language=language or settings.LANGUAGE_CODE,
        category=data.get("category"),
        place=data.get("place"),
        receipt_hash=receipts.hash_code(code),
        submission_token=nonce,
        registered_by=registered_by,
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        location_exact=bool(data.get("location_exact")),
        **{name: (data.get(name) or "") for name in TIP_FIELDS},
    )
    notification = TipNotification()
    event = audit_event(
        actor=registered_by,
        action="tip.registered" if registered_by else "tip.received",
        municipality=municipality,
        obj=tip,
        detail=f"channel={channel} photos={len(photos)}",
    )
    with transaction.atomic() if photos else contextlib.nullcontext():
        if not insert_unless_exists(tip, along=[(notification, "tip"), (event, "object_id")]):
            return _submitted_before(municipality=municipality, nonce=nonce, code=code)
        for photo in photos:
            tip_photo = TipPhoto(tip=tip, width=photo.width, height=photo.height, size=len(photo.content))
            tip_photo.image.save("photo.jpg", ContentFile(photo.content), save=False)
            tip_photo.save()
        transaction.on_commit(partial(notifications.queue, notification.pk))
    return Submitted(tip=tip, code=code)


def _submitted_before(*, municipality: Municipality, nonce: str, code: str) -> Submitted:
    """The receipt again for a form sent twice, soon enough and here."""
    tip = Tip.objects.filter(submission_token=nonce).first()
    if tip is None or tip.municipality_id != municipality.pk or timezone.now() - tip.created > RESUBMIT_GRACE:
        raise AlreadySubmitted  # (None: another unique key of a tip collided, beyond all odds)
    return Submitted(tip=tip, code=code, duplicate=True)


def tip_record_view(*, tip: Tip, actor: User, what: str = "tip.viewed") -> None:
    audit_record(actor=actor, action=what, municipality=tip.municipality, obj=tip)


def tip_record_listed(*, tips: list[Tip], actor: User, municipality: Municipality) -> None:
    """A list showed these tips' excerpts: one audit event per tip, actor and
    day, however often the page is reloaded."""
    if not tips:
        return
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    ids = {str(tip.pk) for tip in tips}
    seen = set(
        AuditEvent.objects.filter(
            action="tip.listed", actor=actor, object_type="tips.tip", object_id__in=ids, created__gte=start
        ).values_list("object_id", flat=True)
    )
    AuditEvent.objects.bulk_create(
        AuditEvent(municipality=municipality, actor=actor, action="tip.listed", object_type="tips.tip", object_id=pk)
        for pk in sorted(ids - seen)
    )


def tip_record_exported(*, tip_ids: list[int], actor: User, municipality: Municipality) -> None:
    """An export carried these tips' text: one audit event on each tip."""
    events = (
        AuditEvent(municipality=municipality, actor=actor, action="tip.exported", object_type="tips.tip", object_id=pk)
        for pk in tip_ids
    )
    AuditEvent.objects.bulk_create(events, batch_size=500)


class ShareError(Exception):
    pass


@transaction.atomic
def tip_share(
    *, tip: Tip, actor: User, organisation: Organisation, include_contact: bool = False, reason: str = ""
) -> TipShare:
    """Share a tip with an organisation of its municipality; sharing again
    changes whether the contact details are included. Contact details need
    a reason, which the audit keeps."""
    if not organisation.municipalities.filter(pk=tip.municipality_id).exists():
        raise ShareError("The organisation does not take part in this municipality.")
    reason = reason.strip()
    if include_contact and not reason:
        raise ShareError("Sharing the contact details needs a reason.")
    lock_key("tips.share", tip.pk, organisation.pk)
    share = TipShare.objects.filter(tip=tip, organisation=organisation).first()
    created = share is None
    if created:
        share = TipShare(tip=tip, organisation=organisation)
    share.include_contact = include_contact
    share.reason = reason
    share.shared_by = actor
    share.save()
    detail = f"organisation={organisation.pk} contact={'yes' if include_contact else 'no'}"
    if reason:
        detail += f" reason={reason}"
    audit_record(
        actor=actor,
        action="tip.shared" if created else "tip.share_changed",
        municipality=tip.municipality,
        obj=tip,
        detail=detail[:300],
    )
    return share


@transaction.atomic
def tip_unshare(*, tip: Tip, actor: User, organisation: Organisation) -> bool:
    deleted, _ = TipShare.objects.filter(tip=tip, organisation=organisation).delete()
    if deleted:
        audit_record(
            actor=actor,
            action="tip.unshared",
            municipality=tip.municipality,
            obj=tip,
            detail=f"organisation={organisation.pk}",
        )
    return bool(deleted)


def police_organisations(municipality: Municipality):
    return Organisation.objects.filter(municipalities=municipality, kind=Organisation.Kind.POLICE)


def handles_tips(membership: Membership | None) -> bool:
    return membership is not None and membership.handles_tips


@transaction.atomic
def tip_set_status(*, tip: Tip, actor: User, status: str, close_reason: str = "", close_note: str = "") -> Tip:
    previous = tip.status
    tip.status = status
    tip.close_reason = close_reason if status == TipStatus.CLOSED else ""
    tip.close_note = close_note
    if status in FINISHED_STATUSES:
        if previous not in FINISHED_STATUSES or tip.closed_at is None:
            tip.closed_at = timezone.now()
    else:
        tip.closed_at = None
    tip.save(update_fields=["status", "close_reason", "close_note", "closed_at", "updated"])
    audit_record(
        actor=actor, action="tip.status_changed", municipality=tip.municipality, obj=tip, detail=f"{previous}->{status}"
    )
    if status == TipStatus.FORWARDED_TO_POLICE and previous != status:
        # Forwarding to the police shares the tip with the police of the
        # municipality; contact details only if a handler adds them, with a reason.
        for police in police_organisations(tip.municipality):
            if not TipShare.objects.filter(tip=tip, organisation=police).exists():
                tip_share(tip=tip, actor=actor, organisation=police)
    if status != previous:
        status_mail.record_change(tip)
    return tip


@transaction.atomic
def tip_status_email_set(*, tip: Tip, address: str) -> Tip:
    """The resident (with the receipt code) asks to be told of status changes."""
    tip = Tip.objects.select_for_update().get(pk=tip.pk)
    if tip.is_finished or tip.personal_data_erased_at:
        raise TipClosedError
    tip.status_email = address
    tip.save(update_fields=["status_email", "updated"])
    audit_record(
        actor=None,
        action="tip.status_email_set" if address else "tip.status_email_removed",
        municipality=tip.municipality,
        obj=tip,
    )
    return tip


@transaction.atomic
def tip_update(*, tip: Tip, actor: User, data: dict) -> Tip:
    """Set category, place and registry number; audit which fields changed."""
    changed = [name for name, value in data.items() if getattr(tip, name) != value]
    if not changed:
        return tip
    for name in changed:
        setattr(tip, name, data[name])
    tip.save(update_fields=[*changed, "updated"])
    audit_record(
        actor=actor, action="tip.updated", municipality=tip.municipality, obj=tip, detail="fields=" + ",".join(changed)
    )
    return tip


@transaction.atomic
def tip_mark_reviewed(*, tip: Tip, actor: User) -> Tip:
    """Mark that the tip has had its confidentiality review (sekretessprövning)."""
    tip.confidentiality_reviewed_by = actor
    tip.confidentiality_reviewed_at = timezone.now()
    tip.save(update_fields=["confidentiality_reviewed_by", "confidentiality_reviewed_at", "updated"])
    audit_record(actor=actor, action="tip.confidentiality_reviewed", municipality=tip.municipality, obj=tip)
    return tip


@transaction.atomic
def tip_message_send(*, tip: Tip, actor: User, body: str) -> TipMessage:
    """An official's question or answer to the resident."""
    message = TipMessage.objects.create(tip=tip, sender=TipMessage.Sender.OFFICIAL, author=actor, body=body)
    if tip.resident_replied_at is not None:
        # The resident's answer has been answered; the list stops flagging it.
        tip.resident_replied_at = None
        tip.save(update_fields=["resident_replied_at", "updated"])
    audit_record(actor=actor, action="tip.message_sent", municipality=tip.municipality, obj=tip)
    return message


class TipClosedError(Exception):
    pass


@transaction.atomic
def tip_resident_reply(*, tip: Tip, body: str, notify: bool = True) -> TipMessage:
    """The resident's answer, sent with the receipt code; they stay anonymous.
    The tip's handlers are told once, after commit (unless `notify` is off, as
    for demo data)."""
    tip = Tip.objects.select_for_update().get(pk=tip.pk)
    if tip.is_finished or tip.personal_data_erased_at:
        raise TipClosedError
    message = TipMessage.objects.create(tip=tip, sender=TipMessage.Sender.RESIDENT, body=body)
    tip.resident_replied_at = message.created
    tip.save(update_fields=["resident_replied_at", "updated"])
    audit_record(actor=None, action="tip.resident_replied", municipality=tip.municipality, obj=tip)
    if notify:
        from . import reply_notifications

        reply_notifications.queue(message)
    return message


def tip_erasure_due(tip: Tip, now: datetime) -> bool:
    if tip.status not in FINISHED_STATUSES or tip.personal_data_erased_at or tip.closed_at is None:
        return False
    return tip.closed_at <= now - timedelta(days=tip.municipality.tip_retention_days)


@transaction.atomic
def tip_erase_personal_data(*, tip_id: int, now: datetime | None = None) -> TipErasure | None:
    """Erase a closed tip's personal data when its retention period has run
    out; record what was erased. Does nothing when not (or no longer) due."""
    now = now or timezone.now()
    tip = Tip.objects.select_for_update().select_related("municipality").filter(pk=tip_id).first()
    if tip is None or not tip_erasure_due(tip, now):
        return None
    erased_fields = [name for name in PERSONAL_FIELDS if getattr(tip, name)]
    for name in PERSONAL_FIELDS:
        setattr(tip, name, "")
    if tip.latitude is not None:
        erased_fields.append("position")
    tip.latitude = tip.longitude = None
    photos = list(tip.photos.all())
    files = [photo.image.name for photo in photos]
    storage = photos[0].image.storage if photos else None
    tip.photos.all().delete()
    message_count, _ = tip.messages.all().delete()
    status_mail.forget(tip)
    tip.personal_data_erased_at = now
    tip.save(update_fields=[*PERSONAL_FIELDS, "latitude", "longitude", "personal_data_erased_at", "updated"])
    erasure = TipErasure.objects.create(
        tip=tip,
        fields=",".join(erased_fields),
        photos=len(photos),
        messages=message_count,
        retention_days=tip.municipality.tip_retention_days,
    )
    audit_record(
        actor=None,
        action="tip.personal_data_erased",
        municipality=tip.municipality,
        obj=tip,
        detail=f"fields={erasure.fields} photos={erasure.photos} messages={erasure.messages}",
    )
    if storage is not None:
        transaction.on_commit(partial(_delete_files, storage, files))
    return erasure


def _delete_files(storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


@transaction.atomic
def municipality_set_retention(*, municipality: Municipality, actor: User, days: int) -> Municipality:
    previous = municipality.tip_retention_days
    municipality.tip_retention_days = days
    municipality.full_clean()
    municipality.save(update_fields=["tip_retention_days"])
    audit_record(
        actor=actor,
        action="municipality.tip_retention_changed",
        municipality=municipality,
        obj=municipality,
        detail=f"{previous}->{days}",
    )
    return municipality


@transaction.atomic
def reply_template_save(*, template: ReplyTemplate, actor: User) -> ReplyTemplate:
    created = template.pk is None
    template.full_clean()
    template.save()
    audit_record(
        actor=actor,
        action="tip_reply_template.created" if created else "tip_reply_template.updated",
        municipality=template.municipality,
        obj=template,
    )
    return template


@transaction.atomic
def reply_template_delete(*, template: ReplyTemplate, actor: User) -> None:
    audit_record(actor=actor, action="tip_reply_template.deleted", municipality=template.municipality, obj=template)
    template.delete()
