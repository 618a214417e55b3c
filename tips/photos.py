"""Photos from residents: decoded to prove they are images, then re-encoded
from their pixels alone, so no EXIF, GPS, comment or appended payload
survives. The header is checked before decoding, so a decompression bomb is
refused without being unpacked."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTOS = 4
MAX_PHOTO_BYTES = 10 * 1024 * 1024  # a phone's photo is 3-8 MB today
MAX_TOTAL_BYTES = MAX_PHOTOS * MAX_PHOTO_BYTES
MAX_PIXELS = 40_000_000
MAX_EDGE = 2000  # plenty to see what a photo shows; a few hundred kB stored
ACCEPTED_FORMATS = ["JPEG", "PNG", "WEBP", "GIF"]


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".0", "")


def photos_to_leave_out(sizes: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The photos (name, bytes) to leave out so that the rest may be sent:
    each within MAX_PHOTO_BYTES, at most MAX_PHOTOS, in the order chosen."""
    kept, total, leave_out = 0, 0, []
    for name, size in sizes:
        if size > MAX_PHOTO_BYTES or kept == MAX_PHOTOS or total + size > MAX_TOTAL_BYTES:
            leave_out.append((name, size))
        else:
            kept, total = kept + 1, total + size
    return leave_out


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes
    width: int
    height: int


def _looks_like_svg(upload: UploadedFile) -> bool:
    upload.seek(0)
    head = upload.read(512).lstrip().lower()
    upload.seek(0)
    name = (upload.name or "").lower()
    return name.endswith((".svg", ".svgz")) or head.startswith((b"<?xml", b"<svg", b"<!doctype svg"))


def clean_photo(upload: UploadedFile) -> CleanPhoto:
    """Decode and re-encode one upload as a JPEG of at most MAX_EDGE pixels."""
    if _looks_like_svg(upload):
        raise ValidationError(_("SVG images are not accepted. Send a photo (JPEG, PNG, WebP or GIF)."))
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=ACCEPTED_FORMATS)
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("The image is too large. Send a photo of at most 40 megapixels."))
            image.draft("RGB", (MAX_EDGE, MAX_EDGE))  # JPEG: decode at reduced size
            image.load()
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_EDGE, MAX_EDGE))
            rgb = image.convert("RGB")
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(_("The image is too large. Send a photo of at most 40 megapixels.")) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Warning) as error:
        raise ValidationError(
            _("“%(name)s” is not an image we can read. Send a photo (JPEG, PNG, WebP or GIF).")
            % {"name": (upload.name or "")[:80]}
        ) from error
    # A fresh image from the raw pixels carries no metadata at all.
    pixels = Image.frombytes("RGB", rgb.size, rgb.tobytes())
    out = io.BytesIO()
    pixels.save(out, format="JPEG", quality=85, optimize=True)
    return CleanPhoto(content=out.getvalue(), width=pixels.width, height=pixels.height)
