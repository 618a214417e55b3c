"""The tip POST does as little as it may (docs/PERFORMANCE.md) and still
answers and stores exactly what it did: the receipt page is kept rendered per
municipality and language with the code filled in, and the tip, its
notification and its audit event are the same rows."""

import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client

from portal.models import AuditEvent
from portal.tests.factories import UserFactory
from tips import receipts
from tips.models import Tip, TipNotification
from tips.tests.conftest import receipt_code, tip_data

pytestmark = pytest.mark.django_db

INSERT = re.compile(r'INSERT (OR IGNORE )?INTO "(\w+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def url(municipality) -> str:
    return f"/kommun/{municipality.slug}/tipsa/"


def post(municipality, client: Client | None = None, **overrides):
    client = client or Client()
    return client.post(url(municipality), tip_data(municipality, **overrides))


def rendered_receipt(response, municipality, code: str) -> str:
    """The receipt page as the template renders it for this request."""
    context = {"municipality": municipality, "code": code, "receipt_url": f"{url(municipality)}kvitto/"}
    return render_to_string("tips/public/tip_receipt.html", context, request=response.wsgi_request)


def without_csrf(html: str) -> str:
    return CSRF.sub("", html)


def test_the_kept_receipt_is_the_rendered_receipt_with_each_residents_code(municipality_a):
    responses = [post(municipality_a) for _ in range(3)]
    codes = [receipt_code(response) for response in responses]
    assert len(set(codes)) == 3
    for response, code in zip(responses, codes, strict=True):
        html = response.content.decode()
        assert response.status_code == 200 and response["Content-Type"] == "text/html; charset=utf-8"
        assert "@@" not in html and html.count(code) == 1
        assert without_csrf(html) == without_csrf(rendered_receipt(response, municipality_a, code))
        assert CSRF.search(html)
        assert Tip.objects.filter(receipt_hash=receipts.hash_code(code)).exists()


def test_each_residents_receipt_carries_their_own_csrf_token(municipality_a):
    pages = [post(municipality_a).content.decode() for _ in range(2)]
    assert len({CSRF.search(page).group(0) for page in pages}) == 2


def test_the_kept_receipt_follows_the_language(municipality_a):
    assert "Tack för ditt tips" in post(municipality_a).content.decode()
    english = Client()
    english.cookies["django_language"] = "en"
    assert "Thank you for your tip" in post(municipality_a, english).content.decode()
    assert "Tack för ditt tips" in post(municipality_a).content.decode()


def test_a_bots_receipt_looks_like_a_residents(municipality_a):
    resident = post(municipality_a)
    bot = post(municipality_a, website="https://spam.example")
    assert Tip.objects.count() == 1
    code = receipt_code(bot)
    assert without_csrf(bot.content.decode()) == without_csrf(
        resident.content.decode().replace(receipt_code(resident), code)
    )


def test_a_signed_in_official_gets_a_receipt_rendered_for_them(municipality_a):
    client = Client()
    client.force_login(UserFactory(username="tjansteperson"))
    post(municipality_a)  # keeps the anonymous page
    response = post(municipality_a, client)
    html = response.content.decode()
    assert without_csrf(html) == without_csrf(rendered_receipt(response, municipality_a, receipt_code(response)))
    assert 'action="/konto/logga-ut/"' in html
    anonymous = post(municipality_a).content.decode()
    assert 'action="/konto/logga-ut/"' not in anonymous


def test_the_stored_rows_of_a_tip(municipality_a):
    response = post(municipality_a, knowledge="others", where_text="Torget")
    code = receipt_code(response)
    tip = Tip.objects.get()
    stored = (
        Tip.objects.filter(pk=tip.pk)
        .values(
            "municipality",
            "channel",
            "language",
            "status",
            "category",
            "place",
            "description",
            "where_text",
            "when_text",
            "knowledge",
            "contact_name",
            "contact_email",
            "contact_phone",
            "status_email",
            "registered_by",
            "latitude",
            "longitude",
            "location_exact",
        )
        .get()
    )
    assert stored == {
        "municipality": municipality_a.pk,
        "channel": "web",
        "language": "sv",
        "status": "new",
        "category": None,
        "place": None,
        "description": "Ungdomar säljer narkotika bakom centrum varje kväll.",
        "where_text": "Torget",
        "when_text": "Varje kväll kl. 21",
        "knowledge": "others",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "status_email": "",
        "registered_by": None,
        "latitude": None,
        "longitude": None,
        "location_exact": False,
    }
    assert tip.receipt_hash == receipts.hash_code(code)
    assert receipts.code_for_nonce(tip.submission_token) == code
    assert list(TipNotification.objects.values_list("tip", "expanded_at", "recipients")) == [(tip.pk, None, 0)]
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.municipality, event.object_type, event.object_id, event.detail) == (
        "tip.received",
        None,
        municipality_a,
        "tips.tip",
        str(tip.pk),
        "channel=web photos=0",
    )


def test_a_tip_post_is_one_statement_on_postgresql(municipality_a, django_assert_num_queries):
    """The tip, its notification and its audit event: on PostgreSQL one
    statement, atomic by itself (no BEGIN and COMMIT round trips); on SQLite
    three inserts in a transaction."""
    post(municipality_a)  # keeps the municipality and the receipt page
    postgresql = connection.vendor == "postgresql"
    # (SQLite: the savepoint and its release around the three inserts.)
    with django_assert_num_queries(1 if postgresql else 5) as captured:
        assert post(municipality_a).status_code == 200
    sql = [query["sql"] for query in captured.captured_queries]
    if postgresql:
        tables = re.findall(r'INSERT INTO "(\w+)"', sql[0])
        assert sql[0].startswith("WITH new AS (INSERT") and "ON CONFLICT DO NOTHING" in sql[0]
    else:
        tables = [insert[2] for statement in sql if (insert := INSERT.match(statement))]
        assert "INSERT OR IGNORE" in next(statement for statement in sql if "tips_tip" in statement)
    assert tables == ["tips_tip", "tips_tipnotification", "portal_auditevent"]


def test_insert_unless_exists_inserts_a_nonce_once(municipality_a):
    from portal.db import insert_unless_exists

    def tip(description: str) -> Tip:
        return Tip(municipality=municipality_a, description=description, submission_token="a" * 32, receipt_hash="h")

    first, second = tip("Först"), tip("Sedan")
    assert insert_unless_exists(first) is True and first.pk is not None and first.created is not None
    assert insert_unless_exists(second) is False and second.pk is None
    assert list(Tip.objects.values_list("pk", "description")) == [(first.pk, "Först")]


def test_rows_inserted_along_come_only_with_a_new_row(municipality_a):
    from portal.db import insert_unless_exists
    from portal.services import audit_event

    def tip_with_rows(description: str) -> tuple[Tip, TipNotification, AuditEvent]:
        tip = Tip(municipality=municipality_a, description=description, submission_token="b" * 32, receipt_hash="h")
        event = audit_event(actor=None, action="tip.received", municipality=municipality_a, obj=tip, detail="x")
        return tip, TipNotification(), event

    tip, notification, event = tip_with_rows("Först")
    assert insert_unless_exists(tip, along=[(notification, "tip"), (event, "object_id")]) is True
    assert notification.pk and notification.tip == tip and event.pk and event.object_id == str(tip.pk)
    stored = TipNotification.objects.get(pk=notification.pk)
    assert (stored.tip_id, stored.created, stored.expanded_at) == (tip.pk, notification.created, None)
    assert AuditEvent.objects.filter(pk=event.pk, object_id=str(tip.pk), object_type="tips.tip").exists()

    again, notification, event = tip_with_rows("Sedan")  # the same nonce: nothing, and nothing along
    assert insert_unless_exists(again, along=[(notification, "tip"), (event, "object_id")]) is False
    assert (again.pk, notification.pk, event.pk) == (None, None, None)
    assert (Tip.objects.count(), TipNotification.objects.count(), AuditEvent.objects.count()) == (1, 1, 1)


def test_the_kept_municipality_is_renewed_within_the_minute(municipality_a, time_machine):
    time_machine.move_to("2026-03-02 10:00", tick=False)
    post(municipality_a)
    municipality_a.name = "Nya Arboga"
    municipality_a.save()
    time_machine.move_to("2026-03-02 10:01:01", tick=False)
    assert "Nya Arboga har tagit emot ditt tips" in post(municipality_a).content.decode()
    assert Tip.objects.filter(municipality=municipality_a).count() == 2


def test_only_stored_tips_count_towards_the_limit(settings, municipality_a):
    settings.TIPS_SUBMIT_LIMIT = 2
    client = Client()
    assert client.post(url(municipality_a), tip_data(municipality_a, description="")).status_code == 400
    assert client.post(url(municipality_a), tip_data(municipality_a, form_token="forged")).status_code == 400
    data = tip_data(municipality_a)
    assert client.post(url(municipality_a), data).status_code == 200
    assert client.post(url(municipality_a), data).status_code == 200  # the same form again: its receipt, not counted
    assert client.post(url(municipality_a), tip_data(municipality_a)).status_code == 200
    for _ in range(2):  # refused requests do not count either: the limit stays reached, not beyond
        assert client.post(url(municipality_a), tip_data(municipality_a)).status_code == 429
    assert Tip.objects.count() == 2


def test_a_tip_with_photos_gets_the_same_rows(municipality_a):
    from tips.tests.conftest import jpeg_bytes, upload

    response = post(municipality_a, photos=[upload(jpeg_bytes())])
    tip = Tip.objects.get(receipt_hash=receipts.hash_code(receipt_code(response)))
    assert tip.photos.count() == 1
    assert TipNotification.objects.filter(tip=tip).count() == 1
    event = AuditEvent.objects.get(object_id=str(tip.pk))
    assert (event.action, event.detail) == ("tip.received", "channel=web photos=1")


def test_a_double_post_stores_one_tip_with_one_notification_and_event(municipality_a):
    client = Client()
    data = tip_data(municipality_a)
    first = client.post(url(municipality_a), data)
    second = client.post(url(municipality_a), data)
    assert receipt_code(first) == receipt_code(second)
    assert (Tip.objects.count(), TipNotification.objects.count(), AuditEvent.objects.count()) == (1, 1, 1)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index set is PostgreSQL's")
def test_a_residents_tip_writes_only_the_indexes_that_queries_use():
    """Every index of the tip table is written by every tip a resident sends.
    Besides the primary key and the two unique keys (receipt, form nonce), a
    new tip enters only the indexes its pages and counts read; columns a new
    tip leaves empty are indexed only where filled, and no `LIKE` copy of a
    unique key exists."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s ORDER BY indexname", [Tip._meta.db_table]
        )
        indexes = dict(cursor.fetchall())
    written = sorted(name for name, definition in indexes.items() if " WHERE " not in definition)
    assert written == sorted(
        [
            "tips_tip_pkey",
            "tip_receipt_hash_unique",
            "tip_submission_token_unique",
            "tip_municipality_newest",
            "tips_tip_municip_aca53d_idx",
            "tips_tip_created_517b95b4",
        ]
    )
    partial = {
        name: definition.split(" WHERE ", 1)[1] for name, definition in indexes.items() if " WHERE " in definition
    }
    assert partial.keys() == {
        "tip_unfinished",
        "tip_erasure_due",
        "tip_category",
        "tip_place_newest",
        "tip_registered_by",
        "tip_confidentiality_reviewer",
    }
    assert all("IS NOT NULL" in condition for name, condition in partial.items() if name != "tip_unfinished")
