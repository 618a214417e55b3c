"""The demo: Arboga's 2021 pledge walks around Stora torget and in Sätra,
with findings, actions and public reports, loaded twice without duplicates."""

import os

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from agreements.models import CitizenPledge
from situation_reports.models import Action
from walks.models import Finding, Walk

pytestmark = pytest.mark.django_db


def _load():
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


@time_machine.travel("2026-06-01 12:00 +0200")
def test_arboga_pledge_walks_with_findings_and_follow_up(client):
    _load()
    counts = (Walk.objects.count(), Finding.objects.count(), Action.objects.count())
    _load()
    assert (Walk.objects.count(), Finding.objects.count(), Action.objects.count()) == counts

    pledge = CitizenPledge.objects.get(municipality__slug="arboga", period_start__year=2021)
    torget = Walk.objects.get(title="Trygghetsvandring kring Stora torget")
    satra = Walk.objects.get(title="Trygghetsvandring i Sätraområdet")
    for walk in (torget, satra):
        assert walk.is_held and walk.report_is_published
        assert walk.commitment.focus_area.pledge == pledge
        assert walk.findings.filter(action__isnull=False).exists()
    assert [s.place.name for s in torget.stops.all()] == ["Stora torget", "Nygatan", "Arboga resecentrum"]
    assert torget.findings.filter(action__status=Action.Status.DONE).count() == 2
    assert torget.findings.filter(source=Finding.Source.RESIDENT).exists()
    assert pledge.focus_areas.get(position=1).commitments.get(position=1).count_reached == 3  # not counted twice

    page = client.get(reverse("agreements:public-pledge-detail", kwargs={"slug": "arboga", "pk": pledge.pk}))
    report_url = reverse("walks:public-walk-detail", kwargs={"slug": "arboga", "pk": satra.pk})
    assert report_url in page.content.decode()
    report = client.get(report_url).content.decode()
    assert "Låset till cykelförrådet" in report and "Klart" in report
    home = client.get(reverse("portal:municipality-public", kwargs={"slug": "arboga"})).content.decode()
    assert "Kvällsvandring kring Stora torget" in home
