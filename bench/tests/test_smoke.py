"""The benchmark's machinery at a tiny scale, inside the test suite: the
data generator, the scenarios `make bench` drives and their query counts.

The load itself (gunicorn, wrk, the Celery fan-out) is not run here; what is
checked is that every scenario answers 2xx to the requests the load
generator sends, CSRF and anti-abuse checks included, and that the number of
queries of each page does not grow with the data."""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection

from bench import generate, prepare, queries
from portal.models import Municipality, User
from situation_reports.models import Observation, WeeklyReport
from tips import blank_form
from tips.models import Tip, TipMessage

TINY = {"scale": 0.001, "seed": 7, "municipalities": 2, "observations": 900, "actions": 150, "tips": 300}


@pytest.fixture(autouse=True)
def _bench_settings(settings):
    settings.TIPS_MIN_FILL_SECONDS = 0  # the load run sends forms older than the minimum; here they are new
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"


def load(factor: int = 1, seed: int = 7) -> dict[str, int]:
    plan = generate.Plan(**(TINY | {"seed": seed} | {k: TINY[k] * factor for k in ("observations", "actions", "tips")}))
    return generate.NationalData(plan, quiet=True).run()


def fingerprint() -> str:
    rows = Observation.objects.order_by("report__week_start", "pk").values_list(
        "report__municipality__name", "date", "count", "description", "place__name", "category__slug"
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def count_all(specs: list[dict]) -> dict[str, int]:
    defaults = {"method": "GET", "headers": {}, "replay": False, "probe": "", "probes": []}
    return {spec["name"]: queries.count(defaults | spec, repeat=1)["queries"] for spec in specs}


@pytest.mark.django_db
def test_the_generator_loads_a_consistent_data_set_and_wipes_it():
    counts = load()
    assert counts["municipality"] == 2
    assert counts["observation"] == pytest.approx(TINY["observations"], rel=0.02)
    assert counts["tip"] == pytest.approx(TINY["tips"], rel=0.05)
    assert counts["message"] > 0 and counts["action"] > 0 and counts["pledge"] == 10
    towns = generate.bench_municipalities()
    assert WeeklyReport.objects.filter(municipality__in=towns).count() == 2 * generate.WEEKS
    # Every observation lies inside its report's week, in the same municipality as its place.
    for observation in Observation.objects.select_related("report", "place")[:200]:
        assert observation.report.week.contains(observation.date)
        assert observation.place.municipality_id == observation.report.municipality_id
    this_week = generate.IsoWeek.of(generate.timezone.localdate())
    open_weeks = WeeklyReport.objects.filter(municipality__in=towns, status="open")
    assert {(r.iso_year, r.iso_week) for r in open_weeks} == {(this_week.year, this_week.week)}

    removed = generate.wipe()
    assert removed["situation_reports_observation"] == counts["observation"]
    assert not Municipality.objects.filter(kommunkod__gte="3000", kommunkod__lt="4000").exists()
    assert not User.objects.filter(username__startswith=generate.USER_PREFIX).exists()
    assert not Tip.objects.exists() and not TipMessage.objects.exists()


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_rows():
    load(seed=11)
    first = fingerprint()
    generate.wipe()
    load(seed=11)
    assert fingerprint() == first
    generate.wipe()
    load(seed=12)
    assert fingerprint() != first


@pytest.mark.django_db
def test_every_scenario_answers_2xx_with_a_number_of_queries_that_does_not_grow_with_the_data():
    load()
    small = count_all(prepare.scenarios(post_count=2))
    assert all(n >= 0 for n in small.values()), small  # a failed request counts as minus its status
    generate.wipe()
    blank_form.forget()  # the same slugs come back with new ids
    load(factor=4)
    large = count_all(prepare.scenarios(post_count=2))
    assert large == small


@pytest.mark.django_db
def test_the_tip_posts_are_what_a_browser_sends_and_each_makes_one_tip(client):
    load()
    spec = next(s for s in prepare.scenarios(post_count=3) if s["name"] == "tip POST")
    before = Tip.objects.count()
    for line in spec["requests"]:
        headers, body = queries.parse_line(line)
        assert headers["Origin"] == "null" and headers["Content-Type"].startswith("multipart/form-data")
        response = queries.client_for(headers).generic(
            "POST", spec["path"], body.encode(), content_type=headers["Content-Type"]
        )
        assert response.status_code == 200
        assert b"data-receipt-code" in response.content
    assert Tip.objects.count() == before + 3
    # Each comes from its own address, so none meets the per-client limit.
    assert len({queries.parse_line(line)[0]["X-Forwarded-For"] for line in spec["requests"]}) == 3


def test_a_request_line_survives_the_trip_through_the_lua_format():
    body = prepare.multipart([("description", "Rad ett\r\nrad två")], ["photos"])
    line = prepare.request_line({"X-Forwarded-For": "10.0.0.1", "Origin": "null"}, body)
    assert "\n" not in line and line.count("\t") == 2
    assert queries.parse_line(line) == ({"X-Forwarded-For": "10.0.0.1", "Origin": "null"}, body)


@pytest.mark.postgres
@pytest.mark.django_db
def test_on_postgresql_the_generator_loads_with_copy_and_moves_the_sequences():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL) for COPY")
    assert generate.Loader().copy
    load()
    highest = Tip.objects.order_by("-pk").values_list("pk", flat=True).first()
    town = generate.bench_municipalities().first()
    created = Tip.objects.create(municipality=town, receipt_hash="x" * 64)
    assert created.pk > highest
