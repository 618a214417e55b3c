"""The residents' blank tip form and tip receipt, kept rendered for a minute.

Rendering the form costs tens of milliseconds: every select option and every
crispy field is a template of its own, and a municipality offers its places
as options. The blank page is the same for every resident but for two
values, the CSRF token and the signed one-time form token, so each process
keeps the page per municipality and language and fills in those two per
request: no template, no database query, no cache round trip. A place a
coordinator adds is offered within the minute.

The municipality a tip is posted to is kept as long, by slug, so a tip
POST spends no query on it; a renamed municipality shows its new name
within the minute, as on the kept pages.

The receipt page that answers a tip POST is kept the same way: it differs
between residents only in the CSRF token (of the language switch) and the
receipt code, so it is rendered once per municipality and language with a
placeholder for the code.

Officials, requests with a query string and requests with messages waiting
get a page rendered for them.
"""

from __future__ import annotations

import copy
import re
import threading
import time
from collections import OrderedDict

from django.contrib.messages import get_messages
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.html import escape
from django.utils.translation import get_language

from portal.models import Municipality

from . import antiabuse

SECONDS = 60
MAX_PAGES = 128  # a few MB per process at most
CSRF_SLOT = "@@csrf-token@@"
FORM_TOKEN_SLOT = "@@form-token@@"  # noqa: S105 - a placeholder, not a secret
RECEIPT_CODE_SLOT = "@@receipt-code@@"
FORM = "form"
RECEIPT = "receipt"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

_pages: OrderedDict[tuple[str, str, str], tuple[float, int, str]] = OrderedDict()
_municipalities: OrderedDict[str, tuple[float, Municipality]] = OrderedDict()
_lock = threading.Lock()


def municipality(slug: str) -> Municipality:
    """The municipality of this slug (a copy of the kept one: a request may
    cache related rows on it), or Http404."""
    with _lock:
        kept = _municipalities.get(slug)
    if kept is None or kept[0] < time.time():
        found = Municipality.objects.filter(slug=slug).first()
        if found is None:
            raise Http404("No such municipality")
        kept = (time.time() + SECONDS, found)
        with _lock:
            _municipalities[slug] = kept
            _municipalities.move_to_end(slug)
            while len(_municipalities) > MAX_PAGES:
                _municipalities.popitem(last=False)
    return copy.copy(kept[1])


def is_personal(request: HttpRequest) -> bool:
    return bool(request.user.is_authenticated or request.GET or len(get_messages(request)))


def _fill(request: HttpRequest, municipality_id: int, page: str) -> HttpResponse:
    token = antiabuse.issue_token(municipality_id)
    return HttpResponse(page.replace(CSRF_SLOT, get_token(request)).replace(FORM_TOKEN_SLOT, token))


def _kept(kind: str, slug: str) -> tuple[int, str] | None:
    with _lock:
        kept = _pages.get((kind, slug, get_language()))
    if kept is None or kept[0] < time.time():
        return None
    return kept[1], kept[2]


def _keep(kind: str, slug: str, municipality_id: int, page: str) -> None:
    key = (kind, slug, get_language())
    with _lock:
        _pages[key] = (time.time() + SECONDS, municipality_id, page)
        _pages.move_to_end(key)
        while len(_pages) > MAX_PAGES:
            _pages.popitem(last=False)


def _without_csrf_token(html: str) -> str:
    csrf_token = CSRF_INPUT.search(html).group(1)  # one masked token serves the whole page
    return html.replace(csrf_token, CSRF_SLOT)


def serve(request: HttpRequest, slug: str) -> HttpResponse | None:
    """The kept page of this municipality, with this request's tokens; None
    when there is none (or the request needs its own)."""
    kept = _kept(FORM, slug)
    if kept is None or is_personal(request):
        return None
    return _fill(request, *kept)


def keep(request: HttpRequest, slug: str, municipality_id: int, html: str, form_token: str) -> HttpResponse:
    """Keep a freshly rendered blank page and answer with its tokens renewed."""
    page = _without_csrf_token(html).replace(form_token, FORM_TOKEN_SLOT)
    _keep(FORM, slug, municipality_id, page)
    return _fill(request, municipality_id, page)


def receipt(request: HttpRequest, slug: str, municipality_id: int, code: str, render) -> HttpResponse:
    """The receipt page with this `code`: the kept page of the municipality
    and language, or `render(code)` (kept when not personal)."""
    if is_personal(request):
        return render(code)
    kept = _kept(RECEIPT, slug)
    if kept is None:
        kept = (municipality_id, _without_csrf_token(render(RECEIPT_CODE_SLOT).content.decode()))
        _keep(RECEIPT, slug, *kept)
    page = kept[1].replace(CSRF_SLOT, get_token(request)).replace(RECEIPT_CODE_SLOT, escape(code))
    return HttpResponse(page)


def forget() -> None:
    """Drop every kept page and municipality (the test suite does, between tests)."""
    with _lock:
        _pages.clear()
        _municipalities.clear()
