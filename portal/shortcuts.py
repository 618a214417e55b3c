"""Small view helpers every app uses."""

from __future__ import annotations

from typing import TypeVar

from django.http import Http404

T = TypeVar("T")


def or_404(found: T | None) -> T:
    """What a `*_get` selector found, or a 404 when it found nothing.
    Selectors return None; turning that into an HTTP answer is the view's job."""
    if found is None:
        raise Http404
    return found
