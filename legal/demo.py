# ruff: noqa: E501 - the texts are prose, one paragraph a line
"""Demo legal pages: each demo municipality publishes its three pages, with
made-up contact details on the reserved .example domain."""

from __future__ import annotations

from django.urls import reverse

from portal.models import Municipality

from .defaults import default_body
from .models import Identity, Kind, LegalPage

CONTACT = """\
Trygghetsportalen i {name} drivs av {name} tillsammans med Polisen och kommunens samverkansparter.

## Kontakta kommunen
- Kommunens växel: 0{code}-100 00 (fiktivt demonummer)
- E-post: trygghet@{slug}.example
- Postadress: Kommunstyrelsen, {name}, Box 1, 100 00 {name}

## Dataskyddsombud
- E-post: dataskyddsombud@{slug}.example

## Tips och frågor om ett tips
Skicka tips via tipsformuläret. Har du redan skickat ett tips följer du upp det med din kvittokod; vi kan inte se vem du är.

## Brådskande
Vid nödläge, ring 112. För att anmäla ett brott till Polisen, ring 114 14 eller gå till https://polisen.se.
"""


def _body(municipality: Municipality, kind: str) -> str:
    if kind == Kind.CONTACT:
        return CONTACT.format(name=municipality.name, slug=municipality.slug, code=municipality.kommunkod[:2])
    contact_url = reverse("legal:contact", kwargs={"slug": municipality.slug})
    body = default_body(municipality, kind, contact_url=contact_url)
    return body.replace(
        "Skriv till dataskyddsombudet via kommunens växel och märk brevet ”Dataskyddsombud”.",
        f"Skriv till dataskyddsombud@{municipality.slug}.example.",
    )


def load(municipalities: dict[str, Municipality]) -> None:
    for municipality in municipalities.values():
        for kind in Kind.values:
            LegalPage.objects.update_or_create(
                municipality=municipality, kind=kind, version=1, defaults={"body": _body(municipality, kind)}
            )
    load_identities(municipalities)


# Each demo municipality's own accent (all >= 4.5:1 against white).
ACCENTS = {"arboga": "#8a1c1c", "borlange": "#005a8c", "botkyrka": "#6a1b6e", "lerum": "#1e5c2e", "varmdo": "#0b4f6c"}


def _logo(name: str, accent: str) -> bytes:
    import io

    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.load_default(34)
    label = f"{name} kommun"
    width = 110 + int(ImageDraw.Draw(Image.new("RGBA", (1, 1))).textlength(label, font=font))
    image = Image.new("RGBA", (width, 96), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([0, 8, 80, 88], radius=16, fill=accent)
    draw.text((40, 48), name[:1], fill="white", anchor="mm", font=ImageFont.load_default(56))
    draw.text((96, 48), label, fill=accent, anchor="lm", font=font)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def load_identities(municipalities: dict[str, Municipality]) -> None:
    for slug, municipality in municipalities.items():
        accent = ACCENTS.get(slug, "#0b5cad")
        Identity.objects.update_or_create(
            municipality=municipality, defaults={"accent": accent, "logo": _logo(municipality.name, accent)}
        )
