"""The demo data: the real texts of the seeds, loaded twice without duplicates."""

import os

import pytest
import time_machine
from django.core.management import call_command

from agreements.models import Agreement, CitizenPledge, Commitment, ProgressUpdate

pytestmark = pytest.mark.django_db


def _load():
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


@time_machine.travel("2026-06-01 12:00 +0200")
def test_the_demo_holds_the_seed_agreements_and_pledges_once(client):
    _load()
    counts = (Agreement.objects.count(), CitizenPledge.objects.count(), Commitment.objects.count())
    _load()
    assert (Agreement.objects.count(), CitizenPledge.objects.count(), Commitment.objects.count()) == counts

    lerum = Agreement.objects.get(municipality__slug="lerum")
    assert (lerum.period_start.year, lerum.period_end.year, lerum.status) == (2023, 2026, "active")
    assert list(lerum.priorities.values_list("title", flat=True)) == [
        "Välfärdsbrott",
        "Narkotikasituationen",
        "Motverka rekrytering av unga till kriminella nätverk",
    ]
    assert lerum.signatories.count() == 6
    assert set(lerum.signatories.values_list("name", flat=True)) >= {"Johan Lundberg", "Gull-Britt Eide"}

    arboga = CitizenPledge.objects.get(municipality__slug="arboga", period_start__year=2021)
    assert list(arboga.focus_areas.values_list("title", flat=True)) == [
        "Centrummiljön",
        "Osund konkurrens",
        "Motorburen ungdom",
    ]
    assert {(s.name, s.organisation.kind) for s in arboga.signatories.all()} == {
        ("Björn Wilhelmsson", "police"),
        ("Jonna Lindman (M)", "municipality"),
    }
    assert arboga.evaluation.outcome == "partly"
    carried = Commitment.objects.filter(focus_area__pledge=arboga.next_pledge)
    assert carried.exists() and all(c.carried_over_from_id for c in carried)

    borlange = Commitment.objects.filter(focus_area__pledge__municipality__slug="borlange")
    assert {9, 15, 75} <= set(borlange.values_list("target_count", flat=True))
    assert ProgressUpdate.objects.exists()

    for slug in ["borlange", "botkyrka", "lerum", "varmdo", "arboga"]:
        assert client.get(f"/kommun/{slug}/").status_code == 200
    assert "Välfärdsbrott" in client.get("/kommun/lerum/").content.decode()
    assert "Centrummiljön" in client.get(f"/kommun/arboga/medborgarloften/{arboga.pk}/").content.decode()
