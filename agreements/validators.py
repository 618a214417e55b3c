"""Validation of uploaded agreement documents."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PDF_MAX_BYTES = 10 * 1024 * 1024


def pdf_max_bytes() -> int:
    return getattr(settings, "AGREEMENTS_PDF_MAX_BYTES", PDF_MAX_BYTES)


def validate_pdf(upload) -> None:
    """Accept only a real PDF under the size cap.

    The extension and the browser's content type are the uploader's word; the
    file itself must start with the PDF header and end with the end-of-file
    marker, which a renamed image, office file or script does not.
    """
    if getattr(upload, "_committed", False):
        return  # already stored and checked when it was uploaded
    size = upload.size or 0
    if size > pdf_max_bytes():
        raise ValidationError(
            _("The file is too large: at most %(max)s MB."),
            code="too_large",
            params={"max": pdf_max_bytes() // (1024 * 1024)},
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        head = upload.read(1024)
        upload.seek(max(size - 1024, 0))
        tail = upload.read(1024)
    finally:
        upload.seek(position)
    if not head.lstrip(b"\xef\xbb\xbf\r\n\t ").startswith(b"%PDF-") or b"%%EOF" not in tail:
        raise ValidationError(_("The file is not a PDF document."), code="not_pdf")
