"""Officials' pages: scoping, roles, triage actions, audit, CSV, query counts."""

import csv
import io

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import AuditEvent
from portal.sections import Section, _object_sections, register_object_section
from portal.tests.factories import PlaceFactory, category
from tips.models import Channel, ReplyTemplate, Tip, TipMessage, TipPhoto, TipStatus
from tips.tests.conftest import jpeg_bytes
from tips.tests.factories import ReplyTemplateFactory, TipFactory, TipMessageFactory, code_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def tip(municipality_a):
    return TipFactory(municipality=municipality_a)


@pytest.fixture
def photo(tip):
    photo = TipPhoto(tip=tip, width=64, height=48, size=10)
    photo.image.save("x.jpg", ContentFile(jpeg_bytes()), save=False)
    photo.save()
    return photo


def tip_urls(slug: str, tip, photo=None, template=None) -> list[tuple[str, str]]:
    """(method, url) of every internal tips URL."""
    urls = [
        ("get", reverse("tips:tip-list", args=[slug])),
        ("get", reverse("tips:tip-export", args=[slug])),
        ("get", reverse("tips:tip-register", args=[slug])),
        ("get", reverse("tips:tip-detail", args=[slug, tip.pk])),
        ("post", reverse("tips:tip-status", args=[slug, tip.pk])),
        ("post", reverse("tips:tip-triage", args=[slug, tip.pk])),
        ("post", reverse("tips:tip-message", args=[slug, tip.pk])),
        ("post", reverse("tips:tip-review", args=[slug, tip.pk])),
        ("get", reverse("tips:reply-template-list", args=[slug])),
        ("get", reverse("tips:reply-template-create", args=[slug])),
    ]
    if photo is not None:
        urls.append(("get", reverse("tips:tip-photo", args=[slug, tip.pk, photo.pk])))
    if template is not None:
        urls.append(("get", reverse("tips:reply-template-edit", args=[slug, template.pk])))
        urls.append(("post", reverse("tips:reply-template-delete", args=[slug, template.pk])))
    return urls


def test_anonymous_visitors_are_sent_to_login(client, municipality_a, tip, photo):
    template = ReplyTemplateFactory(municipality=municipality_a)
    for method, url in tip_urls(municipality_a.slug, tip, photo, template):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_officials_of_another_municipality_get_404_everywhere(official_b_client, municipality_a, tip, photo):
    template = ReplyTemplateFactory(municipality=municipality_a)
    for method, url in tip_urls(municipality_a.slug, tip, photo, template):
        assert getattr(official_b_client, method)(url).status_code == 404, url
    tip.refresh_from_db()
    assert tip.status == TipStatus.NEW
    assert ReplyTemplate.objects.filter(pk=template.pk).exists()
    assert not AuditEvent.objects.filter(action="tip.viewed").exists()


def test_a_tip_of_another_municipality_is_404_even_through_ones_own_slug(
    coordinator_client, municipality_a, municipality_b, photo
):
    foreign = TipFactory(municipality=municipality_b)
    slug = municipality_a.slug
    assert coordinator_client.get(reverse("tips:tip-detail", args=[slug, foreign.pk])).status_code == 404
    response = coordinator_client.post(reverse("tips:tip-status", args=[slug, foreign.pk]), {"status": "spam"})
    assert response.status_code == 404
    other_photo_url = reverse("tips:tip-photo", args=[slug, foreign.pk, photo.pk])
    assert coordinator_client.get(other_photo_url).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == TipStatus.NEW


def test_readers_may_not_see_tips(reader_client, municipality_a, tip):
    for method, url in tip_urls(municipality_a.slug, tip):
        assert getattr(reader_client, method)(url).status_code == 403, url


def test_contributors_may_not_manage_reply_templates(contributor_client, municipality_a):
    template = ReplyTemplateFactory(municipality=municipality_a)
    slug = municipality_a.slug
    assert contributor_client.get(reverse("tips:reply-template-list", args=[slug])).status_code == 200
    assert contributor_client.get(reverse("tips:reply-template-create", args=[slug])).status_code == 403
    assert contributor_client.post(reverse("tips:reply-template-delete", args=[slug, template.pk])).status_code == 403


def test_viewing_a_tip_is_recorded_as_an_audit_event(contributor_client, contributor_a, municipality_a, tip):
    response = contributor_client.get(reverse("tips:tip-detail", args=[municipality_a.slug, tip.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("no-store")
    event = AuditEvent.objects.get(action="tip.viewed")
    assert (event.actor, event.object_id, event.municipality) == (contributor_a, str(tip.pk), municipality_a)


def test_coordinators_see_who_viewed_the_tip_and_contributors_do_not(
    client, coordinator_a, contributor_a, municipality_a, tip
):
    url = reverse("tips:tip-detail", args=[municipality_a.slug, tip.pk])
    client.force_login(contributor_a)
    assert "Vem som har sett och ändrat tipset" not in client.get(url).content.decode()
    client.force_login(coordinator_a)
    content = client.get(url).content.decode()
    assert "Vem som har sett och ändrat tipset" in content
    # the audit code is shown by its label (portal_text.audit_label)
    assert str(contributor_a) in content and "Tipset öppnades" in content


def test_the_status_changes_and_closing_needs_a_reason(coordinator_client, coordinator_a, municipality_a, tip):
    url = reverse("tips:tip-status", args=[municipality_a.slug, tip.pk])
    response = coordinator_client.post(url, {"status": "closed"})
    assert response.status_code == 400
    assert "Välj varför tipset avslutas" in response.content.decode()
    response = coordinator_client.post(
        url, {"status": "closed", "close_reason": "not_ours", "close_note": "Till Trafikverket"}
    )
    assert response.status_code == 302
    tip.refresh_from_db()
    assert (tip.status, tip.close_reason, tip.close_note) == ("closed", "not_ours", "Till Trafikverket")
    assert tip.closed_at is not None
    assert AuditEvent.objects.filter(action="tip.status_changed", actor=coordinator_a, detail="new->closed").exists()
    coordinator_client.post(url, {"status": "in_review"})
    tip.refresh_from_db()
    assert tip.closed_at is None and tip.close_reason == ""


def test_category_place_and_registry_number_are_saved(contributor_client, municipality_a, tip):
    place = PlaceFactory(municipality=municipality_a)
    url = reverse("tips:tip-triage", args=[municipality_a.slug, tip.pk])
    data = {"category": category("welfare-crime").pk, "place": place.pk, "registry_number": "KS 2025/123"}
    assert contributor_client.post(url, data).status_code == 302
    tip.refresh_from_db()
    assert (tip.category.slug, tip.place, tip.registry_number) == ("welfare-crime", place, "KS 2025/123")
    assert AuditEvent.objects.get(action="tip.updated").detail == "fields=category,place,registry_number"


def test_a_place_of_another_municipality_cannot_be_set(contributor_client, municipality_a, municipality_b, tip):
    foreign = PlaceFactory(municipality=municipality_b)
    url = reverse("tips:tip-triage", args=[municipality_a.slug, tip.pk])
    response = contributor_client.post(url, {"place": foreign.pk})
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode()
    tip.refresh_from_db()
    assert tip.place is None


def test_an_official_asks_the_resident_a_question(contributor_client, contributor_a, municipality_a, tip):
    url = reverse("tips:tip-message", args=[municipality_a.slug, tip.pk])
    assert contributor_client.post(url, {"body": "Vilken tid var det?"}).status_code == 302
    message = tip.messages.get()
    assert (message.sender, message.author, message.body) == ("official", contributor_a, "Vilken tid var det?")
    response = contributor_client.post("/tips/uppfoljning/", {"action": "show", "code": code_of(tip)})
    assert "Vilken tid var det?" in response.content.decode()
    assert str(contributor_a) not in response.content.decode()


def test_a_closed_tip_takes_no_new_messages(contributor_client, municipality_a):
    from django.utils import timezone

    tip = TipFactory(
        municipality=municipality_a, status=TipStatus.CLOSED, closed_at=timezone.now(), close_reason="duplicate"
    )
    response = contributor_client.post(reverse("tips:tip-message", args=[municipality_a.slug, tip.pk]), {"body": "Hej"})
    assert response.status_code == 400
    assert not tip.messages.exists()


def test_a_reply_template_fills_in_the_message(contributor_client, municipality_a, municipality_b, tip):
    template = ReplyTemplateFactory(municipality=municipality_a, body="Tack! Vet du vilken tid?")
    foreign = ReplyTemplateFactory(municipality=municipality_b, body="Främmande mall")
    url = reverse("tips:tip-detail", args=[municipality_a.slug, tip.pk])
    content = contributor_client.get(url, {"template": template.pk}).content.decode()
    assert "Tack! Vet du vilken tid?</textarea>" in content
    content = contributor_client.get(url, {"template": foreign.pk}).content.decode()
    assert "Främmande mall" not in content


def test_the_confidentiality_review_records_who_and_when(contributor_client, contributor_a, municipality_a, tip):
    contributor_client.post(reverse("tips:tip-review", args=[municipality_a.slug, tip.pk]))
    tip.refresh_from_db()
    assert tip.confidentiality_reviewed_by == contributor_a and tip.confidentiality_reviewed_at is not None


def test_photos_are_downloads_for_officials_only_and_audited(contributor_client, municipality_a, tip, photo):
    response = contributor_client.get(reverse("tips:tip-photo", args=[municipality_a.slug, tip.pk, photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"].startswith("no-store")
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    assert AuditEvent.objects.filter(action="tip.photo_downloaded").exists()


def test_an_official_registers_a_tip_from_a_phone_call(
    django_capture_on_commit_callbacks, contributor_client, contributor_a, municipality_a
):
    url = reverse("tips:tip-register", args=[municipality_a.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = contributor_client.post(url, {"channel": "phone", "description": "Ringde om mopeder i parken."})
    assert response.status_code == 302 and response["Location"] == url
    tip = Tip.objects.get()
    assert (tip.channel, tip.registered_by, tip.municipality) == (Channel.PHONE, contributor_a, municipality_a)
    receipt = contributor_client.get(url)
    code = receipt.context["code"]
    assert code in receipt.content.decode()
    assert tip.receipt_hash and code not in str(Tip.objects.values().get())
    # Shown once: a reload shows a blank form, and registers nothing.
    again = contributor_client.get(url)
    assert code not in again.content.decode() and "form" in again.context
    assert Tip.objects.count() == 1


def test_the_list_filters_and_searches(contributor_client, municipality_a):
    place = PlaceFactory(municipality=municipality_a)
    wanted = TipFactory(
        municipality=municipality_a,
        description="Klotter på skolan",
        place=place,
        category=category("vandalism-graffiti"),
    )
    TipFactory(municipality=municipality_a, description="Annat", channel=Channel.PHONE)
    url = reverse("tips:tip-list", args=[municipality_a.slug])
    for query in [
        {"q": "klotter"},
        {"place": place.pk},
        {"category": wanted.category.pk},
        {"channel": "web", "status": "open"},
        {"q": f"#{wanted.pk}"},
    ]:
        page = contributor_client.get(url, query).context["page_obj"]
        assert [t.pk for t in page] == [wanted.pk], query


def test_the_list_filters_by_date(contributor_client, municipality_a, time_machine):
    time_machine.move_to("2025-03-01 12:00 +01:00")
    old = TipFactory(municipality=municipality_a)
    time_machine.move_to("2025-04-01 12:00 +02:00")
    TipFactory(municipality=municipality_a)
    url = reverse("tips:tip-list", args=[municipality_a.slug])
    page = contributor_client.get(url, {"received_to": "2025-03-15"}).context["page_obj"]
    assert [t.pk for t in page] == [old.pk]


def test_the_list_paginates_and_keeps_the_filters(contributor_client, municipality_a):
    TipFactory.create_batch(30, municipality=municipality_a)
    content = contributor_client.get(
        reverse("tips:tip-list", args=[municipality_a.slug]), {"status": "new"}
    ).content.decode()
    assert "Sida 1 av 2" in content
    assert "?status=new&amp;page=2" in content


def test_the_list_uses_a_fixed_number_of_queries(contributor_client, municipality_a, django_assert_num_queries):
    url = reverse("tips:tip-list", args=[municipality_a.slug])
    TipMessageFactory(
        tip=TipFactory(
            municipality=municipality_a, category=category(), place=PlaceFactory(municipality=municipality_a)
        )
    )
    contributor_client.get(url)
    # session, user, membership, counts, page count, the page's ids, its tips
    # (with category, place, photo and message counts), which of them were
    # already recorded as listed today; the filter form is kept
    with django_assert_num_queries(8):
        contributor_client.get(url)
    for _ in range(10):
        tip = TipFactory(
            municipality=municipality_a, category=category(), place=PlaceFactory(municipality=municipality_a)
        )
        TipMessageFactory(tip=tip)
    # records the new tips as listed (one more INSERT, once a day), and reads
    # the filter form's categories and places again for the new places, once
    contributor_client.get(url)
    with django_assert_num_queries(8):
        contributor_client.get(url)


def test_a_deep_page_shows_its_own_tips_newest_first_with_their_counts(contributor_client, municipality_a):
    tips = TipFactory.create_batch(60, municipality=municipality_a)
    TipMessageFactory.create_batch(2, tip=tips[5])
    response = contributor_client.get(reverse("tips:tip-list", args=[municipality_a.slug]), {"page": 3})
    shown = list(response.context["page_obj"])
    assert [t.pk for t in shown] == [t.pk for t in sorted(tips, key=lambda t: (t.created, t.pk), reverse=True)][50:]
    assert next(t for t in shown if t.pk == tips[5].pk).message_count == 2
    assert "Sida 3 av 3" in response.content.decode()


def test_the_detail_uses_a_fixed_number_of_queries(contributor_client, municipality_a, tip, django_assert_num_queries):
    # Blocks other apps add to the page have their own queries; only growth matters here.
    url = reverse("tips:tip-detail", args=[municipality_a.slug, tip.pk])
    TipMessageFactory(tip=tip)
    contributor_client.get(url)
    with CaptureQueriesContext(connection) as first:
        contributor_client.get(url)
    TipMessageFactory.create_batch(10, tip=tip, sender=TipMessage.Sender.RESIDENT)
    with django_assert_num_queries(len(first.captured_queries)):
        contributor_client.get(url)


HOSTILE = '<script>alert("x")</script>'


def test_hostile_text_is_escaped_on_the_triage_pages(contributor_client, municipality_a):
    tip = TipFactory(
        municipality=municipality_a,
        description=HOSTILE,
        where_text=HOSTILE,
        when_text=HOSTILE,
        contact_name=HOSTILE,
        contact_phone=HOSTILE,
        close_note=HOSTILE,
        registry_number=HOSTILE,
    )
    TipMessageFactory(tip=tip, body=HOSTILE)
    for url in [
        reverse("tips:tip-list", args=[municipality_a.slug]),
        reverse("tips:tip-detail", args=[municipality_a.slug, tip.pk]),
    ]:
        content = contributor_client.get(url).content.decode()
        assert HOSTILE not in content, url
        assert "&lt;script&gt;" in content, url


def test_the_csv_export_neutralises_formulas_and_leaves_out_contact_details(contributor_client, municipality_a):
    TipFactory(
        municipality=municipality_a,
        description='=HYPERLINK("http://evil")',
        where_text="+1+1",
        when_text="-2",
        registry_number="@SUM(A1)",
        contact_email="hemlig@example.org",
    )
    response = contributor_client.get(reverse("tips:tip-export", args=[municipality_a.slug]))
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming  # never the whole export in memory
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Nummer"
    cells = rows[1]
    assert '\'=HYPERLINK("http://evil")' in cells and "'+1+1" in cells and "'-2" in cells and "'@SUM(A1)" in cells
    assert "hemlig@example.org" not in text
    assert AuditEvent.objects.filter(action="tip.exported").exists()


def test_the_tip_page_renders_blocks_other_apps_register(contributor_client, municipality_a, tip, settings):
    def builder(request, obj):
        return Section("tips/sections/test_object.html", {"tip_id": obj.pk})

    settings.TEMPLATES[0]["DIRS"] = [*settings.TEMPLATES[0]["DIRS"]]
    register_object_section("tips.tip", builder)
    try:
        response = contributor_client.get(reverse("tips:tip-detail", args=[municipality_a.slug, tip.pk]))
    finally:
        _object_sections["tips.tip"].pop()
    assert f"object-section-for-{tip.pk}" in response.content.decode()


def test_coordinators_manage_reply_templates(coordinator_client, municipality_a):
    slug = municipality_a.slug
    response = coordinator_client.post(
        reverse("tips:reply-template-create", args=[slug]), {"title": "Tid?", "body": "Vilken tid hände det?"}
    )
    assert response.status_code == 302
    template = ReplyTemplate.objects.get()
    assert template.municipality == municipality_a
    duplicate = coordinator_client.post(
        reverse("tips:reply-template-create", args=[slug]), {"title": "tid?", "body": "x"}
    )
    assert "Det finns redan en mall med den rubriken." in duplicate.content.decode()
    confirm = coordinator_client.get(reverse("tips:reply-template-delete", args=[slug, template.pk]))
    assert "Vill du ta bort svarsmallen" in confirm.content.decode()
    coordinator_client.post(reverse("tips:reply-template-delete", args=[slug, template.pk]))
    assert not ReplyTemplate.objects.exists()


def test_the_tips_link_and_card_are_for_contributors(client, contributor_a, reader_a, municipality_a):
    home = reverse("portal:municipality-home", args=[municipality_a.slug])
    client.force_login(contributor_a)
    content = client.get(home).content.decode()
    assert reverse("tips:tip-list", args=[municipality_a.slug]) in content
    assert "Tips från invånare" in content
    client.force_login(reader_a)
    assert reverse("tips:tip-list", args=[municipality_a.slug]) not in client.get(home).content.decode()


def test_the_public_municipality_page_invites_tips(client, municipality_a):
    content = client.get(f"/kommun/{municipality_a.slug}/").content.decode()
    assert reverse("tips:tip-create", args=[municipality_a.slug]) in content
    assert "Skicka ett tips" in content


def test_coordinators_set_the_retention_period(coordinator_client, municipality_a):
    client = coordinator_client
    url = reverse("tips:tip-settings", args=[municipality_a.slug])
    assert coordinator_client.post(url, {"tip_retention_days": "0"}).status_code == 200
    assert coordinator_client.post(url, {"tip_retention_days": "60"}).status_code == 302
    municipality_a.refresh_from_db()
    assert municipality_a.tip_retention_days == 60
    assert AuditEvent.objects.filter(action="municipality.tip_retention_changed", detail="90->60").exists()
    content = client.get(f"/kommun/{municipality_a.slug}/tipsa/").content.decode()
    assert "raderas 60 dagar efter" in content


def test_only_coordinators_set_the_retention_period(client, contributor_a, official_b, municipality_a):
    url = reverse("tips:tip-settings", args=[municipality_a.slug])
    client.force_login(contributor_a)
    assert client.post(url, {"tip_retention_days": "1"}).status_code == 403
    client.force_login(official_b)
    assert client.post(url, {"tip_retention_days": "1"}).status_code == 404
    municipality_a.refresh_from_db()
    assert municipality_a.tip_retention_days == 90
