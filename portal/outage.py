"""A database outage answered calmly, wherever in the stack it is noticed.

Django turns an exception raised inside a middleware (the session, the
two-factor check) into a response at that middleware's own layer, so no
outer middleware ever sees it: `process_exception` covers views only. The
project's handler500 therefore asks `response_for` too, which recognises
the database's errors and answers 503 like ServiceUnavailableMiddleware.

The page is rendered without the request's context processors (they would
ask the database for the user), and is marked logged so Django writes no
traceback per request; `noticed` logs one line when an outage starts and
one when a request succeeds again, per process.

A view can keep what a visitor posted: `keep_posted_text(view, fields)`
names the text fields the 503 page gives back in a form (the tip form does).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve

logger = logging.getLogger("portal.outage")

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER = "30"

_lock = threading.Lock()
_state = {"since": 0.0, "answered": 0}


def is_database_error(error: BaseException | None) -> bool:
    return isinstance(error, DATABASE_ERRORS)


def noticed(error: BaseException) -> None:
    """Count a request answered 503; log only the first of an outage."""
    with _lock:
        starting = not _state["since"]
        if starting:
            _state["since"] = time.monotonic()
        _state["answered"] += 1
    if starting:
        logger.warning("database unavailable (%s): answering 503 until it is back", type(error).__name__)


def recovered() -> None:
    """A request went through: close the outage episode, if one was open."""
    if not _state["since"]:
        return
    with _lock:
        since, answered = _state["since"], _state["answered"]
        _state.update(since=0.0, answered=0)
    if since:
        logger.warning("database back after %.0f s; %d requests were answered 503", time.monotonic() - since, answered)


def keep_posted_text(view: Callable, fields: Callable[[], list[tuple[str, str, bool]]]) -> None:
    """Let the 503 page give back what was posted to `view`: `fields()` lists
    (name, label, is_long_text) of the fields shown again; every other posted
    field except files is carried in a hidden input."""
    view.outage_fields = fields


def _kept_fields(request: HttpRequest) -> tuple[list[dict], list[tuple[str, str]]] | None:
    if request.method != "POST":
        return None
    try:
        fields = getattr(resolve(request.path_info).func, "outage_fields", None)
    except Resolver404:
        return None
    if fields is None:
        return None
    try:
        posted = request.POST
    except Exception:  # a body that cannot be parsed keeps nothing
        return None
    shown, names = [], set()
    for name, label, long_text in fields():
        names.add(name)
        shown.append({"name": name, "label": label, "long": long_text, "value": posted.get(name, "")})
    hidden = [
        (name, value)
        for name, values in posted.lists()
        if name not in names and name != "csrfmiddlewaretoken"
        for value in values
    ]
    return shown, hidden


def response_for(request: HttpRequest, error: BaseException) -> HttpResponse:
    noticed(error)
    context = {}
    kept = _kept_fields(request)
    if kept is not None:
        context = {
            "kept": kept[0],
            "hidden": kept[1],
            "action": request.get_full_path(),
            "photos_dropped": bool(request.FILES),
            "csrf_token": get_token(request),
        }
    response = HttpResponse(render_to_string("503.html", context), status=503)
    response["Retry-After"] = RETRY_AFTER
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # this module logged the outage once
    return response
