"""Response headers of the tip pages.

Officials' tip pages are never cached. Residents' tip pages are never cached
and send `Referrer-Policy: no-referrer`; their forms are therefore checked
by `portal.csrf.csrf_protect_null_origin` (see there why).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.files.uploadhandler import FileUploadHandler
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


class MeasuringUploadHandler(FileUploadHandler):
    """Reads past every file of a request, keeping only its name and size."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.sizes: list[tuple[str, int]] = []

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.sizes.append((self.file_name or "", 0))

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        name, size = self.sizes[-1]
        self.sizes[-1] = (name, size + len(raw_data))

    def file_complete(self, file_size: int) -> None:
        return None


def resident_page(view: Callable, *, max_upload: int) -> Callable:
    """A resident's page: not cached, no Referer anywhere, CSRF-checked.
    Files of a request larger than `max_upload` are read past, never stored:
    only their names and sizes are kept, in `request.skipped_uploads`, so the
    view can give the text back and say which photos to leave out."""
    protected = csrf_protect_null_origin(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if int(request.META.get("CONTENT_LENGTH") or 0) > max_upload:
            measuring = MeasuringUploadHandler(request)
            request.upload_handlers = [measuring]
            request.skipped_uploads = measuring.sizes
        response = protected(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response

    wrapper.csrf_exempt = True  # checked by csrf_protect_null_origin above
    return wrapper
