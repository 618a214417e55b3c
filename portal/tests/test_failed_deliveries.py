"""The coordinators' page of failed e-mails of every kind: what it shows (and
what it never shows), resending one or all, and its scope. The role and
tenant matrices cover the URLs; this covers the rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agreements.models import FollowerDelivery
from agreements.tests.factories import FollowerFactory
from portal import delivery
from portal.models import AuditEvent
from portal.tests.factories import UserFactory
from situation_reports.reminders.models import ReminderDelivery
from situation_reports.reminders.tests.factories import ReminderDeliveryFactory
from tips.models import TipNotificationDelivery
from tips.tests.factories import TipNotificationFactory

pytestmark = pytest.mark.django_db

FAILED = delivery.DeliveryStatus.FAILED
PENDING = delivery.DeliveryStatus.PENDING


def url(name: str, municipality) -> str:
    return reverse(f"portal:{name}", args=[municipality.slug])


def tip_delivery(municipality, user, **fields) -> TipNotificationDelivery:
    notification = TipNotificationFactory(tip__municipality=municipality, tip__description="Hemligt innehåll")
    fields = {"status": FAILED, "attempts": 10, "last_error": "SMTPDataError 554", **fields}
    return TipNotificationDelivery.objects.create(notification=notification, user=user, **fields)


def follower_delivery(municipality, **fields) -> FollowerDelivery:
    title = f"Tryggare torg {FollowerDelivery.objects.count() + 1}"
    follower = FollowerFactory(pledge__municipality=municipality, pledge__title=title)
    fields = {"status": FAILED, "attempts": 6, "last_error": "SMTPRecipientsRefused", **fields}
    return FollowerDelivery.objects.create(
        follower=follower, kind=FollowerDelivery.Kind.PROGRESS, object_id=1, **fields
    )


def reminder_delivery(municipality, user, **fields) -> ReminderDelivery:
    fields = {"status": FAILED, "attempts": 3, "last_error": "SMTPDataError 554", **fields}
    return ReminderDeliveryFactory(municipality=municipality, user=user, **fields)


def one_of_each(municipality, user) -> list:
    return [tip_delivery(municipality, user), follower_delivery(municipality), reminder_delivery(municipality, user)]


def test_every_kind_is_found_from_the_delivery_models():
    kinds = delivery.kinds()
    assert set(kinds.values()) >= {TipNotificationDelivery, FollowerDelivery, ReminderDelivery}
    assert all(issubclass(model, delivery.Delivery) for model in kinds.values())


def test_the_page_lists_failed_emails_of_every_kind_without_their_content(
    coordinator_client, municipality_a, coordinator_a
):
    coordinator_a.first_name, coordinator_a.last_name = "Sara", "Samordnare"
    coordinator_a.save()
    one_of_each(municipality_a, coordinator_a)
    follower_email = FollowerDelivery.objects.get().follower.email
    page = coordinator_client.get(url("delivery-failed-list", municipality_a)).content.decode()
    assert "3 e-mails" in page or "3 utskick" in page
    assert page.count('name="delivery"') == 3  # a resend per row
    assert "Sara Samordnare" in page and "Tryggare torg" in page
    assert "SMTPDataError 554" in page
    assert "Hemligt innehåll" not in page  # never the tip's content
    assert follower_email not in page  # never a resident's address


def test_long_waiting_emails_are_listed_without_a_resend_but_fresh_ones_are_not(
    coordinator_client, municipality_a, coordinator_a
):
    old = reminder_delivery(municipality_a, coordinator_a, status=PENDING, attempts=2)
    ReminderDelivery.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(hours=3))
    reminder_delivery(municipality_a, UserFactory(), status=PENDING, attempts=1)  # created now
    page = coordinator_client.get(url("delivery-failed-list", municipality_a)).content.decode()
    assert "1 e-mail<" in page or "1 utskick<" in page
    assert 'name="delivery"' not in page


def test_an_empty_page_says_nothing_failed(coordinator_client, municipality_a):
    response = coordinator_client.get(url("delivery-failed-list", municipality_a))
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert 'name="delivery"' not in response.content.decode()


def test_the_page_shows_only_its_own_municipality(coordinator_client, municipality_a, municipality_b):
    follower_delivery(municipality_b)
    reminder_delivery(municipality_b, UserFactory())
    response = coordinator_client.get(url("delivery-failed-list", municipality_a))
    assert response.context["rows"] == [] and response.context["failed_count"] == 0


def test_the_page_is_paginated(coordinator_client, municipality_a, monkeypatch):
    monkeypatch.setattr("portal.delivery_views.PAGE_SIZE", 2)
    for _ in range(3):
        reminder_delivery(municipality_a, UserFactory())
    first = coordinator_client.get(url("delivery-failed-list", municipality_a))
    second = coordinator_client.get(url("delivery-failed-list", municipality_a) + "?page=2")
    assert len(first.context["rows"]) == 2 and len(second.context["rows"]) == 1
    assert {row.pk for _, row in first.context["rows"]}.isdisjoint({row.pk for _, row in second.context["rows"]})


def _queries(client, municipality) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("delivery-failed-list", municipality)).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_rows(coordinator_client, municipality_a, coordinator_a):
    # Session, user, membership and the navigation; the count of the union and
    # its page; one query per kind on the page; one failed count per kind.
    one_of_each(municipality_a, coordinator_a)
    few = _queries(coordinator_client, municipality_a)
    for _ in range(4):
        one_of_each(municipality_a, UserFactory())
    assert _queries(coordinator_client, municipality_a) == few


def test_a_coordinator_resends_one_email_and_it_is_sent_and_audited(
    coordinator_client, municipality_a, coordinator_a, django_capture_on_commit_callbacks
):
    row = tip_delivery(municipality_a, coordinator_a)
    data = {"kind": "tips.tipnotificationdelivery", "delivery": row.pk, "page": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url("delivery-resend", municipality_a), data)
    assert response.status_code == 302
    assert response["Location"] == url("delivery-failed-list", municipality_a) + "?page=1"
    row.refresh_from_db()
    assert row.status == delivery.DeliveryStatus.SENT
    assert [message.to for message in mail.outbox] == [[coordinator_a.email]]
    assert AuditEvent.objects.filter(action="delivery.resent", actor=coordinator_a, object_id=str(row.pk)).exists()


def test_an_email_of_another_municipality_or_not_failed_is_not_resent(
    coordinator_client, municipality_a, municipality_b, coordinator_a
):
    foreign = reminder_delivery(municipality_b, UserFactory())
    sent = reminder_delivery(municipality_a, coordinator_a, status=delivery.DeliveryStatus.SENT, attempts=1)
    for row in (foreign, sent):
        data = {"kind": "situation_reports.reminderdelivery", "delivery": row.pk}
        response = coordinator_client.post(url("delivery-resend", municipality_a), data, follow=True)
        assert "Bara ett utskick som har misslyckats kan skickas igen." in response.content.decode()
    foreign.refresh_from_db()
    assert foreign.status == FAILED
    assert not AuditEvent.objects.filter(action="delivery.resent").exists()


def test_resend_all_asks_first_then_resends_every_kind_once(
    coordinator_client, municipality_a, municipality_b, coordinator_a, django_capture_on_commit_callbacks
):
    rows = one_of_each(municipality_a, coordinator_a)
    foreign = follower_delivery(municipality_b)
    confirm = coordinator_client.get(url("delivery-resend-all", municipality_a))
    assert confirm.status_code == 200 and confirm.context["failed_count"] == 3
    assert all(type(row).objects.get(pk=row.pk).status == FAILED for row in rows)  # a GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url("delivery-resend-all", municipality_a))
    assert response.status_code == 302 and response["Location"] == url("delivery-failed-list", municipality_a)
    statuses = {type(row).objects.get(pk=row.pk).status for row in rows}
    assert FAILED not in statuses
    foreign.refresh_from_db()
    assert foreign.status == FAILED
    event = AuditEvent.objects.get(action="deliveries.resent", actor=coordinator_a)
    assert event.municipality == municipality_a
    assert "tips.tipnotificationdelivery:1" in event.detail and "agreements.followerdelivery:1" in event.detail
    assert coordinator_client.get(url("delivery-failed-list", municipality_a)).context["failed_count"] == 0


def test_the_navigation_and_the_reminders_page_link_to_it(coordinator_client, municipality_a):
    link = url("delivery-failed-list", municipality_a)
    home = reverse("portal:municipality-home", args=[municipality_a.slug])
    overview = reverse("situation_reports:reminder-overview", args=[municipality_a.slug])
    assert link in coordinator_client.get(home).content.decode()
    assert link in coordinator_client.get(overview).content.decode()


def test_readers_are_not_offered_the_link(reader_client, municipality_a):
    home = reverse("portal:municipality-home", args=[municipality_a.slug])
    assert url("delivery-failed-list", municipality_a) not in reader_client.get(home).content.decode()


def test_the_demo_shows_botkyrkas_coordinator_one_refused_tip_notification_and_loads_twice(client):
    from django.core.management import call_command

    from portal.models import User

    for _ in range(2):
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert TipNotificationDelivery.objects.filter(status=FAILED).count() == 1
    client.force_login(User.objects.get(username="samordnare-botkyrka"))
    page = client.get("/intern/botkyrka/utskick/").content.decode()
    assert "SMTPRecipientsRefused (550)" in page
