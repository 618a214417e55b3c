"""A cache miss on demand: a request with `X-Bench-Miss: 1` finds nothing
kept in its process (pages, fragments, the blank tip form), as the first
request after a change does. Installed by bench.settings only."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from portal import pagecache
from tips import blank_form


class MissMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.headers.get("X-Bench-Miss") == "1":
            pagecache.forget()
            blank_form.forget()
        return self.get_response(request)
