"""A cache miss on demand: a request with `X-Bench-Miss: 1` finds nothing
kept in its process (pages, fragments, the blank tip form) nor the week
page's rows kept in the shared cache, as the first request after a change does. Installed by bench.settings only."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from portal import pagecache
from situation_reports import week_page
from tips import blank_form


class MissMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.headers.get("X-Bench-Miss") == "1":
            pagecache.forget()
            blank_form.forget()
            pagecache.bump(week_page.ORGANISATIONS)  # a token of the week rows' key (week_page.py)
        return self.get_response(request)
