"""Nothing a resident wrote, nor a search term, receipt code or client
address, reaches a log line."""

from __future__ import annotations

import logging
import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tips.models import Tip
from tips.tests.conftest import tip_data
from tips.tests.factories import code_of

pytestmark = pytest.mark.django_db

CANARIES = ("Kanariefågel-text", "Kanarie Namnsson", "070-999 88 77", "kanarie@example.org", "sökordkanarie")


def test_submitting_following_up_and_searching_log_none_of_it(client, coordinator_a, municipality_a, caplog, settings):
    caplog.set_level(logging.DEBUG)
    data = tip_data(
        municipality_a,
        description=f"{CANARIES[0]} vid torget",
        identity="contact",
        contact_name=CANARIES[1],
        contact_phone=CANARIES[2],
        contact_email=CANARIES[3],
    )
    response = client.post(f"/kommun/{municipality_a.slug}/tipsa/", data, REMOTE_ADDR="198.51.100.77")
    assert response.status_code == 200
    client.post(f"/kommun/{municipality_a.slug}/tipsa/", data, REMOTE_ADDR="198.51.100.77")  # a double submit
    code = code_of(Tip.objects.get())
    client.post("/tips/uppfoljning/", {"action": "show", "code": code}, REMOTE_ADDR="198.51.100.77")
    client.force_login(coordinator_a)
    client.get(reverse("tips:tip-list", args=[municipality_a.slug]), {"q": CANARIES[4]})
    client.get(reverse("tips:tip-export", args=[municipality_a.slug]), {"q": CANARIES[4]})
    logged = "\n".join(record.getMessage() + repr(record.args) for record in caplog.records)
    for secret in (*CANARIES, code, code.replace("-", ""), "198.51.100.77"):
        assert secret not in logged


def test_the_gunicorn_access_log_has_no_query_string_nor_client_address():
    config = runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))
    log_format = config["access_log_format"]
    for field in ("%(q)s", "%(r)s", "%(h)s", "%(f)s", "%(u)s", "%(a)s", "{x-forwarded-for}i"):
        assert field not in log_format
    assert "%(U)s" in log_format
