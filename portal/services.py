"""Writes of the core. Views, forms and admin call these; nobody else saves."""

from __future__ import annotations

from django.db import models, transaction

from .models import AuditEvent, Municipality, Place, User


def audit_record(
    *,
    actor: User | None,
    action: str,
    municipality: Municipality | None = None,
    obj: models.Model | None = None,
    detail: str = "",
) -> AuditEvent:
    """Record that `actor` did `action` (e.g. "tip.viewed") to `obj`.

    `detail` is for identifiers and field names only: never free text a
    resident or official typed, because the audit log outlives retention.
    """
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        municipality=municipality,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
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
    """Save the account page. A changed email address is no longer verified."""
    previous_email = User.objects.values_list("email", flat=True).get(pk=user.pk)
    for field_name, value in data.items():
        setattr(user, field_name, value)
    if (user.email or "").lower() != (previous_email or "").lower():
        user.email_verified = False
    user.save()
    audit_record(actor=user, action="account.updated", obj=user)
    return user
