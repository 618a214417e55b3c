"""Retention: WALKS_RETENTION_DAYS after a walk, the photos not published
with its report and the text residents typed are erased; officials'
findings, places, categories and actions stay."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from portal.models import AuditEvent
from walks import tasks
from walks.models import Finding, FindingPhoto, Walk
from walks.tests.factories import FindingFactory

pytestmark = pytest.mark.django_db

RESIDENT_TEXT = "Jag går aldrig här när det är mörkt, buskarna skymmer allt."


def _photo(finding, *, public: bool) -> FindingPhoto:
    photo = FindingPhoto(finding=finding, width=1, height=1, size=4, is_public=public)
    photo.image.save("photo.jpg", ContentFile(b"\xff\xd8\xff\xd9"), save=True)
    return photo


@pytest.fixture
def held_walk(walk_a, settings):
    settings.WALKS_RETENTION_DAYS = 90
    walk_a.status = Walk.Status.HELD
    walk_a.held_at = timezone.now() - timedelta(days=89)
    walk_a.report_published_at = timezone.now() - timedelta(days=80)
    walk_a.save()
    return walk_a


def test_unpublished_photos_and_residents_text_are_erased_when_the_period_has_run(held_walk):
    official = FindingFactory(walk=held_walk, description="Trasig belysning vid Ladbrogatan.")
    resident = FindingFactory(walk=held_walk, source=Finding.Source.RESIDENT, description=RESIDENT_TEXT)
    hidden_finding = FindingFactory(walk=held_walk, is_public=False)
    published = _photo(official, public=True)
    not_chosen = _photo(official, public=False)
    of_hidden = _photo(hidden_finding, public=True)
    files = {photo.pk: photo.image.path for photo in (published, not_chosen, of_hidden)}

    assert tasks.erase_due() == 0  # one day early: nothing
    assert FindingPhoto.objects.count() == 3
    Walk.objects.filter(pk=held_walk.pk).update(held_at=timezone.now() - timedelta(days=91))
    assert tasks.erase_due() == 1

    assert list(FindingPhoto.objects.values_list("pk", flat=True)) == [published.pk]
    assert os.path.exists(files[published.pk])
    assert not os.path.exists(files[not_chosen.pk]) and not os.path.exists(files[of_hidden.pk])
    resident.refresh_from_db()
    official.refresh_from_db()
    assert resident.description == "" and resident.text_erased_at is not None
    assert official.description == "Trasig belysning vid Ladbrogatan." and official.text_erased_at is None
    event = AuditEvent.objects.get(action="walk.retention_applied")
    assert event.detail == "photos=2 texts=1 followers=0"
    assert tasks.erase_due() == 0  # nothing left to erase


def test_every_photo_of_a_walk_whose_report_was_never_published_goes(held_walk):
    Walk.objects.filter(pk=held_walk.pk).update(report_published_at=None, held_at=timezone.now() - timedelta(days=91))
    _photo(FindingFactory(walk=held_walk), public=True)
    assert tasks.erase_due() == 1
    assert not FindingPhoto.objects.exists()


def test_the_public_report_says_a_residents_text_was_erased(client, held_walk):
    FindingFactory(walk=held_walk, source=Finding.Source.RESIDENT, description=RESIDENT_TEXT)
    Walk.objects.filter(pk=held_walk.pk).update(held_at=timezone.now() - timedelta(days=91))
    tasks.erase_due()
    page = client.get(f"/kommun/{held_walk.municipality.slug}/vandringar/{held_walk.pk}/").content.decode()
    assert RESIDENT_TEXT not in page
    assert "raderades" in page or "erased" in page


def test_a_residents_text_is_not_copied_into_the_weekly_picture(walk_a, coordinator_a, organisation_a, place_a):
    from portal.models import Category
    from walks import services

    category = Category.objects.filter(is_active=True).first()
    FindingFactory(
        walk=walk_a, source=Finding.Source.RESIDENT, description=RESIDENT_TEXT, place=place_a, category=category
    )
    services.walk_hold(actor=coordinator_a, walk=walk_a, organisation=organisation_a)
    observation = Finding.objects.get().observation
    assert observation is not None and RESIDENT_TEXT not in observation.description
