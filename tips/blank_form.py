"""The residents' blank tip form, kept rendered for a minute.

Rendering the form costs tens of milliseconds: every select option and every
crispy field is a template of its own, and a municipality offers its places
as options. The blank page is the same for every resident but for two
values, the CSRF token and the signed one-time form token, so each process
keeps the page per municipality and language and fills in those two per
request: no template, no database query, no cache round trip. A place a
coordinator adds is offered within the minute.

Officials, requests with a query string and requests with messages waiting
get a page rendered for them.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from . import antiabuse

SECONDS = 60
MAX_PAGES = 128  # a few MB per process at most
CSRF_SLOT = "@@csrf-token@@"
FORM_TOKEN_SLOT = "@@form-token@@"  # noqa: S105 - a placeholder, not a secret
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

_pages: OrderedDict[tuple[str, str], tuple[float, int, str]] = OrderedDict()
_lock = threading.Lock()


def is_personal(request: HttpRequest) -> bool:
    return bool(request.user.is_authenticated or request.GET or len(get_messages(request)))


def _fill(request: HttpRequest, municipality_id: int, page: str) -> HttpResponse:
    token = antiabuse.issue_token(municipality_id)
    return HttpResponse(page.replace(CSRF_SLOT, get_token(request)).replace(FORM_TOKEN_SLOT, token))


def serve(request: HttpRequest, slug: str) -> HttpResponse | None:
    """The kept page of this municipality, with this request's tokens; None
    when there is none (or the request needs its own)."""
    with _lock:
        kept = _pages.get((slug, get_language()))
    if kept is None or kept[0] < time.time() or is_personal(request):
        return None
    return _fill(request, kept[1], kept[2])


def keep(request: HttpRequest, slug: str, municipality_id: int, html: str, form_token: str) -> HttpResponse:
    """Keep a freshly rendered blank page and answer with its tokens renewed."""
    csrf_token = CSRF_INPUT.search(html).group(1)  # one masked token serves the whole page
    page = html.replace(csrf_token, CSRF_SLOT).replace(form_token, FORM_TOKEN_SLOT)
    with _lock:
        _pages[(slug, get_language())] = (time.time() + SECONDS, municipality_id, page)
        _pages.move_to_end((slug, get_language()))
        while len(_pages) > MAX_PAGES:
            _pages.popitem(last=False)
    return _fill(request, municipality_id, page)


def forget() -> None:
    """Drop every kept page (the test suite does, between tests)."""
    with _lock:
        _pages.clear()
