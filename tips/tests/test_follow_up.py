"""Follow-up with the receipt code: status, thread, answers, guessing."""

import re

import pytest
from django.utils import timezone

from portal.models import AuditEvent
from tips import receipts
from tips.models import CloseReason, TipMessage, TipStatus
from tips.tests.factories import TipFactory, TipMessageFactory, code_of

pytestmark = pytest.mark.django_db

URL = "/tips/uppfoljning/"
NOT_FOUND = "Vi kunde inte visa något tips för den koden."


def without_csrf(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_codes_are_long_grouped_and_unambiguous():
    code = receipts.code_for_nonce(receipts.new_nonce())
    groups = code.split("-")
    assert [len(group) for group in groups] == [4, 4, 4, 4, 4]
    assert not set("ILOU") & set(code.replace("-", ""))
    assert len({receipts.code_for_nonce(receipts.new_nonce()) for _ in range(500)}) == 500


def test_a_code_is_accepted_however_it_is_typed():
    code = "ABCD-EFGH-JKMN-PQRS-TV01"
    digest = receipts.hash_code(code)
    assert receipts.hash_code(" abcd efgh jkmn pqrs tvo1 ") == digest
    assert receipts.hash_code("abcdefghjkmnpqrstvOl") == digest
    assert receipts.hash_code("ABCD-EFGH") is None


def test_the_stored_hash_is_keyed_with_the_receipt_key_not_the_secret_key(settings):
    code = "ABCD-EFGH-JKMN-PQRS-TV01"
    first = receipts.hash_code(code)
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    assert receipts.hash_code(code) == first
    settings.TIPS_RECEIPT_KEYS = ["another-receipt-key-" + "x" * 40]
    assert receipts.hash_code(code) != first


def test_the_code_shows_the_status_and_the_thread(client, municipality_a):
    tip = TipFactory(municipality=municipality_a, status=TipStatus.IN_REVIEW)
    TipMessageFactory(tip=tip, body="Hur många personer var det?")
    response = client.post(URL, {"action": "show", "code": code_of(tip).lower()})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Under handläggning" not in content  # the resident sees plain words
    assert "Läses" in content and "Hur många personer var det?" in content
    assert municipality_a.name in content
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_code_never_appears_in_a_url(client, municipality_a):
    tip = TipFactory(municipality=municipality_a)
    response = client.post(URL, {"action": "show", "code": code_of(tip)})
    assert code_of(tip) not in response.get("Location", "")
    assert "?code" not in response.content.decode()


def test_the_resident_answers_anonymously(client, municipality_a):
    tip = TipFactory(municipality=municipality_a)
    TipMessageFactory(tip=tip)
    response = client.post(URL, {"action": "reply", "code": code_of(tip), "body": "Fem eller sex stycken."})
    assert response.status_code == 200
    assert "Ditt svar har skickats." in response.content.decode()
    message = tip.messages.get(sender=TipMessage.Sender.RESIDENT)
    assert message.body == "Fem eller sex stycken." and message.author is None
    tip.refresh_from_db()
    assert tip.resident_replied_at is not None
    assert AuditEvent.objects.filter(action="tip.resident_replied", actor=None).exists()


def test_an_empty_answer_is_explained_and_the_page_stays(client, municipality_a):
    tip = TipFactory(municipality=municipality_a)
    response = client.post(URL, {"action": "reply", "code": code_of(tip), "body": ""})
    assert "Detta fält måste fyllas i." in response.content.decode()
    assert not tip.messages.exists()


def test_a_closed_tip_shows_its_reason_and_takes_no_answers(client, municipality_a):
    tip = TipFactory(
        municipality=municipality_a,
        status=TipStatus.CLOSED,
        closed_at=timezone.now(),
        close_reason=CloseReason.FORWARDED,
        close_note="Vidarebefordrat till Trafikverket.",
    )
    content = client.post(URL, {"action": "show", "code": code_of(tip)}).content.decode()
    assert "Vidarebefordrat till en annan myndighet" in content
    assert "Vidarebefordrat till Trafikverket." in content
    assert "Svara kommunen" not in content
    client.post(URL, {"action": "reply", "code": code_of(tip), "body": "Hallå?"})
    assert not tip.messages.exists()


def test_spam_looks_like_any_closed_tip_to_the_sender(client, municipality_a):
    tip = TipFactory(municipality=municipality_a, status=TipStatus.SPAM, closed_at=timezone.now())
    content = client.post(URL, {"action": "show", "code": code_of(tip)}).content.decode()
    assert "Avslutat" in content and "Skräp" not in content


@pytest.mark.parametrize("code", ["", "kort", "ABCD-EFGH-JKMN-PQRS-TV01", "x" * 39, "'; DROP TABLE tips_tip; --"])
def test_every_wrong_code_gets_the_same_answer(client, municipality_a, code):
    TipFactory(municipality=municipality_a)
    response = client.post(URL, {"action": "show", "code": code})
    assert response.status_code == 200
    assert NOT_FOUND in response.content.decode()


def test_guessing_is_stopped_and_then_even_the_right_code_gets_the_same_answer(settings, client, municipality_a):
    settings.TIPS_LOOKUP_LIMIT = 3
    tip = TipFactory(municipality=municipality_a)
    for _ in range(3):
        client.post(URL, {"action": "show", "code": "ABCD-EFGH-JKMN-PQRS-TV01"})
    wrong = client.post(URL, {"action": "show", "code": "ABCD-EFGH-JKMN-PQRS-TV02"})
    right = client.post(URL, {"action": "show", "code": code_of(tip)})
    assert right.status_code == wrong.status_code == 200
    assert NOT_FOUND in right.content.decode()
    # The typed code is kept in the field (to correct a typo); all else is the same.
    assert without_csrf(right).replace(code_of(tip), "X") == without_csrf(wrong).replace(
        "ABCD-EFGH-JKMN-PQRS-TV02", "X"
    )
    assert not tip.messages.exists()


def test_guessing_from_one_client_does_not_block_another(settings, client, municipality_a):
    settings.TIPS_LOOKUP_LIMIT = 1
    tip = TipFactory(municipality=municipality_a)
    client.post(URL, {"action": "show", "code": "ABCD-EFGH-JKMN-PQRS-TV01"}, REMOTE_ADDR="198.51.100.9")
    response = client.post(URL, {"action": "show", "code": code_of(tip)}, REMOTE_ADDR="198.51.100.10")
    assert NOT_FOUND not in response.content.decode()


def test_hostile_text_in_the_thread_is_escaped(client, municipality_a):
    tip = TipFactory(municipality=municipality_a, close_note='<script>alert("n")</script>')
    TipMessageFactory(tip=tip, body='<img src=x onerror=alert("m")>')
    content = client.post(URL, {"action": "show", "code": code_of(tip)}).content.decode()
    assert "<script>alert" not in content and "<img src=x" not in content
    assert "&lt;img src=x" in content


def test_the_follow_up_page_asks_for_the_code(client, db):
    response = client.get(URL)
    assert "Kvittokod" in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_a_flood_of_answers_is_stopped(monkeypatch, client, municipality_a):
    monkeypatch.setattr("tips.public_views.REPLIES_PER_HOUR", 2)
    tip = TipFactory(municipality=municipality_a)
    for n in range(3):
        response = client.post(URL, {"action": "reply", "code": code_of(tip), "body": f"Svar {n}"})
    assert "Du har skickat många svar på kort tid" in response.content.decode()
    assert tip.messages.count() == 2
