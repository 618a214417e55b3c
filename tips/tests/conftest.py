from __future__ import annotations

import io
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tips import antiabuse


@pytest.fixture
def contributor_a(contributor_a):
    """In the tips tests the police contributor is a tip handler, as a
    coordinator would name the local police; test_access.py covers the
    contributors who are not."""
    contributor_a.memberships.update(is_tip_handler=True)
    return contributor_a


@pytest.fixture(autouse=True)
def _tips_settings(settings, tmp_path):
    settings.TIP_PHOTO_ROOT = tmp_path / "tip-photos"
    settings.TIPS_MIN_FILL_SECONDS = 0
    settings.SITE_URL = "https://trygghet.example.org"
    cache.clear()
    yield
    cache.clear()


def jpeg_bytes(size=(64, 48), exif: bytes | None = None, color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    if exif is not None:
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


def upload(content: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


RECEIPT_CODE = re.compile(r'id="receipt-code" data-receipt-code dir="ltr">([^<]+)</p>')


def receipt_code(response) -> str:
    """The receipt code a receipt page shows (the kept page has no context)."""
    return RECEIPT_CODE.search(response.content.decode()).group(1)


def tip_data(municipality, **overrides) -> dict:
    data = {
        "description": "Ungdomar säljer narkotika bakom centrum varje kväll.",
        "where_text": "Bakom centrum",
        "when_text": "Varje kväll kl. 21",
        "knowledge": "own",
        "identity": "anonymous",
        "form_token": antiabuse.issue_token(municipality.pk),
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def post_tip(client):
    """Post the public tip form the way a browser does."""

    def post(municipality, **overrides):
        return client.post(f"/kommun/{municipality.slug}/tipsa/", tip_data(municipality, **overrides))

    return post
