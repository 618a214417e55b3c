"""Canary strings written into municipality B appear nowhere that
municipality A's officials can reach: pages, searches, exports, emails."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from portal.tests.test_tenant_isolation import build_url, url_patterns
from portal.tests.world import build_side

pytestmark = pytest.mark.django_db

CANARY = "KANARIEFÅGEL-B-7731"
# Searches ask for the canary's first half, so that a search box echoing the
# query back is not mistaken for a leak of the whole canary.
SEARCH = CANARY.split("-")[0]


def test_nothing_of_municipality_b_reaches_municipality_a(django_capture_on_commit_callbacks):
    a = build_side("A")
    b = build_side("B", canary=CANARY)
    client = Client()
    client.force_login(a.coordinator)
    pages = 0
    for name, route in url_patterns():
        if "<" in route and not ("municipality_slug" in route or "<slug:slug>" in route):
            continue  # token URLs name nothing of a municipality
        try:
            url = build_url(name, route, slug_side=a, object_side=a)
        except (AssertionError, KeyError):
            continue
        for query in ("", f"?q={SEARCH}", f"?search={SEARCH}"):
            with django_capture_on_commit_callbacks(execute=True):
                response = client.get(url + query)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert CANARY.encode() not in body, f"{url}{query} shows municipality B's data"
            pages += 1
    for message in mail.outbox:
        assert CANARY not in message.body and CANARY not in message.subject
        for alternative, _ in getattr(message, "alternatives", []):
            assert CANARY not in alternative
    assert pages > 150
    # Positive control: the canary is really there for B's own officials.
    control = Client()
    control.force_login(b.coordinator)
    shown = control.get(reverse("tips:tip-detail", args=[b.slug, b.tip.pk]))
    assert CANARY in shown.content.decode()
