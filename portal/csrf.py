"""CSRF protection for pages served with `Referrer-Policy: no-referrer`.

Under that policy browsers post forms with `Origin: null` and no Referer
(Fetch standard), which Django's CSRF middleware refuses. Views posted from
such pages (the residents' tip pages, and the language switch in their
header) run Django's own CSRF check with one change: the null origin counts
as ours. The CSRF token and its SameSite cookie are still required, so a
foreign page cannot post.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import decorator_from_middleware


class NullOriginCsrfMiddleware(CsrfViewMiddleware):
    def _origin_verified(self, request: HttpRequest) -> bool:
        return request.META.get("HTTP_ORIGIN") == "null" or super()._origin_verified(request)


_check = decorator_from_middleware(NullOriginCsrfMiddleware)


def csrf_protect_null_origin(view: Callable) -> Callable:
    """Django's CSRF check, accepting `Origin: null` (see the module docstring)."""
    protected = _check(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        return protected(request, *args, **kwargs)

    # The global middleware leaves this view to the check above, which
    # differs from it only in accepting the null origin.
    wrapper.csrf_exempt = True
    return wrapper
