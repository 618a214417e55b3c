"""Writes of the core. Views, forms and admin call these; nobody else saves."""

from __future__ import annotations

from django.db import models, transaction
from django.utils.translation import gettext as _

from . import notifications
from .delivery import Delivery, DeliveryStatus, resend
from .delivery import kinds as delivery_kinds
from .models import AuditEvent, Membership, Municipality, Organisation, Place, Role, User
from .queue import enqueue_on_commit


def audit_record(**fields) -> AuditEvent:
    """Record that `actor` did `action` (e.g. "tip.viewed") to `obj`: saves
    `audit_event(**fields)`."""
    event = audit_event(**fields)
    event.save(force_insert=True)
    return event


def audit_event(
    *,
    actor: User | None,
    action: str,
    municipality: Municipality | None = None,
    obj: models.Model | None = None,
    detail: str = "",
) -> AuditEvent:
    """The unsaved event of `actor` doing `action` to `obj`. `audit_record`
    saves it; a writer that inserts it in the same statement as `obj`
    (portal.db.insert_unless_exists) builds it before `obj` has its key.

    `detail` is for identifiers and field names only: never free text a
    resident or official typed, because the audit log outlives retention.
    """
    return AuditEvent(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        municipality=municipality,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        detail=detail[:300],
    )


@transaction.atomic
def place_save(*, place: Place, actor: User) -> Place:
    """Create or update a place of `place.municipality` and audit it."""
    created = place.pk is None
    place.full_clean()
    place.save()
    audit_record(
        actor=actor,
        action="place.created" if created else "place.updated",
        municipality=place.municipality,
        obj=place,
    )
    return place


@transaction.atomic
def account_update(*, user: User, data: dict) -> User:
    """Save the account page. A changed email address is no longer verified.
    `opt_out:<kind key>` entries are the kinds of e-mail the user declines."""
    previous_email = User.objects.values_list("email", flat=True).get(pk=user.pk)
    opt_outs = {name.split(":", 1)[1] for name, value in data.items() if name.startswith("opt_out:") and value}
    for field_name, value in data.items():
        if not field_name.startswith("opt_out:"):
            setattr(user, field_name, value)
    if (user.email or "").lower() != (previous_email or "").lower():
        user.email_verified = False
    user.save()
    notifications.opt_outs_set(user=user, keys=opt_outs)
    audit_record(actor=user, action="account.updated", obj=user)
    return user


class MembershipError(Exception):
    """A membership change that would break the collaboration (shown to the user)."""


def _queue_invitation(membership: Membership, inviter: User) -> None:
    from .tasks import send_invitation  # the tasks module imports this one

    enqueue_on_commit(send_invitation, membership.pk, str(inviter))


def membership_resend_invitation(*, membership: Membership, actor: User) -> None:
    """Send the invitation again to a member who has not chosen a password."""
    if membership.user.has_usable_password():
        raise MembershipError(_("This person has already chosen a password."))
    audit_record(actor=actor, action="membership.reinvited", municipality=membership.municipality, obj=membership)
    _queue_invitation(membership, actor)


@transaction.atomic
def _free_username(email: str) -> str:
    """The address as username, or with a number added when someone who
    changed their address since still has it as username."""
    base = email.lower()[:140]
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def membership_invite(
    *,
    municipality: Municipality,
    email: str,
    first_name: str,
    last_name: str,
    organisation: Organisation,
    role: str,
    actor: User,
) -> Membership:
    """Add a person to `municipality`. A new person gets an account and an
    email with a one-time link to choose a password; a known one is added."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(username=_free_username(email), email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
    if Membership.objects.filter(user=user, municipality=municipality).exists():
        raise MembershipError(_("This person is already a member of the municipality."))
    organisation.municipalities.add(municipality)
    membership = Membership.objects.create(user=user, municipality=municipality, organisation=organisation, role=role)
    audit_record(actor=actor, action="membership.invited", municipality=municipality, obj=membership)
    if not user.has_usable_password():
        _queue_invitation(membership, actor)
    return membership


def _other_coordinators(membership: Membership):
    return Membership.objects.filter(municipality=membership.municipality, role=Role.COORDINATOR).exclude(
        pk=membership.pk
    )


@transaction.atomic
def membership_update(
    *, membership: Membership, organisation: Organisation, role: str, actor: User, is_tip_handler: bool | None = None
) -> Membership:
    demoting = membership.role == Role.COORDINATOR and role != Role.COORDINATOR
    if demoting and not _other_coordinators(membership).exists():
        raise MembershipError(_("The municipality must keep at least one coordinator."))
    membership.organisation = organisation
    membership.role = role
    if is_tip_handler is not None:
        membership.is_tip_handler = is_tip_handler
    membership.save(update_fields=["organisation", "role", "is_tip_handler"])
    detail = f"{role} tip_handler={'yes' if membership.is_tip_handler else 'no'}"
    audit_record(
        actor=actor, action="membership.updated", municipality=membership.municipality, obj=membership, detail=detail
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor: User) -> None:
    if membership.role == Role.COORDINATOR and not _other_coordinators(membership).exists():
        raise MembershipError(_("The municipality must keep at least one coordinator."))
    audit_record(
        actor=actor,
        action="membership.removed",
        municipality=membership.municipality,
        obj=membership,
        detail=f"user={membership.user_id}",
    )
    membership.delete()


@transaction.atomic
def partner_organisation_add(*, municipality: Municipality, name: str, kind: str, actor: User) -> Organisation:
    """Add a partner organisation to `municipality`. Names are unique across
    the portal: an organisation of that name that already works elsewhere
    (a police region, a county board) joins this municipality as it is."""
    organisation = Organisation.objects.filter(name__iexact=name).first()
    if organisation is None:
        organisation = Organisation(name=name, kind=kind)
        organisation.full_clean()
        organisation.save()
    organisation.municipalities.add(municipality)
    audit_record(actor=actor, action="organisation.partner_added", municipality=municipality, obj=organisation)
    return organisation


@transaction.atomic
def municipality_set_resident_languages(*, municipality: Municipality, actor: User, codes: list[str]) -> Municipality:
    """Choose the languages residents can pick on the municipality's pages
    (Swedish, the default language, is always among them)."""
    from .models import offered_languages

    previous = municipality.offered_languages()
    municipality.resident_languages = offered_languages(codes)
    municipality.save(update_fields=["resident_languages"])
    audit_record(
        actor=actor,
        action="municipality.resident_languages_changed",
        municipality=municipality,
        obj=municipality,
        detail=f"{','.join(previous)}->{','.join(municipality.resident_languages)}",
    )
    return municipality


@transaction.atomic
def delivery_resend(*, delivery: Delivery, municipality: Municipality, actor: User) -> bool:
    """Send a failed e-mail of any kind again (portal/delivery.py); audited.
    False when it is no longer failed (resent by someone else meanwhile)."""
    if not resend(type(delivery), [delivery.pk]):
        return False
    audit_record(actor=actor, action="delivery.resent", municipality=municipality, obj=delivery)
    return True


@transaction.atomic
def deliveries_resend_failed(*, municipality: Municipality, actor: User) -> int:
    """Send every failed e-mail of `municipality` again, of every kind; one
    audit event with the count per kind. Returns how many were resent."""
    counts = {}
    for label, model in delivery_kinds().items():
        failed = model.for_municipality(municipality).filter(status=DeliveryStatus.FAILED)
        resent = resend(model, failed.values_list("pk", flat=True))
        if resent:
            counts[label] = len(resent)
    if counts:
        detail = " ".join(f"{label}:{count}" for label, count in counts.items())
        audit_record(actor=actor, action="deliveries.resent", municipality=municipality, detail=detail)
    return sum(counts.values())
