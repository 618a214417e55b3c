"""Reads of the core; each takes its scope explicitly."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db.models import CharField, Q, QuerySet, Value
from django.utils import timezone

from .delivery import LONG_PENDING, Delivery, DeliveryStatus
from .delivery import kinds as delivery_kinds
from .models import Membership, Municipality, Organisation, Place, User


def municipality_list_public() -> QuerySet[Municipality]:
    return Municipality.objects.order_by("name")


def membership_list_for_user(*, user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("municipality", "organisation")
        .order_by("municipality__name")
    )


def organisation_list_for_municipality(*, municipality: Municipality) -> QuerySet[Organisation]:
    return municipality.organisations.order_by("kind", "name")


def member_list_for_municipality(*, municipality: Municipality) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(municipality=municipality)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name", "user__username")
    )


def place_list_for_municipality(*, municipality: Municipality, active_only: bool = False) -> QuerySet[Place]:
    places = Place.objects.for_municipality(municipality)
    return places.filter(is_active=True) if active_only else places


def delivery_list_needing_attention(*, municipality: Municipality, now: datetime | None = None) -> QuerySet | None:
    """(kind label, pk, created) of `municipality`'s failed e-mails of every
    kind and those waiting longer than LONG_PENDING, newest first: one query
    over every kind (a UNION), so a page costs the same whatever the kinds.
    None when there is no kind of delivery at all."""
    now = now or timezone.now()
    waiting = Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING], created__lt=now - LONG_PENDING)
    parts = [
        model.for_municipality(municipality)
        .filter(Q(status=DeliveryStatus.FAILED) | waiting)
        .annotate(delivery_kind=Value(label, output_field=CharField()))
        .values_list("delivery_kind", "pk", "created")
        .order_by()
        for label, model in delivery_kinds().items()
    ]
    if not parts:
        return None
    return parts[0].union(*parts[1:], all=True).order_by("-created", "-pk")


def delivery_rows(*, entries: Sequence[tuple[str, int, datetime]]) -> list[Delivery]:
    """The deliveries of a page of `delivery_list_needing_attention`, in its
    order: one query per kind on the page."""
    kinds = delivery_kinds()
    pks_by_kind: dict[str, list[int]] = {}
    for label, pk, _created in entries:
        pks_by_kind.setdefault(label, []).append(pk)
    loaded = {}
    for label, pks in pks_by_kind.items():
        for row in kinds[label].delivery_queryset().filter(pk__in=pks):
            loaded[(label, row.pk)] = row
    return [loaded[(label, pk)] for label, pk, _created in entries if (label, pk) in loaded]
