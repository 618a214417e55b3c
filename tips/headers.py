"""Response headers of the tip pages.

Officials' tip pages are never cached. Residents' tip pages are never cached
and send `Referrer-Policy: no-referrer`. Under that policy browsers post
forms with `Origin: null` and no Referer (Fetch standard), which Django's
CSRF middleware refuses; so the residents' views run Django's own CSRF check
with one change: the null origin counts as ours. The CSRF token and its
SameSite cookie are still required, so a foreign page cannot post.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import decorator_from_middleware


def private_page(view: Callable) -> Callable:
    """Never cache: tip pages hold what residents told us."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response

    return wrapper


class _NullOriginCsrfMiddleware(CsrfViewMiddleware):
    def _origin_verified(self, request: HttpRequest) -> bool:
        return request.META.get("HTTP_ORIGIN") == "null" or super()._origin_verified(request)


_csrf_protect_null_origin = decorator_from_middleware(_NullOriginCsrfMiddleware)


def resident_page(view: Callable, *, max_upload: int) -> Callable:
    """A resident's page: not cached, no Referer anywhere, CSRF-checked.
    Files of a request larger than `max_upload` are read past, never stored;
    the view answers such a request without looking at them."""
    protected = _csrf_protect_null_origin(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if int(request.META.get("CONTENT_LENGTH") or 0) > max_upload:
            request.upload_handlers = []
        response = protected(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response

    # The global middleware leaves this view to the check above, which
    # differs from it only in accepting the null origin.
    wrapper.csrf_exempt = True
    return wrapper
