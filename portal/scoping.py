"""Resolve the municipality of an internal request, once, from the URL.

Every internal view is wrapped in `municipality_view`: it requires a login,
looks up the user's membership in the municipality named by the URL's
`municipality_slug`, and sets `request.municipality` and `request.membership`.
No membership answers 404, exactly as a municipality that does not exist,
so nobody learns which tenants are there. A member whose role is too low for
the view answers 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from .models import Membership, Role


def membership_for(user, municipality_slug: str) -> Membership:
    """The user's membership in the municipality with this slug, or 404."""
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("municipality", "organisation")
        .filter(user=user, municipality__slug=municipality_slug)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def municipality_view(minimum_role: str = Role.READER) -> Callable:
    """Decorate a view taking `municipality_slug`; see the module docstring."""

    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, municipality_slug: str, *args, **kwargs):
            membership = membership_for(request.user, municipality_slug)
            if not membership.has_role(minimum_role):
                raise PermissionDenied
            request.membership = membership
            request.municipality = membership.municipality
            return view(request, *args, **kwargs)

        wrapper.minimum_role = minimum_role
        return wrapper

    return decorator


def require_role(request: HttpRequest, minimum_role: str) -> None:
    """Raise 403 inside a view when the member's role is below `minimum_role`
    (for views whose GET is open to readers but whose POST is not)."""
    if not request.membership.has_role(minimum_role):
        raise PermissionDenied
