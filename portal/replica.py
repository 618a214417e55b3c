"""An optional read replica for the read-only pages that can bear a little lag.

With `DATABASE_REPLICA_URL` set, settings add the `replica` database, this
router and this middleware. A GET or HEAD of a page named in
`REPLICA_READ_VIEWS` (URL names; the aggregate pages: dashboards, place
pages, lists and exports) reads from the replica while its view runs and its page renders (a
streamed export's rows, read after, come from the primary);
everything else, every write, every read inside a transaction, and the
session and user lookups made by middleware before the view, use the
primary. A page that shows what its reader just wrote (a form's redirect
target) must not be listed: the replica may be a moment behind.

Without the setting nothing here is installed and every query goes to
`default`, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
# Who may see what is always read from the primary, even on a listed page: a
# removed member loses access at once, not after the replica catches up.
PRIMARY_ONLY_APPS = frozenset({"auth", "sessions", "axes", "otp_totp", "otp_static", "django_otp"})
PRIMARY_ONLY_MODELS = frozenset({"portal.user", "portal.membership", "portal.municipality"})
_reading_replica: ContextVar[bool] = ContextVar("reading_replica", default=False)


def replica_enabled() -> bool:
    return bool(getattr(settings, "DATABASE_REPLICA_URL", "")) and REPLICA in connections.settings


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside this block may go to the replica (when there is one)."""
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


class ReplicaRouter:
    """Reads to the replica only inside `replica_reads()`, outside a
    transaction on the primary and not of accounts, memberships or sessions;
    writes and migrations to the primary."""

    def db_for_read(self, model, **hints) -> str | None:
        if not _reading_replica.get() or not replica_enabled() or connections["default"].in_atomic_block:
            return None
        if model._meta.app_label in PRIMARY_ONLY_APPS or model._meta.label_lower in PRIMARY_ONLY_MODELS:
            return None
        return REPLICA

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db != REPLICA  # the replica follows the primary's schema by replication


class ReplicaReadsMiddleware:
    """Runs the views named in REPLICA_READ_VIEWS inside `replica_reads()`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.views = frozenset(getattr(settings, "REPLICA_READ_VIEWS", ()))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        finally:
            token = getattr(request, "_replica_token", None)
            if token is not None:
                _reading_replica.reset(token)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        match = request.resolver_match
        if request.method in ("GET", "HEAD") and match is not None and match.view_name in self.views:
            request._replica_token = _reading_replica.set(True)
