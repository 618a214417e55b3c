"""The EST check on a walk's free text, as the observation form has it: a
hard identifier is refused quoting it, a likely name is saved only when
ticked "not about a person" with a reason, which is recorded."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import AuditEvent
from walks import links
from walks.models import Finding, Walk

pytestmark = pytest.mark.django_db

NAME = "Klotter om Elsa Beskow på muren vid torget"
REASON = "Namnet på en författare i klottret, ingen boende"


def _finding(**extra) -> dict:
    return {"kind": "graffiti", "description": NAME, "idempotency_key": str(uuid.uuid4()), **extra}


def _official_url(walk):
    return reverse("walks:finding-create", args=[walk.municipality.slug, walk.pk])


def test_a_likely_name_in_an_officials_finding_needs_the_tick_and_a_reason(contributor_client, walk_a):
    data = _finding()
    refused = contributor_client.post(_official_url(walk_a), data)
    page = refused.content.decode()
    assert refused.status_code == 400 and "”Elsa Beskow” ser ut som en persons namn." in page
    assert "data-est-confirm hidden" not in page and NAME in page  # the tick is shown, the text kept
    as_json = contributor_client.post(_official_url(walk_a), data, HTTP_X_WALKS_SCRIPT="1")
    assert as_json.status_code == 400 and as_json.json()["est"] is True
    no_reason = contributor_client.post(_official_url(walk_a), {**data, "est_confirm": "on"})
    assert no_reason.status_code == 400 and not Finding.objects.exists()
    confirmed = contributor_client.post(_official_url(walk_a), {**data, "est_confirm": "on", "est_reason": REASON})
    assert confirmed.status_code == 302 and Finding.objects.get().description == NAME
    event = AuditEvent.objects.get(action="est.confirmed")
    assert REASON in event.detail and "Elsa" not in event.detail.replace(REASON, "")


def test_the_tick_is_hidden_until_a_text_reads_like_a_person(contributor_client, walk_a):
    url = reverse("walks:walk-detail", args=[walk_a.municipality.slug, walk_a.pk])
    assert "data-est-confirm hidden" in contributor_client.get(url).content.decode()


def test_a_residents_finding_gets_the_same_check(client, walk_a):
    url = reverse("walks:public-resident-finding", args=[walk_a.municipality.slug, links.resident_token(walk_a)])
    hard = client.post(url, _finding(description="Killen 050612-1234 står här varje kväll"))
    assert hard.status_code == 400 and "050612-1234" in hard.content.decode()
    soft = client.post(url, _finding())
    assert soft.status_code == 400 and "data-est-confirm hidden" not in soft.content.decode()
    assert not Finding.objects.exists()
    client.post(url, _finding(est_confirm="on", est_reason=REASON))
    assert Finding.objects.get().source == Finding.Source.RESIDENT
    assert AuditEvent.objects.get(action="est.confirmed").actor is None


@pytest.mark.parametrize("field", ["summary", "residents_said", "parties_answered"])
def test_the_public_report_and_what_residents_said_are_checked(coordinator_client, walk_a, field):
    walk_a.status, walk_a.held_at = Walk.Status.HELD, timezone.now()
    walk_a.save()
    url = reverse("walks:walk-report", args=[walk_a.municipality.slug, walk_a.pk])
    response = coordinator_client.post(url, {field: "Ring Kalle på 070-123 45 67", "publish": "on"})
    assert response.status_code == 400 and "070-123 45 67" in response.content.decode()
    walk_a.refresh_from_db()
    assert walk_a.report_published_at is None


def test_an_invitation_with_a_name_asks_for_the_tick(contributor_client, walk_a, place_a):
    url = reverse("walks:walk-edit", args=[walk_a.municipality.slug, walk_a.pk])
    data = {
        "kind": "walk",
        "title": walk_a.title,
        "starts_at": "2030-05-01T18:00",
        "invitation": "Fråga Elsa Beskow om vägen.",
        "invitation_public": "on",
    }
    response = contributor_client.post(url, data)
    assert response.status_code == 400 and "”Elsa Beskow” ser ut som en persons namn." in response.content.decode()
    assert 'type="checkbox" name="est_confirm"' in response.content.decode()
    confirmed = contributor_client.post(url, {**data, "est_confirm": "on", "est_reason": REASON})
    assert confirmed.status_code == 302
    walk_a.refresh_from_db()
    assert walk_a.invitation == "Fråga Elsa Beskow om vägen."
    assert AuditEvent.objects.filter(action="est.confirmed").exists()
