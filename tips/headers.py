"""Response headers of the tip pages.

Officials' tip pages are never cached. Residents' tip pages are never cached
and send `Referrer-Policy: no-referrer`; their forms are therefore checked
by `portal.csrf.csrf_protect_null_origin` (see there why).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse

from portal.csrf import csrf_protect_null_origin


def private_page(view: Callable) -> Callable:
    """Never cache: tip pages hold what residents told us."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response

    return wrapper


def resident_page(view: Callable, *, max_upload: int) -> Callable:
    """A resident's page: not cached, no Referer anywhere, CSRF-checked.
    Files of a request larger than `max_upload` are read past, never stored;
    the view answers such a request without looking at them."""
    protected = csrf_protect_null_origin(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if int(request.META.get("CONTENT_LENGTH") or 0) > max_upload:
            request.upload_handlers = []
        response = protected(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response

    wrapper.csrf_exempt = True  # checked by csrf_protect_null_origin above
    return wrapper
