"""A resident who took part follows a walk by e-mail: double opt-in, one
mail when the report is published and one per finding dealt with, a link
to stop that deletes the address, a rate limit, no address in any log."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.models import AuditEvent
from portal.tests.hostile import HOSTILE_STRINGS, RAW_MARKERS
from situation_reports.models import Action
from walks import links, services, tasks
from walks.models import Walk, WalkFollower, WalkFollowerDelivery
from walks.tests.factories import FindingFactory, WalkFactory

pytestmark = pytest.mark.django_db

ADDRESS = "deltagare@example.org"


def _follow(client, walk, email=ADDRESS, **extra):
    url = reverse("walks:public-walk-follow", args=[walk.municipality.slug, walk.pk])
    return client.post(url, {"follow-email": email, **{f"follow-{k}": v for k, v in extra.items()}})


def _link(message, name):
    return re.search(rf"http://\S+/{name}/\S+/", message.body).group(0).replace("http://127.0.0.1:8000", "")


def _confirmed(walk, email=ADDRESS):
    return WalkFollower.objects.create(walk=walk, email=email, confirmed_at=timezone.now())


def _publish(walk, coordinator, captured, hidden=()):
    if not walk.is_held:
        walk.status, walk.held_at = Walk.Status.HELD, timezone.now()
        walk.save()
    with captured(execute=True):
        return services.walk_report_save(
            actor=coordinator,
            walk=walk,
            summary="Belysningen ses över.",
            residents_said="",
            parties_answered="",
            public_photos=[],
            hidden_findings=list(hidden),
            publish=True,
        )


def test_the_public_page_offers_to_follow_the_walk(client, walk_a):
    page = client.get(reverse("walks:public-walk-detail", args=[walk_a.municipality.slug, walk_a.pk]))
    assert page.status_code == 200
    assert 'name="follow-email"' in page.content.decode()


def test_following_takes_a_confirmation_and_can_be_stopped(client, walk_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _follow(client, walk_a, "Deltagare@Example.org")
    assert response.status_code == 302
    follower = WalkFollower.objects.get()
    assert follower.email == ADDRESS and follower.confirmed_at is None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [ADDRESS]
    confirm = _link(mail.outbox[0], "bekrafta")
    # Opening the link only asks: a mail scanner that opens it confirms nothing.
    assert client.get(confirm).status_code == 200
    follower.refresh_from_db()
    assert follower.confirmed_at is None
    client.post(confirm)
    follower.refresh_from_db()
    assert follower.confirmed_at is not None

    unfollow = reverse("walks:public-unfollow", args=[walk_a.municipality.slug, "x"])
    assert client.get(unfollow).status_code == 404
    from portal.following import make_token
    from walks.mail import UNSUBSCRIBE_SALT

    link = reverse("walks:public-unfollow", args=[walk_a.municipality.slug, make_token(follower, UNSUBSCRIBE_SALT)])
    assert client.post(link).status_code == 200
    assert not WalkFollower.objects.exists()  # the address is gone
    assert client.get(link).status_code == 404  # a spent link
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"walk.follow_requested", "walk.follow_confirmed", "walk.follow_ended"} <= actions


def test_asking_twice_sends_one_confirmation_and_answers_the_same(client, walk_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _follow(client, walk_a)
        second = _follow(client, walk_a)
    assert first.status_code == second.status_code == 302
    assert WalkFollower.objects.count() == 1 and len(mail.outbox) == 1


def test_the_honeypot_and_a_bad_address_store_nothing(client, walk_a):
    assert _follow(client, walk_a, website="http://spam.example").status_code == 400
    assert _follow(client, walk_a, email="inte-en-adress").status_code == 400
    assert not WalkFollower.objects.exists()


def test_following_is_rate_limited_per_client(client, walk_a, settings):
    settings.WALKS_FOLLOW_LIMIT = 2
    codes = [_follow(client, walk_a, email=f"person{n}@example.org").status_code for n in range(3)]
    assert codes == [302, 302, 429]
    assert WalkFollower.objects.count() == 2


def test_a_walk_another_municipality_or_not_public_cannot_be_followed(client, walk_a, municipality_b):
    other = WalkFactory(municipality=municipality_b)
    url = reverse("walks:public-walk-follow", args=[walk_a.municipality.slug, other.pk])
    assert client.post(url, {"follow-email": ADDRESS}).status_code == 404
    hidden = WalkFactory(municipality=walk_a.municipality, invitation_public=False)
    assert _follow(client, hidden).status_code == 404
    assert not WalkFollower.objects.exists()


def test_a_participant_follows_a_held_walk_from_the_residents_link(client, walk_a):
    walk_a.status, walk_a.held_at = Walk.Status.HELD, timezone.now()
    walk_a.save()
    assert _follow(client, walk_a).status_code == 404  # not public before its report
    token = links.resident_token(walk_a)
    page = client.get(reverse("walks:public-resident-finding", args=[walk_a.municipality.slug, token]))
    assert 'name="follow-email"' in page.content.decode()
    url = reverse("walks:public-walk-follow", args=[walk_a.municipality.slug, walk_a.pk])
    response = client.post(url, {"follow-email": ADDRESS, "token": token})
    assert response.status_code == 302 and token in response["Location"]
    assert WalkFollower.objects.filter(walk=walk_a).count() == 1


def test_publishing_the_report_tells_confirmed_followers_once(
    walk_a, coordinator_a, django_capture_on_commit_callbacks
):
    _confirmed(walk_a)
    WalkFollower.objects.create(walk=walk_a, email="obekraftad@example.org")
    _publish(walk_a, coordinator_a, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[ADDRESS]]
    message = mail.outbox[0]
    assert walk_a.title in message.subject
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert "/folj/avsluta/" in message.body
    # Unpublished and published again: nothing new to tell.
    with django_capture_on_commit_callbacks(execute=True):
        services.walk_report_save(
            actor=coordinator_a, walk=walk_a, summary="", residents_said="", parties_answered="",
            public_photos=[], hidden_findings=[], publish=False,
        )  # fmt: skip
    _publish(walk_a, coordinator_a, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert WalkFollowerDelivery.objects.get().status == WalkFollowerDelivery.Status.SENT


def test_a_finding_dealt_with_is_told_once_with_what_was_done(
    walk_a, coordinator_a, organisation_a, django_capture_on_commit_callbacks
):
    finding = FindingFactory(walk=walk_a, description="Trasig lampa vid busshållplatsen.")
    hidden = FindingFactory(walk=walk_a, is_public=False)
    for each in (finding, hidden):
        services.finding_to_action(
            actor=coordinator_a, finding=each, organisation=organisation_a, what="Byt lampan",
            due_date=None, today=timezone.localdate(),
        )  # fmt: skip
        each.refresh_from_db()
    _confirmed(walk_a)
    _publish(walk_a, coordinator_a, django_capture_on_commit_callbacks, hidden=[hidden])
    assert len(mail.outbox) == 1  # the report
    Action.objects.filter(pk__in=[finding.action_id, hidden.action_id]).update(
        status=Action.Status.DONE, outcome_note="Lampan är bytt."
    )
    with django_capture_on_commit_callbacks(execute=True):
        tasks.sweep()
        tasks.sweep()
    assert len(mail.outbox) == 2  # one for the public finding, none for the hidden one
    news = mail.outbox[1]
    assert "Lampan är bytt." in news.body and organisation_a.name in news.body


def test_findings_done_before_publication_are_told_by_the_report_alone(
    walk_a, coordinator_a, organisation_a, django_capture_on_commit_callbacks
):
    finding = FindingFactory(walk=walk_a)
    services.finding_to_action(
        actor=coordinator_a, finding=finding, organisation=organisation_a, what="Klipp buskarna",
        due_date=None, today=timezone.localdate(),
    )  # fmt: skip
    finding.refresh_from_db()
    Action.objects.filter(pk=finding.action_id).update(status=Action.Status.DONE)
    _confirmed(walk_a)
    _publish(walk_a, coordinator_a, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.sweep()
    assert len(mail.outbox) == 1


def test_no_address_reaches_a_log(client, walk_a, coordinator_a, caplog, django_capture_on_commit_callbacks):
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        _follow(client, walk_a)
    client.post(_link(mail.outbox[0], "bekrafta"))
    _publish(walk_a, coordinator_a, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2
    assert all(ADDRESS not in record.getMessage() for record in caplog.records)
    assert ADDRESS not in str(WalkFollower.objects.get())
    assert all(ADDRESS not in (event.detail or "") for event in AuditEvent.objects.all())


def test_followers_are_deleted_when_the_retention_period_has_run(walk_a, settings):
    settings.WALKS_FOLLOWER_RETENTION_DAYS = 30
    _confirmed(walk_a)
    walk_a.status, walk_a.held_at = Walk.Status.HELD, timezone.now() - timedelta(days=29)
    walk_a.save()
    assert tasks.erase_due() == 0
    Walk.objects.filter(pk=walk_a.pk).update(held_at=timezone.now() - timedelta(days=31))
    assert tasks.erase_due() == 1
    assert not WalkFollower.objects.exists()


def test_an_action_carried_into_the_next_week_and_done_there_is_told(
    walk_a, coordinator_a, organisation_a, django_capture_on_commit_callbacks
):
    from situation_reports import services as report_services

    finding = FindingFactory(walk=walk_a)
    action = services.finding_to_action(
        actor=coordinator_a, finding=finding, organisation=organisation_a, what="Laga lampan",
        due_date=None, today=timezone.localdate(),
    )  # fmt: skip
    _confirmed(walk_a)
    _publish(walk_a, coordinator_a, django_capture_on_commit_callbacks)
    next_week = report_services.week_close(report=action.report, actor=coordinator_a)
    carried = next_week.actions.get(carried_over_from=action)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.sweep()
    assert len(mail.outbox) == 1  # still planned: nothing new
    Action.objects.filter(pk=carried.pk).update(status=Action.Status.DONE, outcome_note="Lampan lagad vecka två.")
    with django_capture_on_commit_callbacks(execute=True):
        tasks.sweep()
    assert len(mail.outbox) == 2 and "Lampan lagad vecka två." in mail.outbox[1].body


@pytest.mark.parametrize("hostile", [s for s in HOSTILE_STRINGS if len(s) < 200 and "\x00" not in s])
def test_hostile_walk_titles_are_escaped_in_the_followers_mail(
    walk_a, coordinator_a, hostile, django_capture_on_commit_callbacks
):
    Walk.objects.filter(pk=walk_a.pk).update(title=hostile)
    walk_a.refresh_from_db()
    _confirmed(walk_a)
    _publish(walk_a, coordinator_a, django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert not any(marker in html for marker in RAW_MARKERS)
    assert "\n" not in message.subject and "\r" not in message.subject


def test_a_failed_mail_to_a_follower_is_listed_for_coordinators_and_sent_again(
    coordinator_client, walk_a, django_capture_on_commit_callbacks
):
    walk_a.status, walk_a.held_at, walk_a.report_published_at = Walk.Status.HELD, timezone.now(), timezone.now()
    walk_a.save()
    row = WalkFollowerDelivery.objects.create(
        follower=_confirmed(walk_a), kind=WalkFollowerDelivery.Kind.REPORT, object_id=walk_a.pk,
        status=WalkFollowerDelivery.Status.FAILED, attempts=5, last_error="SMTPRecipientsRefused",
    )  # fmt: skip
    slug = walk_a.municipality.slug
    page = coordinator_client.get(reverse("portal:delivery-failed-list", args=[slug])).content.decode()
    assert walk_a.title in page and "SMTPRecipientsRefused" in page
    assert ADDRESS not in page  # never a resident's address
    data = {"kind": "walks.walkfollowerdelivery", "delivery": row.pk}
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(reverse("portal:delivery-resend", args=[slug]), data)
    row.refresh_from_db()
    assert row.status == WalkFollowerDelivery.Status.SENT and [m.to for m in mail.outbox] == [[ADDRESS]]
