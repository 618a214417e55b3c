"""Followers of a walk hear when its published report is edited: one short
mail once the edit has rested (the saves of one sitting are one mail, and
there is at most one a day), nothing for a save residents cannot see or an
edit undone, nothing to an address that stopped following."""

from __future__ import annotations

import re
import uuid
from contextlib import contextmanager
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.models import AuditEvent
from portal.tests.hostile import HOSTILE_STRINGS, RAW_MARKERS
from walks import selectors, services, tasks
from walks.models import Walk, WalkFollower, WalkFollowerDelivery, WalkReportUpdate
from walks.tests.factories import FindingFactory, FindingPhotoFactory

pytestmark = pytest.mark.django_db

ADDRESS = "deltagare@example.org"
# Past both the quiet period after an edit and the interval since followers were told.
RESTED = selectors.REPORT_UPDATE_INTERVAL + timedelta(minutes=1)


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def published(walk_a, coordinator_a, capture):
    """walk_a held and published, with one confirmed follower told of it."""
    WalkFollower.objects.create(walk=walk_a, email=ADDRESS, confirmed_at=timezone.now())
    walk_a.status, walk_a.held_at = Walk.Status.HELD, timezone.now()
    walk_a.save()
    _save(walk_a, coordinator_a, capture, summary="Belysningen ses över.")
    assert [m.subject for m in mail.outbox] == [f"Rapporten från ”{walk_a.title}” är publicerad"]
    mail.outbox.clear()
    walk_a.refresh_from_db()
    return walk_a


def _save(walk, actor, capture, *, summary="Belysningen ses över.", hidden=(), photos=(), publish=True):
    with capture():
        services.walk_report_save(
            actor=actor,
            walk=walk,
            summary=summary,
            residents_said="",
            parties_answered="",
            public_photos=list(photos),
            hidden_findings=list(hidden),
            publish=publish,
        )


@contextmanager
def _later(delta):
    with time_machine.travel(timezone.now() + delta, tick=False):
        yield


def _sweep(capture, after=RESTED):
    with _later(after), capture():
        tasks.sweep()


def test_an_edit_of_the_published_report_is_told_once_after_it_has_rested(published, coordinator_a, capture):
    _save(published, coordinator_a, capture, summary="Belysningen är lagad vid torget.")
    assert mail.outbox == []  # not at once: another save may follow
    _sweep(capture, after=selectors.REPORT_UPDATE_QUIET + timedelta(minutes=1))
    assert mail.outbox == []  # at most one a day after the report mail
    _sweep(capture)
    assert [m.to for m in mail.outbox] == [[ADDRESS]]
    message = mail.outbox[0]
    assert message.subject == f"Rapporten från ”{published.title}” har uppdaterats"
    page = reverse("walks:public-walk-detail", args=[published.municipality.slug, published.pk])
    assert f"http://127.0.0.1:8000{page}" in message.body
    assert re.search(r"http://\S+/folj/avsluta/\S+/", message.body)
    assert "/folj/avsluta/" in message.alternatives[0][0]
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    update = WalkReportUpdate.objects.get()
    row = WalkFollowerDelivery.objects.get(kind=WalkFollowerDelivery.Kind.UPDATED)
    assert row.object_id == update.pk and row.status == WalkFollowerDelivery.Status.SENT
    assert AuditEvent.objects.filter(action="walk.report_update_told", object_id=str(published.pk)).count() == 1
    _sweep(capture, after=RESTED * 2)
    assert len(mail.outbox) == 1  # told once


def test_five_saves_in_a_minute_make_one_mail(published, coordinator_a, capture):
    finding = FindingFactory(walk=published)
    with _later(RESTED):
        for n in range(5):
            with _later(timedelta(seconds=10 * n)):
                _save(published, coordinator_a, capture, summary=f"Version {n}.", hidden=[finding] if n % 2 else [])
    _sweep(capture, after=RESTED + timedelta(minutes=10))
    assert mail.outbox == []  # the last save was ten minutes ago: it has not rested
    _sweep(capture, after=RESTED + selectors.REPORT_UPDATE_QUIET + timedelta(minutes=2))
    assert len(mail.outbox) == 1
    assert WalkFollowerDelivery.objects.filter(kind=WalkFollowerDelivery.Kind.UPDATED).count() == 1


def test_a_save_that_changes_nothing_residents_see_sends_nothing(published, coordinator_a, contributor_a, capture):
    hidden = FindingFactory(walk=published, is_public=False)
    photo = FindingPhotoFactory(finding=hidden)
    _save(published, coordinator_a, capture, hidden=[hidden])  # the same again
    _save(published, coordinator_a, capture, hidden=[hidden], photos=[photo])  # a photo of a hidden finding
    published.refresh_from_db()
    published.invitation = "Ny inbjudan"  # the held walk's page does not show the invitation
    services.walk_save(actor=contributor_a, walk=published, organisations=list(published.organisations.all()))
    _sweep(capture, after=RESTED * 2)
    assert mail.outbox == []
    assert not Walk.objects.filter(report_changed_at__isnull=False).exists()


def test_an_edit_undone_before_it_was_told_sends_nothing(published, coordinator_a, capture):
    _save(published, coordinator_a, capture, summary="Fel text.")
    _save(published, coordinator_a, capture, summary="Belysningen ses över.")
    _sweep(capture)
    assert mail.outbox == [] and not WalkReportUpdate.objects.exists()


def test_a_second_edit_waits_a_day_after_the_first_was_told(published, coordinator_a, capture):
    _save(published, coordinator_a, capture, summary="Första ändringen.")
    _sweep(capture)
    with _later(RESTED):
        _save(published, coordinator_a, capture, summary="Andra ändringen.")
    _sweep(capture, after=RESTED + timedelta(hours=1))
    assert len(mail.outbox) == 1
    _sweep(capture, after=RESTED * 2)
    assert len(mail.outbox) == 2 and WalkReportUpdate.objects.count() == 2


def test_followers_who_stopped_or_never_confirmed_get_nothing(published, coordinator_a, capture):
    services.follower_unsubscribe(follower=WalkFollower.objects.get(email=ADDRESS))
    WalkFollower.objects.create(walk=published, email="obekraftad@example.org")
    _save(published, coordinator_a, capture, summary="Ändrad.")
    _sweep(capture)
    assert mail.outbox == []
    assert not WalkFollowerDelivery.objects.exists()


def test_a_follower_who_stops_before_the_mail_went_is_told_nothing(
    published, coordinator_a, capture, django_capture_on_commit_callbacks
):
    _save(published, coordinator_a, capture, summary="Ändrad.")
    with _later(RESTED), django_capture_on_commit_callbacks(execute=False):  # the broker lost the task
        assert services.walk_report_update_notify(walk_id=published.pk) == 1
    assert WalkFollowerDelivery.objects.filter(status=WalkFollowerDelivery.Status.PENDING).count() == 1
    services.follower_unsubscribe(follower=WalkFollower.objects.get(email=ADDRESS))
    _sweep(capture)
    assert mail.outbox == []


def test_a_report_unpublished_before_the_edit_was_told_sends_nothing(published, coordinator_a, capture):
    _save(published, coordinator_a, capture, summary="Ändrad.")
    _save(published, coordinator_a, capture, summary="Ändrad.", publish=False)
    _sweep(capture)
    assert mail.outbox == []


def test_a_report_published_again_with_other_content_is_told_as_updated(published, coordinator_a, capture):
    _save(published, coordinator_a, capture, publish=False)
    _save(published, coordinator_a, capture, summary="Ny version.")
    _sweep(capture)
    assert [m.subject for m in mail.outbox] == [f"Rapporten från ”{published.title}” har uppdaterats"]


def test_an_official_adding_a_finding_or_retitling_the_walk_is_an_edit(
    published, coordinator_a, contributor_a, capture
):
    first_title = published.title
    data = {"description": "Ny lampa behövs vid entrén."}
    services.finding_record(walk=published, data=data, photos=[], idempotency_key=uuid.uuid4(), actor=contributor_a)
    _sweep(capture)
    published.refresh_from_db()
    published.title = "Kvällsvandring i centrum"
    services.walk_save(actor=contributor_a, walk=published, organisations=[])
    _sweep(capture, after=RESTED * 2)
    assert [m.subject for m in mail.outbox] == [
        f"Rapporten från ”{first_title}” har uppdaterats",
        "Rapporten från ”Kvällsvandring i centrum” har uppdaterats",
    ]


def test_a_report_published_before_fingerprints_were_kept_is_compared_as_it_stood(published, coordinator_a, capture):
    Walk.objects.filter(pk=published.pk).update(report_told_hash="", report_told_at=None)
    published.refresh_from_db()
    _save(published, coordinator_a, capture)  # the same text: nothing to tell
    _sweep(capture)
    assert mail.outbox == []
    _save(published, coordinator_a, capture, summary="Ändrad.")
    _sweep(capture, after=RESTED * 2)
    assert len(mail.outbox) == 1


def test_the_mail_shows_only_what_the_public_page_shows(published, coordinator_a, capture):
    hidden = FindingFactory(walk=published, description="Dold anteckning om en granne")
    _save(published, coordinator_a, capture, summary="Offentlig sammanfattning", hidden=[hidden])
    _sweep(capture)
    message = mail.outbox[0]
    text = message.body + message.alternatives[0][0]
    for secret in ("Dold anteckning", coordinator_a.email, coordinator_a.username, published.resident_nonce):
        assert secret not in text


@pytest.mark.parametrize("hostile", [s for s in HOSTILE_STRINGS if len(s) < 200 and "\x00" not in s])
def test_hostile_walk_titles_are_escaped_in_the_updated_mail(published, coordinator_a, capture, hostile):
    Walk.objects.filter(pk=published.pk).update(title=hostile)
    published.refresh_from_db()
    _save(published, coordinator_a, capture, summary="Ändrad.")
    _sweep(capture)
    message = mail.outbox[0]
    assert not any(marker in message.alternatives[0][0] for marker in RAW_MARKERS)
    assert "\n" not in message.subject and "\r" not in message.subject


def test_saving_the_report_form_twice_in_a_sitting_tells_followers_once(published, coordinator_client, capture):
    url = reverse("walks:walk-report", args=[published.municipality.slug, published.pk])
    for summary in ("Lampan är beställd.", "Lampan är beställd och kommer i maj."):
        data = {"summary": summary, "residents_said": "", "parties_answered": "", "publish": "on"}
        with capture():
            assert coordinator_client.post(url, data).status_code == 302
    _sweep(capture)
    assert len(mail.outbox) == 1
    public = reverse("walks:public-walk-detail", args=[published.municipality.slug, published.pk])
    assert "Lampan är beställd och kommer i maj." in coordinator_client.get(public).content.decode()


def test_the_update_waits_while_the_edit_rests_and_is_dropped_when_nothing_differs(published, capture):
    Walk.objects.filter(pk=published.pk).update(report_changed_at=timezone.now())  # marked, yet shows what was told
    with capture():
        assert services.walk_report_update_notify(walk_id=published.pk) == 0  # not rested yet: still marked
    assert Walk.objects.filter(pk=published.pk, report_changed_at__isnull=False).exists()
    with _later(RESTED), capture():
        assert services.walk_report_update_notify(walk_id=published.pk) == 0
    published.refresh_from_db()
    assert published.report_changed_at is None and not WalkReportUpdate.objects.exists() and mail.outbox == []
