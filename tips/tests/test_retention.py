"""Retention: closed tips lose their personal data when the period is over."""

import os
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from portal.models import AuditEvent
from tips import tasks
from tips.models import TipErasure, TipPhoto, TipStatus
from tips.tests.conftest import jpeg_bytes
from tips.tests.factories import TipFactory, TipMessageFactory

pytestmark = pytest.mark.django_db


def closed_tip(municipality, days_ago: float, status=TipStatus.CLOSED, **kwargs):
    return TipFactory(
        municipality=municipality,
        status=status,
        closed_at=timezone.now() - timedelta(days=days_ago),
        close_reason="dealt_with" if status == TipStatus.CLOSED else "",
        contact_name="Kim",
        contact_email="kim@example.org",
        contact_phone="070-1234567",
        close_note="Åtgärdat av gatukontoret",
        **kwargs,
    )


def test_erases_exactly_what_is_due(django_capture_on_commit_callbacks, municipality_a, municipality_b):
    municipality_a.tip_retention_days = 90
    municipality_a.save()
    municipality_b.tip_retention_days = 30
    municipality_b.save()
    due = closed_tip(municipality_a, 91, category_id=None)
    spam_due = closed_tip(municipality_a, 91, status=TipStatus.SPAM)
    not_yet = closed_tip(municipality_a, 89)
    other_rules = closed_tip(municipality_b, 31)
    still_open = TipFactory(municipality=municipality_a, contact_name="Kim")
    photo = TipPhoto(tip=due, width=1, height=1, size=1)
    photo.image.save("x.jpg", ContentFile(jpeg_bytes()), save=False)
    photo.save()
    stored_file = photo.image.path
    TipMessageFactory.create_batch(2, tip=due)
    TipMessageFactory(tip=not_yet)

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.erase_due() == 3

    due.refresh_from_db()
    assert (due.description, due.where_text, due.when_text, due.contact_name, due.contact_email) == ("",) * 5
    assert (due.contact_phone, due.close_note) == ("", "")
    assert due.status == TipStatus.CLOSED and due.created and due.personal_data_erased_at
    assert not due.messages.exists() and not due.photos.exists()
    assert not os.path.exists(stored_file)
    erasure = TipErasure.objects.get(tip=due)
    assert (erasure.photos, erasure.messages, erasure.retention_days) == (1, 2, 90)
    assert "contact_email" in erasure.fields and "description" in erasure.fields
    assert AuditEvent.objects.filter(action="tip.personal_data_erased", object_id=str(due.pk)).exists()
    for untouched in (not_yet, still_open):
        untouched.refresh_from_db()
        assert untouched.contact_name == "Kim" and untouched.personal_data_erased_at is None
    assert not_yet.messages.count() == 1
    for erased in (spam_due, other_rules):
        erased.refresh_from_db()
        assert erased.contact_name == "" and erased.personal_data_erased_at


def test_running_twice_erases_once(municipality_a):
    closed_tip(municipality_a, 1000)
    assert tasks.erase_due() == 1
    assert tasks.erase_due() == 0
    assert TipErasure.objects.count() == 1


def test_a_tip_reopened_after_being_queued_is_not_erased(municipality_a):
    tip = closed_tip(municipality_a, 1000)
    tip.status = TipStatus.IN_REVIEW
    tip.closed_at = None
    tip.save()
    tasks.erase_tip(tip.pk)
    tip.refresh_from_db()
    assert tip.contact_name == "Kim"


def test_the_erasure_is_shown_on_the_tip(contributor_client, municipality_a):
    tip = closed_tip(municipality_a, 1000)
    tasks.erase_due()
    content = contributor_client.get(f"/intern/{municipality_a.slug}/tips/{tip.pk}/").content.decode()
    assert "raderades" in content and "Kim" not in content


def test_the_daily_task_is_scheduled(settings):
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"tips.erase_due", "tips.sweep_notifications"} <= schedule
