"""The route of a walk is drawn on the map on the official's page and the
public page, with the same stops as an ordered list beside it."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.tests.factories import PlaceFactory
from walks.models import WalkStop

pytestmark = pytest.mark.django_db


@pytest.fixture
def route(walk_a, place_a):
    place_a.latitude, place_a.longitude = Decimal("59.3937"), Decimal("15.8383")
    place_a.save()
    m = walk_a.municipality
    places = [
        place_a,
        PlaceFactory(municipality=m, name="Ladbrogatan", latitude=Decimal("59.3961"), longitude=Decimal("15.8440")),
        PlaceFactory(municipality=m, name="Sätra", latitude=Decimal("59.3990"), longitude=Decimal("15.8250")),
        PlaceFactory(municipality=m, name="Gångtunneln"),  # no position
    ]
    for number, place in enumerate(places, start=1):
        WalkStop.objects.create(walk=walk_a, place=place, position=number)
    return places


def _route_section(html: str) -> str:
    return html[html.index('aria-labelledby="route-heading"') :]


@pytest.mark.parametrize("public", [False, True], ids=["official", "public"])
def test_the_route_is_a_line_through_the_numbered_stops_and_a_list(client, reader_a, walk_a, route, public):
    if public:
        url = reverse("walks:public-walk-detail", args=[walk_a.municipality.slug, walk_a.pk])
    else:
        client.force_login(reader_a)
        url = reverse("walks:walk-detail", args=[walk_a.municipality.slug, walk_a.pk])
    section = _route_section(client.get(url).content.decode())
    line = re.search(r'class="walks-route-line" d="M([^"]+)"', section).group(1)
    assert line.count("L") == 2  # three positioned stops, in order; the fourth has no position
    for number, name in enumerate(["Stora torget", "Ladbrogatan", "Sätra"], start=1):
        assert f'aria-label="{number}. {name}"' in section
    items = re.findall(r"<li>([^<]+)", section.split('class="walks-route"')[1].split("</ol>")[0])
    assert [item.strip() for item in items] == ["Stora torget", "Ladbrogatan", "Sätra", "Gångtunneln"]
    assert "no position" in section or "ingen position" in section


def test_a_route_without_positions_is_a_list_only(client, walk_a):
    place = PlaceFactory(municipality=walk_a.municipality, name="Parken")
    WalkStop.objects.create(walk=walk_a, place=place, position=1)
    page = client.get(reverse("walks:public-walk-detail", args=[walk_a.municipality.slug, walk_a.pk])).content.decode()
    section = _route_section(page)
    assert "data-route-map" not in section and "Parken" in section


def test_the_route_costs_no_query_per_stop(client, reader_a, walk_a, route):
    client.force_login(reader_a)
    url = reverse("walks:walk-detail", args=[walk_a.municipality.slug, walk_a.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    more = PlaceFactory(municipality=walk_a.municipality, latitude=Decimal("59.40"), longitude=Decimal("15.83"))
    WalkStop.objects.create(walk=walk_a, place=more, position=5)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
