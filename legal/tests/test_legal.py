"""The legal pages: shown per municipality, edited by its coordinators,
versioned, linked from every page and every form that collects personal data."""

import pytest
from django.urls import reverse

from legal.models import Kind, LegalPage
from portal.models import AuditEvent

pytestmark = pytest.mark.django_db

ART_13 = [
    "Personuppgiftsansvarig",
    "Kommunstyrelsen i Arboga-test",
    "Dataskyddsombud",
    "allmänt intresse",
    "myndighetsutövning",
    "Mottagare",
    "Polisen",
    "90 dagar",
    "Dina rättigheter",
    "Integritetsskyddsmyndigheten (IMY)",
]
DIGG = [
    "Hur tillgänglig är tjänsten?",
    "Innehåll som inte är tillgängligt",
    "Rapportera brister",
    "fem arbetsdagar",
    "Tillsyn",
    "Myndigheten för digital förvaltning (Digg)",
    "delvis förenlig",
]


def test_the_privacy_notice_names_every_item_of_gdpr_article_13(client, municipality_a):
    page = client.get(reverse("legal:privacy", args=[municipality_a.slug])).content.decode()
    for item in ART_13:
        assert item in page, item


def test_the_accessibility_statement_follows_diggs_structure(client, municipality_a):
    page = client.get(reverse("legal:accessibility", args=[municipality_a.slug])).content.decode()
    for item in DIGG:
        assert item in page, item


def test_a_coordinator_publishes_a_new_version_and_the_old_one_stays(coordinator_client, municipality_a):
    url = reverse("legal:contact-edit", args=[municipality_a.slug])
    assert "Kontakta kommunen" in coordinator_client.get(url).content.decode()
    for body in ("## Kontakt\nRing 0589-870 00.", "## Kontakt\nRing <b>0589-870 01</b>."):
        response = coordinator_client.post(url, {"body": body, "language": "sv"})
        assert response.status_code == 302
    versions = LegalPage.objects.filter(municipality=municipality_a, kind=Kind.CONTACT)
    assert [v.version for v in versions] == [2, 1]
    public = coordinator_client.get(reverse("legal:contact", args=[municipality_a.slug])).content.decode()
    assert "&lt;b&gt;0589-870 01&lt;/b&gt;" in public and "<h2>Kontakt</h2>" in public
    assert "Version 2, senast ändrad" in public
    assert "0589-870 00" in coordinator_client.get(url).content.decode()  # in the history
    assert AuditEvent.objects.filter(action="legal.published", municipality=municipality_a).count() == 2


def test_an_empty_text_is_refused_with_an_error_summary_and_a_title_starting_with_fel(
    coordinator_client, municipality_a
):
    response = coordinator_client.post(reverse("legal:privacy-edit", args=[municipality_a.slug]), {"body": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Fel:" in html
    assert "data-error-summary" in html and 'href="#id_body"' in html
    assert not LegalPage.objects.exists()


def test_english_visitors_see_the_swedish_text_marked_as_swedish(client, municipality_a):
    client.cookies["django_language"] = "en"
    html = client.get(reverse("legal:privacy", args=[municipality_a.slug])).content.decode()
    assert '<html lang="en"' in html and 'class="legal-body" lang="sv"' in html


def test_the_footer_and_the_forms_link_to_the_municipalitys_pages(client, municipality_a):
    privacy = reverse("legal:privacy", args=[municipality_a.slug])
    for url in (
        reverse("portal:municipality-public", args=[municipality_a.slug]),
        reverse("tips:tip-create", args=[municipality_a.slug]),
    ):
        html = client.get(url).content.decode()
        assert html.count(f'href="{privacy}"') >= 1, url
        assert reverse("legal:accessibility", args=[municipality_a.slug]) in html
        assert reverse("legal:contact", args=[municipality_a.slug]) in html
    tip_form = client.get(reverse("tips:tip-create", args=[municipality_a.slug])).content.decode()
    assert tip_form.count(f'href="{privacy}"') == 2  # the footer and beside the submit button
    start = client.get(reverse("portal:home")).content.decode()
    assert reverse("legal:overview") in start


def test_robots_txt_keeps_receipts_and_follow_ups_out_of_search_engines(client):
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert "Disallow: /tips/uppfoljning/visa/" in robots.content.decode()
    assert "Disallow: /kommun/*/tipsa/kvitto/" in robots.content.decode()
    assert 'name="robots" content="noindex' not in client.get(reverse("tips:follow-up")).content.decode()


def test_the_favicon_is_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"


def test_pages_describe_themselves(client, municipality_a):
    html = client.get(reverse("tips:tip-create", args=[municipality_a.slug])).content.decode()
    assert '<meta name="description" content="Berätta för Arboga-test' in html


def test_the_demo_municipalities_publish_all_three_pages(db):
    from legal import demo
    from portal import demo as portal_demo

    municipalities = portal_demo.load()
    demo.load(municipalities)
    demo.load(municipalities)  # idempotent
    assert len(municipalities) == 5
    assert LegalPage.objects.count() == 15
    assert LegalPage.objects.filter(kind=Kind.CONTACT, body__contains="trygghet@botkyrka.example").exists()


def _png(colour=(200, 0, 0)) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (900, 300), colour).save(out, format="PNG")
    return out.getvalue()


def test_an_accent_colour_below_4_5_to_1_against_white_is_refused(municipality_a):
    from legal.identity import IdentityForm

    pale = IdentityForm(data={"municipality": municipality_a.pk, "accent": "#7fb2e5"})
    assert not pale.is_valid() and "4,5:1" in str(pale.errors["accent"])
    dark = IdentityForm(data={"municipality": municipality_a.pk, "accent": "#005a32"})
    assert dark.is_valid(), dark.errors


def test_a_logo_is_re_encoded_as_a_small_png_and_shown_with_the_accent(client, municipality_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from legal.identity import IdentityForm

    upload = SimpleUploadedFile("logo.png", _png() + b"<script>alert(1)</script>", content_type="image/png")
    form = IdentityForm(data={"municipality": municipality_a.pk, "accent": "#005a32"}, files={"logo_file": upload})
    assert form.is_valid(), form.errors
    identity = form.save()
    assert bytes(identity.logo).startswith(b"\x89PNG") and b"<script>" not in bytes(identity.logo)
    html = client.get(reverse("portal:municipality-public", args=[municipality_a.slug])).content.decode()
    assert f"/kommun/{municipality_a.slug}/stil.css" in html and f"/kommun/{municipality_a.slug}/logotyp.png" in html
    css = client.get(reverse("legal:identity-css", args=[municipality_a.slug])).content.decode()
    assert "--portal-accent: #005a32" in css
    logo = client.get(reverse("legal:logo", args=[municipality_a.slug]))
    assert logo["Content-Type"] == "image/png"

    import io

    from PIL import Image

    assert Image.open(io.BytesIO(logo.content)).size == (480, 160)


def test_a_file_that_is_no_image_is_refused(municipality_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from legal.identity import IdentityForm

    upload = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    form = IdentityForm(data={"municipality": municipality_a.pk, "accent": "#005a32"}, files={"logo_file": upload})
    assert not form.is_valid() and "logo_file" in form.errors


def test_the_new_tip_email_carries_the_municipalitys_name_and_accent(municipality_a):
    from django.template.loader import render_to_string

    from legal.models import Identity

    Identity.objects.create(municipality=municipality_a, accent="#6a1b6e")
    html = render_to_string(
        "tips/emails/tip-new-body.html", {"municipality": municipality_a, "tip_number": 7, "link": "x"}
    )
    assert "border-top:6px solid #6a1b6e" in html and "Arboga-test – Trygghetsportalen" in html


def test_the_receipt_and_the_follow_up_thread_are_never_indexed(municipality_a):
    from django.template.loader import get_template

    for name in ("tips/public/tip_receipt.html", "tips/public/follow_up_status.html"):
        source = get_template(name).template.source
        assert '<meta name="robots" content="noindex, nofollow">' in source, name


def test_swedish_content_is_marked_swedish_on_english_pages(client, municipality_a):
    municipality_a.description = "Vi arbetar tillsammans för ett tryggare Arboga."
    municipality_a.save()
    url = reverse("portal:municipality-public", args=[municipality_a.slug])
    assert '<p class="lead" lang="sv">' not in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    assert '<p class="lead" lang="sv">Vi arbetar' in client.get(url).content.decode()
