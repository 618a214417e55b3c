"""The benchmark's machinery at a tiny scale, inside the test suite: the
data generator, the scenarios `make bench` drives and their query counts.

The load itself (gunicorn, wrk, the Celery fan-out) is not run here; what is
checked is that every scenario answers 2xx to the requests the load
generator sends, CSRF and anti-abuse checks included, and that the number of
queries of each page does not grow with the data."""

from __future__ import annotations

import hashlib
import re
import time

import pytest
from django.db import connection

from bench import generate, prepare, queries
from portal.models import AuditEvent, Municipality, User
from situation_reports.models import Observation, WeeklyReport
from tips import blank_form
from tips.models import Tip, TipMessage

TINY = {"scale": 0.001, "seed": 7, "municipalities": 2, "observations": 900, "actions": 150, "tips": 300}


@pytest.fixture(autouse=True)
def _bench_settings(settings):
    settings.TIPS_MIN_FILL_SECONDS = 0  # the load run sends forms older than the minimum; here they are new
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.MIDDLEWARE = ["bench.middleware.MissMiddleware", *settings.MIDDLEWARE]  # as bench.settings
    queries._handler = None  # the shared handler is built again with these settings
    yield
    queries._handler = None


def portal_specs(specs: list[dict]) -> list[dict]:
    """The scenarios of the portal's own pages (the ceilings' endpoints and
    tables are installed by bench.settings only)."""
    return [spec for spec in specs if not spec["path"].startswith("/bench/") and not spec.get("mixed")]


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
    return {spec["name"]: queries.count(defaults | spec, repeat=1)["queries"] for spec in portal_specs(specs)}


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
    assert {"week page, closed week", "week page, open week (Tuesday)", "week page, open week (Friday)"} <= set(small)
    # A miss renders what a hit keeps: the start page's list, the triage filter's choices.
    assert small["start page"] == 0 and small["start page, cache miss"] == 1
    assert small["triage list, first page, cache miss"] == small["triage list, first page"] + 2
    generate.wipe()
    blank_form.forget()  # the same slugs come back with new ids
    load(factor=4)
    large = count_all(prepare.scenarios(post_count=2))
    assert large == small


@pytest.mark.django_db
def test_the_dashboard_and_place_page_are_measured_with_their_maps_drawn_in_a_real_border():
    from maps.models import Boundary

    load()
    specs = {spec["name"]: spec for spec in prepare.scenarios(post_count=1)}
    for name in ("dashboard", "place page"):
        spec = specs[name]
        html = queries.client_for(spec["headers"]).get(spec["path"]).content.decode()
        figure = html.split('class="maps-map"', 1)[1].split("</figure>", 1)[0]
        assert 'class="maps-boundary"' in figure and figure.count("<circle") >= 1, name
    municipality, _ = prepare.largest()
    border = Boundary.objects.get(code=municipality.kommunkod)
    assert border.source == "bench: Värmdö"  # the most detailed real border, for the largest town
    generate.wipe()
    assert not Boundary.objects.filter(code=municipality.kommunkod).exists()


@pytest.mark.django_db
def test_the_open_week_is_staged_as_on_a_tuesday_and_a_friday_and_restored():
    load(factor=4)
    municipality, _ = prepare.largest()
    report, week = prepare.open_report(municipality)
    generated = report.observations.count()
    average = prepare.weekly_average(municipality, week)
    tuesday = prepare.open_week("tuesday")["rows"]
    friday = prepare.open_week("friday")["rows"]
    assert tuesday == max(generated, round(average * 2 / 5))
    assert friday == max(generated, round(average)) and friday > tuesday
    assert all(week.contains(o.date) for o in report.observations.all())
    spec = next(s for s in prepare.scenarios(post_count=1) if s["name"] == "week page, open week (Friday)")
    assert spec["stage"] == "friday"
    assert count_all([spec])[spec["name"]] == count_all([spec | {"stage": ""}])[spec["name"]]  # flat with rows
    assert prepare.open_week("restore")["rows"] == generated
    facts = prepare.largest_facts(*prepare.largest())
    assert facts["open_week_rows_now"] == generated and facts["observations_per_week"] == round(average)


@pytest.mark.django_db
def test_the_fair_ceiling_parses_the_tip_posts_body_into_a_form_of_the_same_fields(rf):
    from bench.forms import TipLikeForm
    from tips.forms import TipForm

    load()
    spec = next(s for s in prepare.scenarios(post_count=1) if s["path"] == "/bench/tip/")
    headers, body = queries.parse_line(spec["requests"][0])
    assert "Origin" not in headers  # Django's own CSRF check, unlike the tip form's, refuses `Origin: null`
    request = rf.generic("POST", "/bench/tip/", body.encode(), content_type=headers["Content-Type"])
    form = TipLikeForm(request.POST, request.FILES)
    assert form.is_valid(), form.errors
    assert set(form.fields) == set(TipForm.base_fields)
    tip_spec = next(s for s in prepare.scenarios(post_count=1) if s["name"] == "tip POST")
    tip_body = queries.parse_line(tip_spec["requests"][0])[1]
    names = re.compile(r'name="(\w+)"')
    assert names.findall(tip_body) == names.findall(body)  # the same parts, in the same order
    assert len(tip_body) == pytest.approx(len(body), rel=0.05)


def test_the_report_says_how_large_the_largest_municipality_was_and_splits_broker_and_cache():
    from bench import run

    meta = {"largest": {"name": "Kommun 1", "observations_per_week": 27, "observations_last_week": 30,
                        "observations": 7000, "tips": 2400, "places": 20, "busiest_place_observations": 900,
                        "median_observations_per_week": 3}}  # fmt: skip
    assert "5% of its national size" in run.largest_sentence(meta)
    assert "national size:" not in run.largest_sentence(meta)
    assert run.other_redis_db("redis://127.0.0.1:6379/14") == "redis://127.0.0.1:6379/15"
    assert run.bench_env(0.01)["CACHE_URL"] != run.bench_env(0.01)["REDIS_URL"]


@pytest.mark.django_db
def test_the_tip_posts_are_what_a_browser_sends_and_each_makes_one_tip(client):
    load()
    spec = next(s for s in prepare.scenarios(post_count=3, mixed_tips=2) if s["name"] == "tip POST")
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
    # The next run starts from the generated data again: exactly the posted tips go, audit events and all.
    posted = list(Tip.objects.filter(description__startswith=prepare.POSTED_MARK).values_list("pk", flat=True))
    assert len(posted) == 3
    assert prepare.remove_posted()["tips"] == 3
    assert Tip.objects.count() == before
    assert not AuditEvent.objects.filter(object_type="tips.tip", object_id__in=[str(pk) for pk in posted]).exists()


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


def test_the_mixed_load_keeps_the_tip_rate_while_officials_browse():
    """The driver against a stand-in server: tips leave at their rate even
    when each answer is slow, and every page is reported."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from bench import mixed

    class Slow(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self, status: int) -> None:
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def do_GET(self):  # noqa: N802
            self._answer(200)

        def do_POST(self):  # noqa: N802
            self.rfile.read(int(self.headers["Content-Length"]))
            time.sleep(0.5)  # slower than the interval between tips
            self._answer(200)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        line = prepare.request_line({"Content-Type": "application/x-www-form-urlencoded"}, "a=1")
        pages = [{"name": "dashboard", "path": "/d/"}, {"name": "place page", "path": "/p/"}]
        base = f"http://127.0.0.1:{server.server_address[1]}"
        result = mixed.run(base, pages, "/t/", [line] * 50, officials=3, tips_per_minute=600, seconds=2)
    finally:
        server.shutdown()
    assert result["errors"] == 0
    assert result["tips_sent"] >= 15  # ~20 in 2 s at 10 a second, though each answer takes 0.5 s
    assert set(result["pages"]) == {"dashboard", "place page", "tip POST"}
    assert sum(p["requests"] for name, p in result["pages"].items() if name != "tip POST") >= 3


def test_the_fanouts_smtp_sink_counts_each_message_django_sends_over_one_connection():
    """The lean sink (bench/smtpsink.py) ends a message at its lone dot
    only: dot-stuffed lines and a message split across packets count once."""
    from django.core.mail import EmailMessage, get_connection

    from bench.smtpsink import Sink

    sink = Sink().start()
    try:
        backend = get_connection("django.core.mail.backends.smtp.EmailBackend", host="127.0.0.1", port=sink.port)
        body = ".\n..\nmitt i\n.\n" + "rad\n" * 5000
        messages = [EmailMessage(f"Påminnelse {n}", body, "a@example.org", ["b@example.org"]) for n in range(3)]
        assert backend.send_messages(messages) == 3
        backend.close()
        deadline = time.monotonic() + 5
        while sink.count < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert sink.count == 3
    finally:
        sink.stop()
