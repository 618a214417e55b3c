"""The residents' tip form: what it says, what it accepts, what it stores."""

import logging

import pytest
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from portal import queue
from portal.models import AuditEvent
from portal.tests.factories import PlaceFactory, category
from tips import antiabuse, receipts
from tips.models import Tip, TipNotification
from tips.tests.conftest import receipt_code, tip_data

pytestmark = pytest.mark.django_db


def url(municipality) -> str:
    return f"/kommun/{municipality.slug}/tipsa/"


def test_the_form_says_plainly_what_it_is_before_the_fields_and_the_rest_before_the_button(client, municipality_a):
    """The 112 notice is one short block above the form; the public-record,
    what-happens-next and retention texts are expandable summaries before
    the submit button, so the first field is on a phone's first screen."""
    municipality_a.tip_retention_days = 90
    municipality_a.save()
    content = client.get(url(municipality_a)).content.decode()
    form_at = content.index('<form method="post" enctype')
    button_at = content.index("Skicka tipset")
    for text in ["Det här är ingen polisanmälan", "ring 112", "114 14", "Arboga-tests egen tjänst"]:
        assert -1 < content.index(text) < form_at, text
    for text in [
        "allmän handling",
        "sekretessprövning",
        "Vad händer sedan",
        "raderas 90 dagar efter att tipset avslutats",
        "Vi sparar inte din IP-adress",
    ]:
        assert form_at < content.index(text) < button_at, text
    assert content[form_at:button_at].count("<details>") == 3


def test_the_form_is_anonymous_by_default_and_in_swedish(client, municipality_a):
    response = client.get(url(municipality_a))
    content = response.content.decode()
    assert response["Content-Language"] == "sv"
    assert 'value="anonymous"' in content and "checked" in content.split('value="anonymous"')[1][:40]
    assert "Vad har hänt?" in content


def test_internal_only_categories_and_other_municipalities_places_are_not_offered(
    client, municipality_a, municipality_b
):
    own = PlaceFactory(municipality=municipality_a, name="Egen plats")
    PlaceFactory(municipality=municipality_b, name="Främmande plats")
    content = client.get(url(municipality_a)).content.decode()
    assert own.name in content and "Främmande plats" not in content
    assert "Välfärdsbrott" not in content and "Osund konkurrens" not in content
    assert "Skadegörelse och klotter" in content


def test_an_anonymous_tip_gets_a_receipt_code_stored_only_as_a_hash(client, municipality_a, post_tip):
    response = post_tip(municipality_a, category=category("narcotics").pk)
    assert response.status_code == 200
    code = receipt_code(response)
    assert code in response.content.decode()
    tip = Tip.objects.get()
    assert tip.municipality == municipality_a
    assert tip.category.slug == "narcotics"
    assert tip.has_contact is False
    assert tip.receipt_hash == receipts.hash_code(code)
    normalised = receipts.normalise(code)
    for value in Tip.objects.values().get().values():
        assert code not in str(value) and normalised not in str(value)
    assert AuditEvent.objects.filter(action="tip.received", object_id=str(tip.pk), actor=None).exists()


def test_the_receipt_page_is_never_cached_and_sends_no_referrer(municipality_a, post_tip, client):
    for response in (client.get(url(municipality_a)), post_tip(municipality_a)):
        assert response["Cache-Control"] == "no-store"
        assert response["Referrer-Policy"] == "no-referrer"


def test_the_residents_address_and_browser_are_stored_nowhere(client, municipality_a):
    data = tip_data(municipality_a)
    client.post(url(municipality_a), data, REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="SecretBrowser/1.0")
    tip = Tip.objects.get()
    stored = " ".join(str(v) for v in Tip.objects.values().get().values())
    stored += " ".join(str(v) for v in AuditEvent.objects.values_list("detail", flat=True))
    assert "203.0.113" not in stored and "SecretBrowser" not in stored
    assert tip.pk


def test_contact_details_are_kept_when_the_resident_chooses_to_give_them(municipality_a, post_tip):
    post_tip(municipality_a, identity="contact", contact_name="Kim", contact_email="kim@example.org")
    tip = Tip.objects.get()
    assert (tip.contact_name, tip.contact_email) == ("Kim", "kim@example.org")


def test_choosing_contact_without_any_detail_is_explained(municipality_a, post_tip):
    response = post_tip(municipality_a, identity="contact")
    assert response.status_code == 400
    assert "Ange minst ett sätt att nå dig" in response.content.decode()
    assert not Tip.objects.exists()


def test_anonymous_with_contact_details_is_refused_rather_than_guessed(municipality_a, post_tip):
    response = post_tip(municipality_a, contact_phone="070-123 45 67")
    assert response.status_code == 400
    assert "Du valde att vara anonym men fyllde i kontaktuppgifter" in response.content.decode()


def test_errors_keep_everything_the_resident_typed(municipality_a, post_tip):
    response = post_tip(
        municipality_a,
        description="",
        where_text="Vid kiosken",
        when_text="Fredag",
        identity="contact",
        contact_email="inte-en-adress",
        contact_name="Kim",
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "Detta fält måste fyllas i." in content
    assert "Fyll i en giltig e-postadress." in content
    for typed in ['value="Vid kiosken"', 'value="Fredag"', 'value="inte-en-adress"', 'value="Kim"']:
        assert typed in content
    assert "Allt du skrev finns kvar" in content
    assert "<title>Fel: " in content
    summary = content[content.index("data-error-summary") : content.index("</ul>", content.index("data-error-summary"))]
    assert 'href="#id_description"' in summary and 'href="#id_contact_email"' in summary


def test_every_field_has_a_maximum_length(municipality_a, post_tip):
    response = post_tip(municipality_a, description="x" * 5001, where_text="y" * 301, when_text="z" * 201)
    assert response.status_code == 400
    assert response.content.decode().count("har som mest") == 3
    assert not Tip.objects.exists()


def test_a_forged_place_or_internal_category_is_not_accepted(municipality_a, municipality_b, post_tip):
    foreign = PlaceFactory(municipality=municipality_b)
    response = post_tip(municipality_a, place=foreign.pk, category=category("welfare-crime").pk)
    assert response.status_code == 400
    assert response.content.decode().count("Välj ett giltigt alternativ") == 2
    assert not Tip.objects.exists()


def test_the_honeypot_gets_a_receipt_but_stores_nothing(municipality_a, post_tip):
    response = post_tip(municipality_a, website="http://spam.example")
    assert response.status_code == 200
    assert "Din kvittokod" in response.content.decode()
    assert not Tip.objects.exists()
    assert not mail.outbox


def test_a_form_sent_too_fast_is_sent_back_with_everything_kept(settings, municipality_a, post_tip):
    settings.TIPS_MIN_FILL_SECONDS = 60
    response = post_tip(municipality_a, where_text="Vid kiosken")
    content = response.content.decode()
    assert response.status_code == 400
    assert "skickades väldigt snabbt" in content
    assert 'value="Vid kiosken"' in content
    assert not Tip.objects.exists()


def test_a_forged_or_foreign_token_is_refused(municipality_a, municipality_b, post_tip):
    assert post_tip(municipality_a, form_token="nonce:1:1").status_code == 400
    assert post_tip(municipality_a, form_token=antiabuse.issue_token(municipality_b.pk)).status_code == 400
    assert not Tip.objects.exists()


def test_a_resubmitted_form_creates_one_tip_and_shows_the_same_code(client, municipality_a):
    data = tip_data(municipality_a)
    first = client.post(url(municipality_a), data)
    second = client.post(url(municipality_a), data)
    assert Tip.objects.count() == 1
    assert receipt_code(first) == receipt_code(second)


def test_a_form_replayed_long_after_creates_nothing_and_shows_no_code(client, municipality_a, time_machine):
    time_machine.move_to(timezone.now(), tick=True)
    data = tip_data(municipality_a)
    client.post(url(municipality_a), data)
    time_machine.shift(60 * 60)
    response = client.post(url(municipality_a), {**data, "description": "Ett annat tips"})
    assert response.status_code == 409
    assert "Tipset har redan skickats" in response.content.decode()
    assert "code" not in response.context
    assert Tip.objects.count() == 1


def test_too_many_tips_from_one_client_are_refused_politely(settings, municipality_a, post_tip):
    settings.TIPS_SUBMIT_LIMIT = 2
    assert post_tip(municipality_a).status_code == 200
    assert post_tip(municipality_a).status_code == 200
    response = post_tip(municipality_a, where_text="Vid kiosken")
    assert response.status_code == 429
    assert "Du har skickat många tips på kort tid" in response.content.decode()
    assert 'value="Vid kiosken"' in response.content.decode()
    assert Tip.objects.count() == 2


def test_the_rate_limit_counts_per_client(settings, client, municipality_a):
    settings.TIPS_SUBMIT_LIMIT = 1
    client.post(url(municipality_a), tip_data(municipality_a), REMOTE_ADDR="198.51.100.1")
    response = client.post(url(municipality_a), tip_data(municipality_a), REMOTE_ADDR="198.51.100.2")
    assert response.status_code == 200
    assert Tip.objects.count() == 2


def test_a_broken_cache_lets_residents_through(monkeypatch, caplog, municipality_a, post_tip):
    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr("portal.ratelimit.cache.get", broken)
    monkeypatch.setattr("portal.ratelimit.cache.add", broken)
    response = post_tip(municipality_a)
    assert response.status_code == 200
    assert Tip.objects.count() == 1
    assert "Rate limit cache unavailable" in caplog.text


def test_the_coordinators_are_told_after_commit(
    django_capture_on_commit_callbacks, municipality_a, coordinator_a, post_tip
):
    with django_capture_on_commit_callbacks(execute=True):
        post_tip(municipality_a)
    assert [m.to for m in mail.outbox] == [[coordinator_a.email]]
    assert TipNotification.objects.get().deliveries.get().status == "sent"


def test_a_broker_outage_still_gives_the_resident_a_receipt(
    monkeypatch, caplog, django_capture_on_commit_callbacks, municipality_a, coordinator_a, post_tip
):
    def down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr("tips.tasks.send_tip_notification.apply_async", down)
    queue.reset()
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        response = post_tip(municipality_a)
    queue.reset()
    assert response.status_code == 200
    assert "Din kvittokod" in response.content.decode()
    notification = TipNotification.objects.get()
    assert notification.expanded_at is None and not notification.deliveries.exists()
    assert "waits for the sweep" in caplog.text
    assert not mail.outbox


def test_an_unknown_municipality_has_no_form(client, db):
    assert client.get("/kommun/finns-inte/tipsa/").status_code == 404
    assert client.post("/kommun/finns-inte/tipsa/", {}).status_code == 404


def _csrf_client(municipality):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.get(url(municipality))
    return client, response.context["csrf_token"]


def test_the_null_origin_of_a_no_referrer_page_is_accepted_with_a_valid_token(municipality_a):
    client, token = _csrf_client(municipality_a)
    data = {**tip_data(municipality_a), "csrfmiddlewaretoken": str(token)}
    response = client.post(url(municipality_a), data, HTTP_ORIGIN="null")
    assert response.status_code == 200
    assert Tip.objects.count() == 1


def test_csrf_still_protects_the_form(municipality_a):
    client, token = _csrf_client(municipality_a)
    no_token = client.post(url(municipality_a), tip_data(municipality_a), HTTP_ORIGIN="null")
    data = {**tip_data(municipality_a), "csrfmiddlewaretoken": str(token)}
    foreign = client.post(url(municipality_a), data, HTTP_ORIGIN="https://evil.example")
    assert no_token.status_code == foreign.status_code == 403
    assert not Tip.objects.exists()
