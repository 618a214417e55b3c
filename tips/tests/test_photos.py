"""Photos: verified by decoding, re-encoded from pixels, bombs refused fast."""

import io
import os
import struct
import time
import zlib

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from tips.models import Tip, TipPhoto
from tips.photos import clean_photo
from tips.tests.conftest import jpeg_bytes, tip_data, upload

pytestmark = pytest.mark.django_db


def gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretPhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (59.0, 23.0, 10.0), 3: "E", 4: (18.0, 4.0, 5.0)}  # GPS IFD
    return exif.tobytes()


def test_a_jpeg_with_gps_exif_comes_out_without_it():
    original = jpeg_bytes(exif=gps_exif())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the fixture really has GPS
    cleaned = Image.open(io.BytesIO(clean_photo(upload(original)).content))
    assert not cleaned.getexif()
    assert "exif" not in cleaned.info
    assert b"SecretPhoneMaker" not in clean_photo(upload(original)).content


def test_html_appended_to_an_image_does_not_survive():
    payload = b"<script>alert('x')</script><html>"
    content = clean_photo(upload(jpeg_bytes() + payload)).content
    assert payload not in content and b"<script" not in content


def test_a_non_image_with_an_image_name_is_rejected():
    with pytest.raises(ValidationError, match="inte en bild som vi kan läsa"):
        clean_photo(upload(b"MZ\x90\x00 this is an executable", name="semester.jpg"))


def test_svg_is_refused():
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with pytest.raises(ValidationError, match="SVG"):
        clean_photo(upload(svg, name="bild.png", content_type="image/png"))


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that claims huge dimensions: a decompression bomb's header."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def test_a_pixel_flood_is_refused_before_decoding():
    started = time.monotonic()
    with pytest.raises(ValidationError, match="för stor"):
        clean_photo(upload(png_header_only(60000, 60000), name="bomb.png", content_type="image/png"))
    assert time.monotonic() - started < 1


def test_large_photos_are_scaled_down_and_orientation_applied():
    cleaned = clean_photo(upload(jpeg_bytes(size=(4000, 1000))))
    assert (cleaned.width, cleaned.height) == (2000, 500)


def test_photos_are_stored_under_random_names_outside_the_public_paths(settings, client, municipality_a):
    data = tip_data(municipality_a)
    data["photos"] = [upload(jpeg_bytes(), name="../../etc/<script>passwd.jpg")]
    response = client.post(f"/kommun/{municipality_a.slug}/tipsa/", data)
    assert response.status_code == 200
    photo = TipPhoto.objects.get()
    assert "passwd" not in photo.image.name and "script" not in photo.image.name
    assert photo.image.name.endswith(".jpg")
    assert photo.image.path.startswith(str(settings.TIP_PHOTO_ROOT))
    assert not str(settings.TIP_PHOTO_ROOT).startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        photo.image.url  # noqa: B018 - no public URL exists


def test_at_most_four_photos(client, municipality_a):
    data = tip_data(municipality_a)
    data["photos"] = [upload(jpeg_bytes(), name=f"{n}.jpg") for n in range(5)]
    response = client.post(f"/kommun/{municipality_a.slug}/tipsa/", data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Du kan bifoga högst 4 bilder." in content
    assert "välja dina bilder igen" in content
    assert not Tip.objects.exists()


def test_a_photo_over_ten_megabytes_is_named_in_the_refusal(client, municipality_a):
    data = tip_data(municipality_a)
    data["photos"] = [upload(jpeg_bytes(), name="liten.jpg"), upload(_sized_jpeg(11 * MB), name="IMG_2041.jpg")]
    response = client.post(f"/kommun/{municipality_a.slug}/tipsa/", data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Ett foto får vara högst 10 MB. Lämna bort: IMG_2041.jpg (11 MB)." in content
    assert data["description"] in content


MB = 1024 * 1024


def _sized_jpeg(size: int, edge: tuple[int, int] = (4000, 3000)) -> bytes:
    """A real camera-sized JPEG, padded to `size` bytes (as a phone's large
    photo is: decoders stop at the end-of-image marker)."""
    content = jpeg_bytes(size=edge, color=(40, 120, 200))
    assert len(content) <= size
    return content + b"\x00" * (size - len(content))


def test_four_photos_of_ten_megabytes_each_are_accepted(client, municipality_a):
    data = tip_data(municipality_a)
    data["photos"] = [upload(_sized_jpeg(10 * MB), name=f"IMG_{n}.jpg") for n in range(4)]
    started = time.monotonic()
    response = client.post(f"/kommun/{municipality_a.slug}/tipsa/", data)
    elapsed = time.monotonic() - started
    assert response.status_code in (200, 302), response.content.decode()[:2000]
    tip = Tip.objects.get()
    stored = list(TipPhoto.objects.filter(tip=tip))
    assert len(stored) == 4
    for photo in stored:
        assert max(photo.width, photo.height) == 2000  # downscaled from 4000 x 3000
        assert photo.size < 2 * MB
        assert os.stat(photo.image.path).st_mode & 0o777 == 0o600
    assert elapsed < 20


def test_a_sixty_megabyte_request_gives_the_form_back_with_the_text(client, municipality_a):
    data = tip_data(municipality_a, description="Krossade rutor vid skolan, tredje gången.", when_text="I natt")
    data["photos"] = [upload(_sized_jpeg(size, edge=(64, 48)), name=name) for name, size in (
        ("IMG_1.jpg", 8 * MB), ("IMG_2.jpg", 15 * MB), ("IMG_3.jpg", 9 * MB), ("IMG_4.jpg", 10 * MB),
        ("IMG_5.jpg", 9 * MB), ("IMG_6.jpg", 9 * MB),
    )]  # fmt: skip
    response = client.post(f"/kommun/{municipality_a.slug}/tipsa/", data)
    assert response.status_code == 413
    content = response.content.decode()
    assert "Din text finns kvar nedan" in content
    assert "lämna bort: IMG_2.jpg (15 MB), IMG_6.jpg (9 MB)." in content, content[content.index("Din text") :][:300]
    assert "Krossade rutor vid skolan, tredje gången.</textarea>" in content
    assert 'value="I natt"' in content
    assert not Tip.objects.exists()


def test_a_hostile_file_name_in_the_error_is_escaped(client, municipality_a):
    data = tip_data(municipality_a)
    data["photos"] = [upload(b"not an image", name="<img src=x onerror=alert(1)>.jpg")]
    content = client.post(f"/kommun/{municipality_a.slug}/tipsa/", data).content.decode()
    assert "<img src=x" not in content
    assert "&lt;img src=x" in content


def test_a_photo_in_a_valid_tip_is_stored_cleaned(client, municipality_a):
    data = tip_data(municipality_a)
    data["photos"] = [upload(jpeg_bytes(exif=gps_exif()))]
    client.post(f"/kommun/{municipality_a.slug}/tipsa/", data)
    photo = TipPhoto.objects.get()
    with photo.image.open("rb") as stored:
        assert b"SecretPhoneMaker" not in stored.read()
    assert (photo.width, photo.height) == (64, 48)
