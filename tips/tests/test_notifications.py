"""The coordinators' email: after commit, content-free, once, retried."""

import smtplib

import pytest
from django.core import mail
from django.utils import timezone

from portal.models import Role
from portal.tests.factories import MembershipFactory, UserFactory
from tips import notifications, tasks
from tips.models import TipNotification
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


def test_sending_twice_sends_once(municipality_a, coordinator_a):
    notification = TipNotificationFactory(tip__municipality=municipality_a)
    tasks.send_tip_notification(notification.pk)
    tasks.send_tip_notification(notification.pk)
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


def test_a_failing_mail_server_is_recorded_and_the_sweep_retries(
    monkeypatch, municipality_a, coordinator_a, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    notification = TipNotificationFactory(tip__municipality=municipality_a)

    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("connection lost")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
        tasks.send_tip_notification(notification.pk)
    notification.refresh_from_db()
    assert (notification.sent_at, notification.attempts) == (None, 1)
    assert "SMTPServerDisconnected" in notification.last_error
    time_machine.shift(60)
    assert tasks.sweep_notifications() == 0  # backs off: next try 3 minutes after the tip
    time_machine.shift(3 * 60)
    assert tasks.sweep_notifications() == 1
    notification.refresh_from_db()
    assert notification.sent_at is not None and len(mail.outbox) == 1


def test_the_sweep_gives_up_after_many_attempts(municipality_a, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    TipNotificationFactory(tip__municipality=municipality_a, attempts=notifications.MAX_ATTEMPTS)
    time_machine.shift(60 * 60 * 24 * 30)
    assert tasks.sweep_notifications() == 0


def test_a_municipality_without_coordinators_is_recorded(municipality_a):
    notification = TipNotificationFactory(tip=TipFactory(municipality=municipality_a))
    tasks.send_tip_notification(notification.pk)
    notification.refresh_from_db()
    assert notification.sent_at is not None and notification.recipients == 0
    assert "no coordinator" in notification.last_error
