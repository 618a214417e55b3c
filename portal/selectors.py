"""Reads of the core; each takes its scope explicitly."""

from __future__ import annotations

from django.db.models import QuerySet

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
