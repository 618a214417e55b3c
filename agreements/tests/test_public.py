"""Residents' pages and following a pledge by email."""

import re
from smtplib import SMTPServerDisconnected
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from agreements import services, tasks
from agreements.models import Agreement, FollowerDelivery, PledgeFollower
from agreements.tests.factories import (
    AgreementFactory,
    CommitmentFactory,
    EvaluationFactory,
    FocusAreaFactory,
    FollowerFactory,
    PledgeFactory,
    ProgressUpdateFactory,
)
from portal import queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(pledge_a, commitment_a):
    pledge_a.is_published = True
    pledge_a.published_at = pledge_a.created
    pledge_a.save()
    return pledge_a


def _public(client, municipality):
    return client.get(f"/kommun/{municipality.slug}/").content.decode()


@time_machine.travel("2026-05-10 12:00 +0200")
def test_the_municipality_page_shows_the_active_agreement(client, municipality_a, agreement_a):
    content = _public(client, municipality_a)
    assert "Vår samverkansöverenskommelse" in content
    assert agreement_a.title in content and "Välfärdsbrott" in content and "Johan Lundberg" in content
    detail = client.get(reverse("agreements:public-agreement-detail", args=[municipality_a.slug, agreement_a.pk]))
    assert detail.status_code == 200


@time_machine.travel("2026-05-10 12:00 +0200")
def test_a_draft_agreement_is_not_public(client, municipality_a, agreement_a):
    agreement_a.signatories.filter(name="Anna Berg").update(signed_on=None)  # one party has not signed
    assert agreement_a.title not in _public(client, municipality_a)
    url = reverse("agreements:public-agreement-detail", args=[municipality_a.slug, agreement_a.pk])
    assert client.get(url).status_code == 404
    pdf = reverse("agreements:public-agreement-pdf", args=[municipality_a.slug, agreement_a.pk])
    assert client.get(pdf).status_code == 404


def test_an_agreement_is_not_public_through_another_municipality(client, municipality_b, agreement_a):
    url = reverse("agreements:public-agreement-detail", args=[municipality_b.slug, agreement_a.pk])
    assert client.get(url).status_code == 404


def test_an_unpublished_pledge_is_not_public(client, municipality_a, pledge_a, commitment_a):
    assert pledge_a.title not in _public(client, municipality_a)
    url = reverse("agreements:public-pledge-detail", args=[municipality_a.slug, pledge_a.pk])
    assert client.get(url).status_code == 404
    follow = reverse("agreements:public-pledge-follow", args=[municipality_a.slug, pledge_a.pk])
    assert client.post(follow, {"email": "a@example.org"}).status_code == 404


def test_a_published_pledge_shows_progress_updates_but_not_internal_notes(
    client, municipality_a, published, commitment_a
):
    commitment_a.count_reached = 2
    commitment_a.status = "ongoing"
    commitment_a.save()
    ProgressUpdateFactory(commitment=commitment_a, text="Dialog i centrum hölls.")
    ProgressUpdateFactory(commitment=commitment_a, text="Intern: personalbrist.", is_public=False)
    content = _public(client, municipality_a)
    assert published.title in content and 'value="67"' in content
    assert "Framsteg 67 %: 0 av 1 åtagande är klart" in content
    detail = client.get(reverse("agreements:public-pledge-detail", args=[municipality_a.slug, published.pk]))
    text = detail.content.decode()
    assert "Dialog i centrum hölls." in text and "2 av 3" in text
    assert "personalbrist" not in text


def test_an_evaluated_pledge_is_listed_with_its_outcome(client, municipality_a, published):
    EvaluationFactory(pledge=published, outcome="met", text="Alla dialoger hölls.")
    content = _public(client, municipality_a)
    assert "Utvärderade medborgarlöften" in content and "Uppfyllt" in content
    detail = client.get(reverse("agreements:public-pledge-detail", args=[municipality_a.slug, published.pk]))
    assert "Alla dialoger hölls." in detail.content.decode()


def test_the_public_page_keeps_a_fixed_number_of_queries(
    client, municipality_a, published, django_assert_max_num_queries
):
    def page():
        with django_assert_max_num_queries(12) as queries:
            client.get(f"/kommun/{municipality_a.slug}/")
        return len(queries)

    AgreementFactory(municipality=municipality_a)
    few = page()
    for _ in range(5):
        pledge = PledgeFactory(municipality=municipality_a, published=True)
        for _ in range(3):
            CommitmentFactory.create_batch(3, focus_area=FocusAreaFactory(pledge=pledge))
    assert page() == few


# --- Following by email -----------------------------------------------------------


def _follow(client, municipality, pledge, email="invanare@example.org", **extra):
    url = reverse("agreements:public-pledge-follow", args=[municipality.slug, pledge.pk])
    return client.post(url, {"email": email, **extra})


def _link(message, name):
    return re.search(rf"http://\S+/{name}/\S+/", message.body).group(0).replace("http://127.0.0.1:8000", "")


def test_following_takes_a_confirmation_then_sends_news_and_can_be_stopped(
    client, django_capture_on_commit_callbacks, municipality_a, published, commitment_a, contributor_a
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _follow(client, municipality_a, published, "Invanare@Example.org")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    follower = PledgeFollower.objects.get()
    assert follower.email == "invanare@example.org" and follower.confirmed_at is None
    confirm = _link(mail.outbox[0], "bekrafta")
    # Opening the link only asks; a mail scanner that opens it confirms nothing.
    assert "Ja, följ medborgarlöftet" in client.get(confirm).content.decode()
    follower.refresh_from_db()
    assert follower.confirmed_at is None
    client.post(confirm)
    follower.refresh_from_db()
    assert follower.confirmed_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        services.progress_update_add(
            actor=contributor_a, commitment=commitment_a, organisation=None, day=published.period_start,
            text="Första dialogen hölls.", is_public=True, status="ongoing", count_reached=1,
        )  # fmt: skip
    news = mail.outbox[1]
    assert news.to == ["invanare@example.org"] and "Första dialogen hölls." in news.body
    assert news.extra_headers["List-Unsubscribe"].startswith("<http")
    assert FollowerDelivery.objects.get().status == "sent"

    stop = _link(news, "avsluta")
    client.post(stop)
    assert not PledgeFollower.objects.exists()
    assert "Du följer inte längre" in client.post(stop).content.decode()


def test_unconfirmed_followers_and_internal_updates_send_nothing(
    django_capture_on_commit_callbacks, published, commitment_a, contributor_a
):
    FollowerFactory(pledge=published, confirmed_at=None)
    confirmed = FollowerFactory(pledge=published)
    with django_capture_on_commit_callbacks(execute=True):
        services.progress_update_add(
            actor=contributor_a, commitment=commitment_a, organisation=None, day=published.period_start,
            text="Intern.", is_public=False, status="ongoing",
        )  # fmt: skip
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.progress_update_add(
            actor=contributor_a, commitment=commitment_a, organisation=None, day=published.period_start,
            text="Publik.", is_public=True, status="ongoing",
        )  # fmt: skip
    assert [m.to for m in mail.outbox] == [[confirmed.email]]


def test_asking_twice_sends_one_confirmation_and_says_the_same(
    client, django_capture_on_commit_callbacks, municipality_a, published
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _follow(client, municipality_a, published)
        second = _follow(client, municipality_a, published)
    assert first.status_code == second.status_code == 302
    assert len(mail.outbox) == 1
    assert PledgeFollower.objects.count() == 1


def test_dispatching_twice_sends_one_email(django_capture_on_commit_callbacks, published, commitment_a, contributor_a):
    FollowerFactory(pledge=published)
    with django_capture_on_commit_callbacks(execute=True):
        update = services.progress_update_add(
            actor=contributor_a, commitment=commitment_a, organisation=None, day=published.period_start,
            text="Nytt.", is_public=True, status="ongoing",
        )  # fmt: skip
    tasks.dispatch_deliveries.delay("progress", update.pk)
    tasks.sweep_pending_deliveries.delay()
    assert len(mail.outbox) == 1


def test_an_evaluation_is_told_once(django_capture_on_commit_callbacks, published, coordinator_a):
    FollowerFactory(pledge=published)
    for outcome in ("partly", "met"):
        with django_capture_on_commit_callbacks(execute=True):
            services.evaluation_record(
                actor=coordinator_a, pledge=published, outcome=outcome, text="Klart.", evaluated_on=published.period_end
            )
    assert len(mail.outbox) == 1
    assert "har utvärderats" in mail.outbox[0].subject


def test_a_failing_mail_server_is_retried_then_recorded(
    django_capture_on_commit_callbacks, published, commitment_a, contributor_a, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    FollowerFactory(pledge=published)
    failing = mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=SMTPServerDisconnected("down")
    )
    with failing as send:
        with django_capture_on_commit_callbacks(execute=True):
            services.progress_update_add(
                actor=contributor_a, commitment=commitment_a, organisation=None, day=published.period_start,
                text="Nytt.", is_public=True, status="ongoing",
            )  # fmt: skip
        for _ in range(tasks.MAX_RETRIES + 2):
            time_machine.shift(7 * 60 * 60)  # past the longest backoff
            tasks.sweep_pending_deliveries.delay()
    assert send.call_count == tasks.MAX_RETRIES + 1
    delivery = FollowerDelivery.objects.get()
    assert delivery.status == "failed" and delivery.last_error == "SMTPServerDisconnected"
    assert "@" not in delivery.last_error


def test_a_broker_that_is_down_does_not_break_the_request(
    client, django_capture_on_commit_callbacks, municipality_a, published, caplog
):
    broker_down = mock.patch.object(
        tasks.send_follow_confirmation, "apply_async", side_effect=OperationalError("no broker")
    )
    queue.reset()
    with broker_down, django_capture_on_commit_callbacks(execute=True):
        response = _follow(client, municipality_a, published)
    queue.reset()
    assert response.status_code == 302
    assert PledgeFollower.objects.exists()
    assert "agreements.send_follow_confirmation not queued, it waits for the sweep" in caplog.text
    assert "invanare@example.org" not in caplog.text


def test_the_honeypot_refuses_bots(client, municipality_a, published):
    response = _follow(client, municipality_a, published, website="http://spam.example")
    assert response.status_code == 400
    assert not PledgeFollower.objects.exists()


def test_an_invalid_email_is_explained_in_swedish(client, municipality_a, published):
    response = _follow(client, municipality_a, published, email="inte-en-adress")
    assert response.status_code == 400
    assert "Fyll i en giltig e-postadress." in response.content.decode()


def test_too_many_requests_from_one_client_are_refused(client, municipality_a, published):
    for n in range(5):
        assert _follow(client, municipality_a, published, email=f"a{n}@example.org").status_code == 302
    assert _follow(client, municipality_a, published, email="x@example.org").status_code == 429


def test_forged_or_foreign_links_do_nothing(client, municipality_a, municipality_b, published):
    from agreements import mail as agreement_mail

    follower = FollowerFactory(pledge=published, confirmed_at=None)
    token = agreement_mail.make_token(follower, agreement_mail.CONFIRM_SALT)
    foreign = reverse("agreements:public-follow-confirm", args=[municipality_b.slug, token])
    assert client.post(foreign).status_code == 404
    forged = reverse("agreements:public-follow-confirm", args=[municipality_a.slug, token[:-2] + "xx"])
    assert client.post(forged).status_code == 404
    # A confirmation token does not unsubscribe, nor the other way round.
    assert client.get(reverse("agreements:public-unfollow", args=[municipality_a.slug, token])).status_code == 404
    follower.refresh_from_db()
    assert follower.confirmed_at is None


def test_the_pdf_of_an_active_agreement_is_public(client, municipality_a):
    agreement = AgreementFactory(municipality=municipality_a)
    assert not Agreement.objects.signed().filter(pk=agreement.pk).exists()


def test_the_rate_limit_keeps_no_address(client, municipality_a, published):
    from django.core.cache import cache

    _follow(client, municipality_a, published)
    keys = list(getattr(cache, "_cache", {}).keys())
    assert keys and not any("127.0.0.1" in str(key) for key in keys)


def test_the_sweep_sends_what_the_broker_missed(published, settings):
    from datetime import timedelta

    from django.utils import timezone

    follower = FollowerFactory(pledge=published)
    update = ProgressUpdateFactory(commitment=published.focus_areas.get().commitments.get())
    delivery = FollowerDelivery.objects.create(follower=follower, kind="progress", object_id=update.pk)
    FollowerDelivery.objects.filter(pk=delivery.pk).update(created=timezone.now() - timedelta(minutes=30))
    assert "agreements-sweep-deliveries" in settings.CELERY_BEAT_SCHEDULE
    tasks.sweep_pending_deliveries.delay()
    delivery.refresh_from_db()
    assert delivery.status == "sent" and len(mail.outbox) == 1
