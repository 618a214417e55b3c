"""The EST check on the officials' forms: hard identifiers refused with the
offending part quoted, a likely name confirmed with a recorded reason."""

from __future__ import annotations

import pytest

from portal.models import AuditEvent
from situation_reports.models import Observation
from situation_reports.tests.test_views import observation_data, week_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("Kalle Svensson, 17 år, bor på Albyvägen 3, langar.", "”Albyvägen 3” är en gatuadress med nummer"),
        ("Kalle Svensson, 17 år, bor på Albyvägen 3, langar.", "”17 år” anger någons ålder."),
        ("Bil ABC123 kör runt i området", "”ABC123” ser ut som ett registreringsnummer."),
        ("Mejla kalle@example.org", "”kalle@example.org” är en e-postadress."),
        ("Killen 050612-1234 var där", "”050612-1234” ser ut som ett person- eller samordningsnummer."),
    ],
)
def test_hard_identifiers_are_refused_quoting_them_and_the_text_is_kept(
    contributor_client, municipality_a, place_a, frozen, text, quoted
):
    response = contributor_client.post(
        week_url(municipality_a, "observation-create"), observation_data(place_a, description=text)
    )
    content = response.content.decode()
    assert response.status_code == 200 and quoted in content
    assert response.context["form"]["description"].value() == text
    assert not Observation.objects.exists()


def test_a_likely_name_is_saved_only_when_confirmed_with_a_reason_which_is_recorded(
    contributor_client, municipality_a, place_a, frozen
):
    url = week_url(municipality_a, "observation-create")
    text = "Klotter om Elsa Beskow på skolans vägg"
    response = contributor_client.post(url, observation_data(place_a, description=text))
    assert "”Elsa Beskow” ser ut som en persons namn." in response.content.decode()
    assert "Varför det inte handlar om en person" in response.content.decode()
    no_reason = contributor_client.post(url, observation_data(place_a, description=text, est_confirm="on"))
    assert no_reason.status_code == 200 and not Observation.objects.exists()
    reason = "Namnet på en författare i klottret, ingen boende"
    confirmed = contributor_client.post(
        url, observation_data(place_a, description=text, est_confirm="on", est_reason=reason)
    )
    assert confirmed.status_code == 302
    observation = Observation.objects.get()
    event = AuditEvent.objects.get(action="est.confirmed")
    assert event.object_id == str(observation.pk) and reason in event.detail
    assert "Elsa" not in event.detail.replace(reason, "")  # the flagged words are not copied into the log
