"""A published progress update can be corrected or withdrawn, with a reason:
followers get one e-mail, the public page says "rättad" (or no longer shows
a withdrawn update), and the trail keeps what it said before."""

import pytest
from django.core import mail
from django.urls import reverse

from agreements import services
from agreements.models import ProgressUpdate, ProgressUpdateCorrection
from agreements.tests.factories import FollowerFactory, ProgressUpdateFactory
from portal.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(pledge_a, commitment_a):
    services.pledge_publish(actor=None, pledge=pledge_a)
    return pledge_a


@pytest.fixture
def update(published, commitment_a):
    return ProgressUpdateFactory(commitment=commitment_a, text="Tre dialoger hölls på torget.")


def correct_url(municipality, update):
    return reverse("agreements:progress-update-correct", args=[municipality.slug, update.pk])


def public_page(client, municipality, pledge) -> str:
    return client.get(reverse("agreements:public-pledge-detail", args=[municipality.slug, pledge.pk])).content.decode()


def test_a_correction_mails_each_follower_once_and_is_marked_on_the_public_page(
    client, coordinator_client, coordinator_a, municipality_a, published, update, django_capture_on_commit_callbacks
):
    follower = FollowerFactory(pledge=published)
    FollowerFactory(pledge=published, confirmed_at=None)  # unconfirmed: told nothing
    mail.outbox.clear()
    page = coordinator_client.get(correct_url(municipality_a, update)).content.decode()
    assert "1 följare får ett mejl" in page and "Tre dialoger hölls på torget." in page
    data = {"action": "corrected", "text": "Två dialoger hölls på torget.", "reason": "Fel antal <b>dialoger</b>."}
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(correct_url(municipality_a, update), data)
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[follower.email]]
    message = mail.outbox[0]
    assert "Rättelse" in message.subject
    assert "Två dialoger" in message.body and "Fel antal <b>dialoger</b>." in message.body
    assert "Fel antal &lt;b&gt;dialoger&lt;/b&gt;." in message.alternatives[0][0]
    update.refresh_from_db()
    assert update.text == "Två dialoger hölls på torget." and update.corrected_at
    trail = ProgressUpdateCorrection.objects.get()
    assert (trail.previous_text, trail.actor) == ("Tre dialoger hölls på torget.", coordinator_a)
    assert AuditEvent.objects.filter(action="commitment.progress_corrected", actor=coordinator_a).exists()
    public = public_page(client, municipality_a, published)
    assert "Två dialoger hölls på torget." in public and "rättad" in public
    assert "Tre dialoger" not in public


def test_a_withdrawn_update_leaves_the_public_page_and_followers_are_told_once(
    client, coordinator_client, municipality_a, published, update, django_capture_on_commit_callbacks
):
    FollowerFactory(pledge=published)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            correct_url(municipality_a, update), {"action": "withdrawn", "reason": "Uppdateringen gällde fel löfte."}
        )
    assert len(mail.outbox) == 1
    assert "återkallats" in mail.outbox[0].body and "Tre dialoger" not in mail.outbox[0].body
    assert "Tre dialoger" not in public_page(client, municipality_a, published)
    detail = coordinator_client.get(
        reverse("agreements:commitment-detail", args=[municipality_a.slug, update.commitment_id])
    )
    assert "återkallad" in detail.content.decode()  # officials still see it, marked
    assert coordinator_client.get(correct_url(municipality_a, update)).status_code == 404  # once withdrawn, done


def test_a_reason_is_needed_and_a_failed_form_keeps_what_was_typed(coordinator_client, municipality_a, update):
    response = coordinator_client.post(
        correct_url(municipality_a, update), {"action": "corrected", "text": "Ny <i>text</i>"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ny &lt;i&gt;text&lt;/i&gt;" in page and "Detta fält måste fyllas i" in page
    assert ProgressUpdate.objects.get(pk=update.pk).corrected_at is None


def test_an_internal_update_corrected_tells_nobody(
    coordinator_client, municipality_a, published, commitment_a, django_capture_on_commit_callbacks
):
    FollowerFactory(pledge=published)
    internal = ProgressUpdateFactory(commitment=commitment_a, is_public=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(correct_url(municipality_a, internal), {"action": "withdrawn", "reason": "Dubblett."})
    assert mail.outbox == []


def test_only_coordinators_of_the_municipality_correct(contributor_client, official_b, municipality_a, update):
    from django.test import Client

    assert contributor_client.get(correct_url(municipality_a, update)).status_code == 403
    other = Client()
    other.force_login(official_b)
    assert other.get(correct_url(municipality_a, update)).status_code == 404
