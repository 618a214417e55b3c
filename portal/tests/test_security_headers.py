"""Security headers on a sample of every kind of response, and sessions."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import path, reverse

from portal.tests.world import build_side

pytestmark = pytest.mark.django_db


@pytest.fixture
def side(db):
    return build_side("A")


def _assert_common_headers(response, url: str) -> None:
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp, url
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert response["X-Frame-Options"] == "DENY", url
    assert response["Referrer-Policy"] in ("same-origin", "no-referrer"), url


def _samples(side) -> dict[str, str]:
    return {
        "public": f"/kommun/{side.slug}/",
        "tip form": reverse("tips:tip-create", args=[side.slug]),
        "tip follow-up": reverse("tips:follow-up"),
        "internal": reverse("situation_reports:dashboard", args=[side.slug]),
        "tip triage": reverse("tips:tip-detail", args=[side.slug, side.tip.pk]),
        "download": reverse("situation_reports:week-csv", args=[side.slug, side.report.iso_year, side.report.iso_week]),
        "404": "/finns-inte/",
    }


def test_every_kind_of_response_carries_the_security_headers(side, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    client = Client()
    client.force_login(side.coordinator)
    for kind, url in _samples(side).items():
        response = client.get(url, secure=True)
        _assert_common_headers(response, url)
        assert response["Strict-Transport-Security"].startswith("max-age=31536000"), kind


def test_tip_and_internal_pages_are_never_stored(side):
    official = Client()
    official.force_login(side.coordinator)
    for kind in ("tip triage", "internal", "download"):
        assert "no-store" in official.get(_samples(side)[kind]).get("Cache-Control", ""), kind
    resident = Client()
    for kind in ("tip form", "tip follow-up"):
        assert "no-store" in resident.get(_samples(side)[kind]).get("Cache-Control", ""), kind


def _boom(request):
    raise RuntimeError("secret internals")


urlpatterns = [path("boom/", _boom)]


@pytest.mark.allow_error_logs
@pytest.mark.urls("portal.tests.test_security_headers")
def test_the_500_page_has_the_headers_and_no_stack_trace(db):
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    _assert_common_headers(response, "500")
    assert "secret internals" not in response.content.decode()
    assert "Något gick fel" in response.content.decode()


def test_login_rotates_the_session_and_logout_kills_it(side):
    client = Client()
    client.get(reverse("login"))
    client.cookies["sessionid"] = "planted-by-an-attacker"
    client.post(reverse("login"), {"username": side.coordinator.username, "password": "trygghet-test"})
    session_key = client.cookies["sessionid"].value
    assert session_key != "planted-by-an-attacker"
    client.post(reverse("logout"))
    stale = Client()
    stale.cookies["sessionid"] = session_key
    assert stale.get(reverse("portal:municipality-home", args=[side.slug])).status_code == 302


def test_a_deactivated_officials_sessions_end(side):
    client = Client()
    client.force_login(side.coordinator)
    url = reverse("portal:municipality-home", args=[side.slug])
    assert client.get(url).status_code == 200
    side.coordinator.is_active = False
    side.coordinator.save()
    assert client.get(url).status_code == 302
