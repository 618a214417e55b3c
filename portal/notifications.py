"""The registry of the kinds of e-mail a person gets from the portal and may
opt out of (ephios' notification types). One class per kind, registered
with `@register`; the account page lists every registered kind, and an
opt-out is one `NotificationOptOut` row (user × kind key), so a new kind
needs no column, form field or migration of its own."""

from __future__ import annotations

from django.db.models import QuerySet


class NotificationKind:
    """Subclass with a stable `key` (stored in opt-out rows: never change it)
    and the `opt_out_label` of its checkbox on the account page ("no …")."""

    key: str = ""
    opt_out_label: str = ""
    # False for kinds sent to people without an account (residents opt in
    # per tip): the account page offers no checkbox for them.
    account_page: bool = True


_registry: dict[str, NotificationKind] = {}


def register(kind: type[NotificationKind]) -> type[NotificationKind]:
    if not kind.key:
        raise ValueError(f"{kind.__name__} has no key")
    _registry[kind.key] = kind()
    return kind


def unregister(key: str) -> None:
    _registry.pop(key, None)


def registered(*, account_page: bool | None = None) -> list[NotificationKind]:
    kinds = list(_registry.values())
    if account_page is not None:
        kinds = [kind for kind in kinds if kind.account_page == account_page]
    return kinds


def kind_for(key: str) -> NotificationKind | None:
    return _registry.get(key)


def opted_out(users: QuerySet, key: str) -> QuerySet:
    """`users` minus those who opted out of kind `key`."""
    return users.exclude(notification_opt_outs__kind=key)


def opt_outs_of(user) -> set[str]:
    return set(user.notification_opt_outs.values_list("kind", flat=True))


def opt_outs_set(*, user, keys: set[str]) -> None:
    """Make `keys` the kinds `user` has opted out of (registered kinds only)."""
    from .models import NotificationOptOut

    known = {kind.key for kind in registered(account_page=True)}
    user.notification_opt_outs.filter(kind__in=known - keys).delete()
    existing = opt_outs_of(user)
    NotificationOptOut.objects.bulk_create(
        [NotificationOptOut(user=user, kind=key) for key in sorted((keys & known) - existing)]
    )
