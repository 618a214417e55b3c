"""The coordinators' email: after commit, content-free, once, retried."""

import logging
import smtplib

import pytest
from django.core import mail
from django.utils import timezone

from portal import delivery
from portal.models import Role
from portal.tests.factories import MembershipFactory, UserFactory
from tips import notifications, tasks
from tips.models import TipNotification, TipNotificationDelivery
from tips.tests.conftest import tip_data
from tips.tests.factories import TipFactory, TipNotificationFactory

pytestmark = pytest.mark.django_db

SECRET_TEXT = "Grannen i nr 7 langar narkotika"


def test_the_email_links_to_the_tip_and_holds_none_of_its_content(
    django_capture_on_commit_callbacks, client, municipality_a, coordinator_a
):
    data = tip_data(
        municipality_a,
        description=SECRET_TEXT,
        where_text="Storgatan 7",
        when_text="Tisdag natt",
        identity="contact",
        contact_name="Kim Hemlig",
        contact_email="kim.hemlig@example.org",
        contact_phone="070-000 00 07",
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/kommun/{municipality_a.slug}/tipsa/", data)
    message = mail.outbox[0]
    tip = TipNotification.objects.get().tip
    everything = message.subject + message.body + message.alternatives[0][0] + str(message.message())
    for secret in [SECRET_TEXT, "Storgatan", "Tisdag", "Kim Hemlig", "kim.hemlig", "070-000"]:
        assert secret not in everything
    assert f"https://trygghet.example.org/intern/{municipality_a.slug}/tips/{tip.pk}/" in message.body
    assert (
        f'href="https://trygghet.example.org/intern/{municipality_a.slug}/tips/{tip.pk}/"' in message.alternatives[0][0]
    )
    assert message.subject == f"Nytt tips nr {tip.pk} till {municipality_a.name}"


def test_only_tip_handlers_with_a_verified_address_are_emailed(municipality_a, coordinator_a, contributor_a):
    other = UserFactory()
    MembershipFactory(user=other, municipality=municipality_a, role=Role.CONTRIBUTOR)  # not a handler
    unverified = UserFactory(email_verified=False)
    MembershipFactory(user=unverified, municipality=municipality_a, role=Role.COORDINATOR)
    english = UserFactory(language="en")
    MembershipFactory(user=english, municipality=municipality_a, role=Role.COORDINATOR)
    notification = TipNotificationFactory(tip__municipality=municipality_a)
    tasks.send_tip_notification(notification.pk)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([coordinator_a.email, contributor_a.email, english.email])
    assert any(m.subject.startswith("New tip") for m in mail.outbox)
    notification.refresh_from_db()
    assert notification.recipients == 3
    assert set(notification.deliveries.values_list("user_id", "status")) == {
        (coordinator_a.pk, "sent"),
        (contributor_a.pk, "sent"),
        (english.pk, "sent"),
    }


def test_sending_twice_sends_once(municipality_a, coordinator_a):
    notification = TipNotificationFactory(tip__municipality=municipality_a)
    tasks.send_tip_notification(notification.pk)
    tasks.send_tip_notification(notification.pk)
    tasks.send_tip_deliveries(list(notification.deliveries.values_list("pk", flat=True)))
    assert len(mail.outbox) == 1


def test_a_newline_in_the_municipality_name_cannot_add_a_header(municipality_a, coordinator_a):
    municipality_a.name = "Arboga\r\nBcc: angripare@example.org\nX-Evil: 1"
    municipality_a.save()
    tasks.send_tip_notification(TipNotificationFactory(tip__municipality=municipality_a).pk)
    message = mail.outbox[0].message()
    assert message["Bcc"] is None and message["X-Evil"] is None
    assert "\n" not in mail.outbox[0].subject


def test_hostile_names_are_escaped_in_the_html_email(municipality_a, coordinator_a):
    municipality_a.name = '<script>alert("x")</script>'
    municipality_a.save()
    tasks.send_tip_notification(TipNotificationFactory(tip__municipality=municipality_a).pk)
    html = mail.outbox[0].alternatives[0][0]
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def _refusing(address: str, times: int):
    """A locmem backend whose server refuses `address` the first `times` tries."""
    from django.core.mail.backends.locmem import EmailBackend

    real = EmailBackend.send_messages
    refused = []

    def send_messages(self, messages):
        if messages[0].to == [address] and len(refused) < times:
            refused.append(address)
            raise smtplib.SMTPRecipientsRefused({address: (451, b"try later " + address.encode())})
        return real(self, messages)

    return send_messages


def test_one_refusing_coordinator_is_retried_alone(monkeypatch, municipality_a, coordinator_a, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    others = [UserFactory(), UserFactory()]
    for user in others:
        MembershipFactory(user=user, municipality=municipality_a, role=Role.COORDINATOR)
    notification = TipNotificationFactory(tip__municipality=municipality_a)
    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", _refusing(coordinator_a.email, times=2)
    )
    tasks.send_tip_notification(notification.pk)
    row = notification.deliveries.get(user=coordinator_a)
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "SMTPRecipientsRefused")
    assert coordinator_a.email not in row.last_error
    time_machine.shift(30)
    assert tasks.sweep_notifications() == 0  # backs off: the next try is a minute later
    time_machine.shift(60)
    assert tasks.sweep_notifications() == 1  # refused again: two minutes now
    time_machine.shift(2 * 60)
    assert tasks.sweep_notifications() == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 3)
    received = sorted(m.to[0] for m in mail.outbox)
    assert received == sorted([coordinator_a.email, *(u.email for u in others)])  # each exactly once


def test_after_the_last_attempt_the_delivery_fails_logs_once_and_a_coordinator_can_resend(
    monkeypatch, caplog, client, municipality_a, coordinator_a, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(timezone.now(), tick=False)
    notification = TipNotificationFactory(tip__municipality=municipality_a)
    with monkeypatch.context() as patch:
        patch.setattr(
            "django.core.mail.backends.locmem.EmailBackend.send_messages",
            _refusing(coordinator_a.email, times=notifications.MAX_ATTEMPTS),
        )
        with caplog.at_level(logging.WARNING, logger="portal.delivery"):
            tasks.send_tip_notification(notification.pk)
            for _ in range(notifications.MAX_ATTEMPTS + 2):
                time_machine.shift(7 * 60 * 60)
                tasks.sweep_notifications()
    row = notification.deliveries.get()
    assert (row.status, row.attempts) == ("failed", notifications.MAX_ATTEMPTS)
    failures = [r for r in caplog.records if "failed after" in r.getMessage()]
    assert len(failures) == 1
    assert coordinator_a.email not in caplog.text and "try later" not in caplog.text
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery.resend(TipNotificationDelivery, [row.pk]) == [row.pk]
    row.refresh_from_db()
    assert row.status == "sent"
    assert [m.to for m in mail.outbox] == [[coordinator_a.email]]
    assert delivery.resend(TipNotificationDelivery, [row.pk]) == []  # only a failed one


def test_a_claim_whose_worker_died_is_freed_by_the_sweep(municipality_a, coordinator_a, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    notification = TipNotificationFactory(tip__municipality=municipality_a)
    notifications.expand(notification.pk)
    row = notification.deliveries.get()
    assert delivery.claim(type(row), [row.pk]) is not None  # claimed, then the worker was killed
    assert tasks.sweep_notifications() == 0
    time_machine.shift(delivery.STALE_AFTER.total_seconds() + 1)
    assert tasks.sweep_notifications() == 1
    row.refresh_from_db()
    assert row.status == "sent" and len(mail.outbox) == 1


def test_a_municipality_without_coordinators_is_recorded(municipality_a):
    notification = TipNotificationFactory(tip=TipFactory(municipality=municipality_a))
    tasks.send_tip_notification(notification.pk)
    notification.refresh_from_db()
    assert notification.expanded_at is not None and notification.recipients == 0
    assert not notification.deliveries.exists()


def test_the_admin_resends_a_failed_notification(
    client, admin_user, municipality_a, coordinator_a, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    notification = TipNotificationFactory(tip__municipality=municipality_a)
    notifications.expand(notification.pk)
    row = notification.deliveries.get()
    type(row).objects.filter(pk=row.pk).update(status="failed", attempts=notifications.MAX_ATTEMPTS)
    client.force_login(admin_user)
    changelist = reverse("admin:tips_tipnotificationdelivery_changelist")
    assert client.get(changelist).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(changelist, {"action": "resend", "_selected_action": [row.pk]}, follow=True)
    assert "skickas igen" in response.content.decode()
    row.refresh_from_db()
    assert row.status == "sent" and [m.to for m in mail.outbox] == [[coordinator_a.email]]
