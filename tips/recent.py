"""The resident's last receipt and follow-up, kept for a quarter of an hour
in a signed cookie of their own browser, so the page can be shown again
(after a language switch, a reload or Back) without the server keeping the
receipt code anywhere. The cookie is limited to the page's own path."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

SECONDS = 15 * 60
RECEIPT = "tips_receipt"
FOLLOW_UP = "tips_follow_up"


def remember(response: HttpResponse, name: str, value: str, *, path: str) -> None:
    response.set_signed_cookie(
        name,
        value,
        salt=name,
        max_age=SECONDS,
        path=path,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def recall(request: HttpRequest, name: str) -> str | None:
    try:
        return request.get_signed_cookie(name, salt=name, max_age=SECONDS)
    except (KeyError, signing.BadSignature):
        return None
