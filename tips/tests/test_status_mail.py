"""A resident who opts in gets one e-mail per status change of their tip,
holding nothing of the tip, and none once the address is erased."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.models import AuditEvent
from portal.notifications import kind_for, registered
from tips import services, status_mail, tasks
from tips.models import Tip, TipStatusMail
from tips.tests.factories import TipFactory, code_of

pytestmark = pytest.mark.django_db
FOLLOW_UP = "/tips/uppfoljning/"
WARNING = "Adressen kopplas till ditt tips"


def status_mails():
    return [m for m in mail.outbox if "ny status" in m.subject]


def change(client, tip, capture, **data):
    url = reverse("tips:tip-status", args=[tip.municipality.slug, tip.pk])
    with capture(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]


def test_the_form_warns_before_the_address_field_and_stores_the_address(client, municipality_a, post_tip):
    page = client.get(f"/kommun/{municipality_a.slug}/tipsa/").content.decode()
    assert WARNING in page and "inte krypterad" in page
    assert page.index(WARNING) < page.index('name="status_email"')
    assert 'aria-describedby="status-email-warning"' in page
    response = post_tip(municipality_a, status_email="boende@example.org")
    assert response.status_code == 200
    assert Tip.objects.get().status_email == "boende@example.org"


def test_a_bad_address_keeps_what_was_typed(municipality_a, post_tip):
    response = post_tip(municipality_a, status_email="inte en adress", description="Min text")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Min text" in page and 'value="inte en adress"' in page
    assert not Tip.objects.exists()


def test_one_mail_per_status_change_without_the_tip_or_the_code(
    coordinator_client, municipality_a, django_capture_on_commit_callbacks
):
    tip = TipFactory(municipality=municipality_a, status_email="boende@example.org", description="Hemlig text")
    mail.outbox.clear()
    change(coordinator_client, tip, django_capture_on_commit_callbacks, status="in_review")
    change(coordinator_client, tip, django_capture_on_commit_callbacks, status="in_review")  # no change: no mail
    change(coordinator_client, tip, django_capture_on_commit_callbacks, status="forwarded_police")
    sent = status_mails()
    assert [m.to for m in sent] == [["boende@example.org"], ["boende@example.org"]]
    for message in sent:
        for text in (message.subject, message.body, message.alternatives[0][0]):
            assert "Hemlig text" not in text and code_of(tip) not in text and f"#{tip.pk}" not in text
        assert "/tips/uppfoljning/" in message.body
    # Sending again (a retried task, the sweep) sends nothing more.
    for row in TipStatusMail.objects.all():
        assert status_mail.send(row.pk) == 0
    assert len(status_mails()) == 2


def test_closing_mails_once_then_erases_the_address(
    coordinator_client, municipality_a, django_capture_on_commit_callbacks
):
    tip = TipFactory(municipality=municipality_a, status_email="boende@example.org")
    mail.outbox.clear()
    change(coordinator_client, tip, django_capture_on_commit_callbacks, status="closed", close_reason="dealt_with")
    assert len(status_mails()) == 1
    tip.refresh_from_db()
    assert tip.status_email == ""
    assert not TipStatusMail.objects.exclude(address="").exists()
    change(coordinator_client, tip, django_capture_on_commit_callbacks, status="in_review")  # reopened
    assert len(status_mails()) == 1


def test_no_mail_after_erasure(municipality_a, coordinator_a, django_capture_on_commit_callbacks):
    tip = TipFactory(municipality=municipality_a, status_email="boende@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False):  # the mail server was down: still unsent
        services.tip_set_status(tip=tip, actor=coordinator_a, status="spam")
    row = TipStatusMail.objects.get()
    Tip.objects.filter(pk=tip.pk).update(closed_at=timezone.now() - timedelta(days=400))
    services.tip_erase_personal_data(tip_id=tip.pk)
    assert not TipStatusMail.objects.filter(pk=row.pk).exists()
    assert tasks.sweep_status_mails() == 0
    assert status_mail.send(row.pk) == 0
    assert status_mails() == []


def test_an_unsent_mail_is_sent_by_the_sweep(municipality_a, coordinator_a, django_capture_on_commit_callbacks):
    tip = TipFactory(municipality=municipality_a, status_email="boende@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False):
        services.tip_set_status(tip=tip, actor=coordinator_a, status="in_review")
    assert tasks.sweep_status_mails() == 1
    assert tasks.sweep_status_mails() == 0
    assert len(status_mails()) == 1


def test_the_resident_opts_in_and_out_on_the_follow_up_page(client, municipality_a):
    tip = TipFactory(municipality=municipality_a)
    page = client.post(FOLLOW_UP, {"code": code_of(tip)}).content.decode()
    assert page.index(WARNING) < page.index('name="status_email"')
    response = client.post(FOLLOW_UP, {"code": code_of(tip), "action": "status_email", "status_email": "fel"})
    assert "Fyll i en giltig e-postadress" in response.content.decode() and 'value="fel"' in response.content.decode()
    response = client.post(
        FOLLOW_UP, {"code": code_of(tip), "action": "status_email", "status_email": "boende@example.org"}
    )
    page = response.content.decode()
    assert "Vi mejlar dig när statusen ändras" in page
    assert "boende@example.org" not in page  # never shown back, even to whoever holds the code
    tip.refresh_from_db()
    assert tip.status_email == "boende@example.org"
    assert AuditEvent.objects.filter(action="tip.status_email_set", object_id=str(tip.pk)).exists()
    client.post(FOLLOW_UP, {"code": code_of(tip), "action": "status_email_stop"})
    tip.refresh_from_db()
    assert tip.status_email == ""


def test_a_closed_tip_takes_no_address(client, municipality_a):
    tip = TipFactory(municipality=municipality_a, status="closed", closed_at=timezone.now())
    response = client.post(FOLLOW_UP, {"code": code_of(tip), "action": "status_email", "status_email": "a@example.org"})
    assert response.status_code == 200
    tip.refresh_from_db()
    assert tip.status_email == ""


def test_the_address_is_shown_to_handlers_only(coordinator_client, client, municipality_a):
    tip = TipFactory(municipality=municipality_a, status_email="boende@example.org")
    detail = coordinator_client.get(reverse("tips:tip-detail", args=[municipality_a.slug, tip.pk]))
    assert "boende@example.org" in detail.content.decode()
    public = client.post(FOLLOW_UP, {"code": code_of(tip)}).content.decode()
    assert "boende@example.org" not in public


def test_the_kind_is_registered_but_not_on_the_account_page():
    assert kind_for("tips.status_changed") is not None
    assert "tips.status_changed" not in [kind.key for kind in registered(account_page=True)]
