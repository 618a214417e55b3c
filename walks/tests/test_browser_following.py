"""On a phone in a real browser: a walk's public page with its route drawn
on the map and the stops listed beside it; a participant follows the walk,
confirms from the mail, and stops following. Every page passes axe-core."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core import mail
from playwright.sync_api import expect

from portal.following import make_token
from portal.tests.factories import MunicipalityFactory, PlaceFactory
from walks.mail import UNSUBSCRIBE_SALT
from walks.models import WalkFollower, WalkStop
from walks.tests.factories import WalkFactory
from walks.tests.test_browser import PHONE, axe_clean

STOPS = (("Stora torget", "59.3937", "15.8383"), ("Nygatan", "59.3950", "15.8420"), ("Sätra", "59.3990", "15.8250"))


@pytest.fixture
def walk(transactional_db):
    municipality = MunicipalityFactory(name="Arboga", slug="arboga")
    walk = WalkFactory(municipality=municipality, title="Kvällsvandring kring Stora torget")
    for number, (name, lat, lon) in enumerate(STOPS, start=1):
        place = PlaceFactory(municipality=municipality, name=name, latitude=Decimal(lat), longitude=Decimal(lon))
        WalkStop.objects.create(walk=walk, place=place, position=number)
    return walk


def _path(message, name: str) -> str:
    return re.search(rf"http://\S+(/kommun/\S+/{name}/\S+/)", message.body).group(1)


def test_a_participant_sees_the_route_and_follows_the_walk_on_a_phone(browser_page, walk, tmp_path):
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto(f"/kommun/arboga/vandringar/{walk.pk}/")
    expect(page.locator("[data-route-map]")).to_be_visible()
    for number, (name, _lat, _lon) in enumerate(STOPS, start=1):
        expect(page.get_by_role("img", name=f"{number}. {name}")).to_have_count(1)
    expect(page.get_by_role("list", name="Stoppen i den ordning vi går").get_by_role("listitem")).to_have_count(3)
    page.screenshot(path=str(tmp_path / "route.png"), full_page=True)
    axe_clean(page)

    page.get_by_label("Din e-postadress").fill("deltagare@example.org")
    page.get_by_role("button", name="Följ", exact=True).click()
    expect(page.get_by_text("Titta i din inkorg")).to_be_visible()
    assert len(mail.outbox) == 1

    page.goto(_path(mail.outbox[0], "bekrafta"))
    axe_clean(page)
    page.get_by_role("button", name="Ja, följ vandringen").click()
    expect(page.get_by_text("Nu följer du")).to_be_visible()
    axe_clean(page)
    follower = WalkFollower.objects.get()
    assert follower.confirmed_at is not None

    token = make_token(follower, UNSUBSCRIBE_SALT)
    page.goto(f"/kommun/arboga/vandringar/folj/avsluta/{token}/")
    axe_clean(page)
    page.get_by_role("button", name="Sluta följa").click()
    expect(page.get_by_text("din e-postadress har raderats")).to_be_visible()
    axe_clean(page)
    assert not WalkFollower.objects.exists()
