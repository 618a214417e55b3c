"""A database outage wherever it is noticed: a calm 503, one log line per
episode, the resident's text given back; /halsa/ tells the truth."""

from __future__ import annotations

import logging

import pytest
from django.db import OperationalError
from django.test import Client

from portal import outage
from tips.tests.conftest import tip_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_open_episode(settings, tmp_path):
    settings.TIPS_MIN_FILL_SECONDS = 0
    settings.TIP_PHOTO_ROOT = tmp_path
    outage.recovered()
    yield
    outage.recovered()


def _down(*args, **kwargs):
    raise OperationalError("could not connect to server: Connection refused")


def _outage_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "portal.outage"]


def test_an_official_gets_503_when_the_two_factor_middleware_meets_the_outage(coordinator_a, monkeypatch, caplog):
    client = Client(raise_request_exception=False)
    client.force_login(coordinator_a)
    monkeypatch.setattr("portal.two_factor.state_of", _down)
    responses = [client.get("/intern/kommun-a/") for _ in range(3)]
    for response in responses:
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert "Portalen är tillfälligt otillgänglig" in response.content.decode()
        assert "Traceback" not in response.content.decode()
    lines = _outage_lines(caplog)
    assert len(lines) == 1 and "database unavailable" in lines[0]
    monkeypatch.undo()
    assert client.get("/").status_code == 200
    assert "3 requests were answered 503" in _outage_lines(caplog)[-1]
    assert not [r for r in caplog.records if r.name == "django.request"]


def test_the_outage_page_speaks_english_to_those_who_chose_it(client, monkeypatch):
    monkeypatch.setattr("portal.selectors.municipality_list_public", _down)
    client.cookies["django_language"] = "en"
    response = client.get("/")
    assert response.status_code == 503
    assert "The portal is temporarily unavailable" in response.content.decode()


def test_admin_pages_answer_503(admin_user, monkeypatch):
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore.load", _down)
    response = client.get("/admin/")
    assert response.status_code == 503


# The database fails at the first query of the tip POST (the municipality,
# when it is not kept) or only when the tip is stored.
FAILING_STEPS = ["tips.blank_form.Municipality.objects.filter", "tips.services.tip_submit"]


@pytest.mark.parametrize("failing", FAILING_STEPS)
def test_a_tip_posted_during_the_outage_comes_back_with_its_text(client, municipality_a, monkeypatch, failing):
    data = tip_data(
        municipality_a, description="Någon <b>krossar</b> rutor vid skolan", identity="contact", contact_phone="070-123"
    )
    monkeypatch.setattr(failing, _down)
    response = client.post("/kommun/kommun-a/tipsa/", data)
    content = response.content.decode()
    assert response.status_code == 503
    assert "Någon &lt;b&gt;krossar&lt;/b&gt; rutor vid skolan</textarea>" in content
    assert 'value="Bakom centrum"' in content and 'value="070-123"' in content
    assert f'name="form_token" value="{data["form_token"]}"' in content
    assert 'name="csrfmiddlewaretoken"' in content
    assert 'action="/kommun/kommun-a/tipsa/"' in content
    monkeypatch.undo()
    # Sent again once the database is back, it is one tip like any other.
    resent = client.post("/kommun/kommun-a/tipsa/", data)
    assert resent.status_code in (200, 302), resent.content.decode()[-3000:]
    from tips.models import Tip

    assert Tip.objects.get().description == data["description"]


def test_photos_are_said_to_be_lost(client, municipality_a, monkeypatch):
    from tips.tests.conftest import jpeg_bytes, upload

    monkeypatch.setattr("tips.services.tip_submit", _down)
    response = client.post("/kommun/kommun-a/tipsa/", {**tip_data(municipality_a), "photos": [upload(jpeg_bytes())]})
    assert response.status_code == 503
    assert "Foton kan inte sparas" in response.content.decode()


def test_health_reports_each_part(client):
    response = client.get("/halsa/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"]["state"] == "ok"
    assert {"cache", "broker", "worker"} <= body.keys()


def test_health_answers_503_when_the_database_is_down(client, monkeypatch, caplog):
    caplog.set_level(logging.WARNING)
    monkeypatch.setattr("portal.health.database", lambda: {"state": "down", "error": "OperationalError"})
    response = client.get("/halsa/")
    assert response.status_code == 503
    assert response.json()["database"] == {"state": "down", "error": "OperationalError"}
