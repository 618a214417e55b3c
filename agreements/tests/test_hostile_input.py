"""The shared corpus of hostile input through this app's forms, pages and email."""

import pytest
from django.core import mail
from django.urls import reverse

from agreements.models import CitizenPledge, Commitment
from agreements.tests.factories import FollowerFactory
from portal import est
from portal.tests.hostile import HOSTILE_STRINGS, RAW_MARKERS

pytestmark = pytest.mark.django_db


def _clean(page):
    content = page.content.decode()
    assert page.status_code == 200
    for marker in RAW_MARKERS:
        assert marker not in content


@pytest.mark.parametrize("text", HOSTILE_STRINGS, ids=range(len(HOSTILE_STRINGS)))
def test_hostile_text_is_refused_or_escaped_everywhere_it_shows(
    client, coordinator_a, contributor_a, municipality_a, pledge_a, area_a, commitment_a, text,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    slug = municipality_a.slug
    client.force_login(coordinator_a)
    pledge_data = {
        "title": text[:200], "period_start": "2026-01-01", "period_end": "2026-12-31", "introduction": text,
        "areas-TOTAL_FORMS": "1", "areas-INITIAL_FORMS": "1", "areas-MIN_NUM_FORMS": "0", "areas-MAX_NUM_FORMS": "20",
        "areas-0-id": area_a.pk, "areas-0-pledge": pledge_a.pk, "areas-0-position": "1", "areas-0-title": text[:150],
        "signatories-TOTAL_FORMS": "0", "signatories-INITIAL_FORMS": "0",
        "signatories-MIN_NUM_FORMS": "0", "signatories-MAX_NUM_FORMS": "30",
    }  # fmt: skip
    response = client.post(reverse("agreements:pledge-edit", args=[slug, pledge_a.pk]), pledge_data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "is-invalid" in response.content.decode()
    commitment_a.what = text[:250].replace("\x00", "")
    commitment_a.save()
    client.post(reverse("agreements:pledge-publish", args=[slug, pledge_a.pk]), {"action": "publish"})
    FollowerFactory(pledge=pledge_a)

    client.force_login(contributor_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("agreements:commitment-detail", args=[slug, commitment_a.pk]),
            {"day": "2026-01-02", "text": text, "status": "ongoing", "count_reached": "1", "is_public": "on"},
        )
    for url in [
        reverse("agreements:pledge-list", args=[slug]),
        reverse("agreements:pledge-detail", args=[slug, pledge_a.pk]),
        reverse("agreements:commitment-detail", args=[slug, commitment_a.pk]),
        reverse("agreements:commitment-due", args=[slug]),
        reverse("portal:municipality-home", args=[slug]),
        f"/kommun/{slug}/",
        reverse("agreements:public-pledge-detail", args=[slug, pledge_a.pk]),
    ]:
        _clean(client.get(url))
    assert CitizenPledge.objects.get().is_published
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        html = message.alternatives[0][0]
        for marker in RAW_MARKERS:
            assert marker not in html
    assert Commitment.objects.count() == 1
    if len(text) < 2000 and "\x00" not in text and not est.flags(text):  # EST refuses e-mail addresses and names
        assert len(mail.outbox) == 1
