"""`make bench`: the portal under load beside Django's own ceiling.

Loads the national data set (bench/generate.py), starts gunicorn on
127.0.0.1 with production settings (DEBUG=0, PostgreSQL, Redis as broker and
cache, bench.settings adding only the ceiling endpoints), drives every
scenario with wrk for a bounded time, counts SQL queries per request
in-process, times the reminders fan-out (bench/fanout.py), and writes
bench/results.json and the table in docs/PERFORMANCE.md.

    python -m bench.run [--scale 1.0] [--duration 15] [--skip-data] [--fanout 10000] [--mixed 60]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
PERFORMANCE = ROOT / "docs" / "PERFORMANCE.md"
LUA = ROOT / "bench" / "wrk" / "report.lua"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = int(os.environ.get("BENCH_PORT") or _free_port())
BASE = f"http://127.0.0.1:{PORT}"
WRK_THREADS = 2
WRK_CONNECTIONS = 8
# Officials' pages are also measured with one connection: their latency at the
# load they see (a few requests a second), not queued behind seven others.
LIGHT_SECONDS = 8
TABLE_START = "<!-- bench-table:start -->"
TABLE_END = "<!-- bench-table:end -->"
INTERNAL_P95_MS = 100
GOAL_PAGES = (
    "week page, closed week",
    "week page, open week (Tuesday)",
    "week page, open week (Friday)",
    "week page, median municipality",
    "dashboard",
    "triage list, first page",
    "triage list, first page, cache miss",
    "triage list, deep page",
    "place page",
)
MIXED_P95_MS = 300
STAGES = ("", "tuesday", "friday")
# The officials' pages of the mixed-load run (the scenarios of the same name).
MIXED_PAGES = (
    "week page, closed week",
    "week page, open week (Tuesday)",
    "dashboard",
    "triage list, first page",
    "triage list, deep page",
    "place page",
)


@dataclass
class Scenario:
    name: str
    path: str
    ceiling: str | None = None  # name of the ceiling scenario it is compared with
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)  # sent with every request
    requests: list[str] = field(default_factory=list)  # POSTs, one per line (see report.lua)
    replay: bool = False  # the POSTs are idempotent lookups and may be sent again
    probe: str = ""  # a replayable POST, for counting queries and timing in-process
    probes: list[str] = field(default_factory=list)  # one-time POSTs of their own, for the same
    stage: str = ""  # the open week's state it needs (bench.prepare --open-week)
    miss: bool = False  # every request finds nothing kept (X-Bench-Miss, bench/middleware.py)
    mixed: bool = False  # bodies for the mixed-load run, not a scenario of its own


@dataclass
class Result:
    name: str
    path: str
    ceiling: str | None
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    requests: int
    errors: int
    queries: int | None
    alone_ms: float | None = None  # in-process, one request at a time, shortest of several
    sql_share: float | None = None  # of the in-process time, the share spent waiting on SQL
    health_checks: int | None = None  # the connection's health-check SELECT 1, not in `queries`
    rows: int | None = None  # the open week's observations, for the staged scenarios
    p95_light_ms: float | None = None  # wrk with one connection
    ratio: float | None = None


def bench_env(scale: float) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/trygghet_bench")
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")
    env.setdefault("CACHE_URL", other_redis_db(env["REDIS_URL"]))
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="0",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        TIPS_RECEIPT_KEYS=env.get("TIPS_RECEIPT_KEYS") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # Behind a proxy, as in production: every simulated resident has its own address.
        CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR",
        BENCH_SCALE=str(scale),
    )
    return env


def other_redis_db(url: str) -> str:
    """The broker's Redis URL with the next database number: the cache apart
    from the queue, as in production, so neither's keys slow the other."""
    base, _, number = url.rpartition("/")
    if not number.isdigit():
        return url.rstrip("/") + "/1"
    return f"{base}/{(int(number) + 1) % 16}"


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def create_database(env: dict) -> None:
    url = env["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    if not url.startswith("postgres") or not re.fullmatch(r"[a-z0-9_]+", name):
        return
    admin = url.rsplit("/", 1)[0] + "/postgres"
    probe = subprocess.run(  # noqa: S603
        ["psql", admin, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],  # noqa: S607, S608
        capture_output=True,
        text=True,
    )
    if probe.stdout.strip() != "1":
        subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{name}"'], check=True)  # noqa: S603, S607


def start_gunicorn(env: dict, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{PORT}",
            "--workers", str(workers), "--worker-class", "sync", "--log-level", "warning",
        ],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{BASE}/bench/hello/", timeout=1)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start: " + server.stderr.read().decode()[-2000:])


def worker_rss_mb(server: subprocess.Popen) -> float:
    """Largest resident memory of the gunicorn workers (children of the master), in MB."""
    children = subprocess.run(  # noqa: S603
        ["ps", "--ppid", str(server.pid), "-o", "rss="],  # noqa: S607
        capture_output=True,
        text=True,
    ).stdout.split()
    return round(max((int(kb) for kb in children), default=0) / 1024, 1)


def run_wrk(scenario: Scenario, duration: int, connections: int = WRK_CONNECTIONS) -> dict:
    threads = min(WRK_THREADS, connections)
    env = dict(os.environ, WRK_THREADS=str(threads), REPLAY="1" if scenario.replay else "0")
    headers = [arg for name, value in scenario.headers.items() for arg in ("-H", f"{name}: {value}")]
    if scenario.requests:
        with tempfile.NamedTemporaryFile("w", delete=False, suffix=".txt") as lines:
            lines.write("\n".join(scenario.requests) + "\n")
        env["REQUESTS_FILE"] = lines.name
    command = [
        "wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s",
        "--timeout", "10s", "-s", str(LUA), *headers, BASE + scenario.path,
    ]  # fmt: skip
    try:
        output = subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout  # noqa: S603
    finally:
        if scenario.requests:
            os.unlink(env["REQUESTS_FILE"])
    match = re.search(r"WRK_JSON (\{.*\})", output)
    if not match:
        raise SystemExit(f"wrk printed no result for {scenario.name}:\n{output}")
    return json.loads(match.group(1))


def to_result(scenario: Scenario, raw: dict, measured: dict) -> Result:
    seconds = raw["duration_us"] / 1e6
    return Result(
        name=scenario.name,
        path=scenario.path,
        ceiling=scenario.ceiling,
        rps=round(raw["requests"] / seconds, 1),
        p50_ms=round(raw["p50_us"] / 1000, 2),
        p95_ms=round(raw["p95_us"] / 1000, 2),
        p99_ms=round(raw["p99_us"] / 1000, 2),
        requests=raw["requests"],
        # A POST line that ran out counts as an error: the run was too short of bodies.
        errors=raw["non_2xx_3xx"] + raw["socket_errors"] + raw.get("exhausted", 0),
        queries=measured.get("queries"),
        alone_ms=measured.get("ms"),
        sql_share=measured.get("sql_share"),
        health_checks=measured.get("health_checks"),
    )


def browser_csrf(path: str) -> tuple[str, str]:
    """GET a form the way a browser does: the CSRF cookie and the form's token."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(BASE + path, timeout=10).read().decode()  # noqa: S310
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    cookie = next(c.value for c in jar if c.name == "csrftoken")
    return cookie, token


def ceiling_scenarios(count: int) -> list[Scenario]:
    cookie, token = browser_csrf("/bench/form/")
    headers = f"Cookie: csrftoken={cookie}\tContent-Type: application/x-www-form-urlencoded\tOrigin: {BASE}"
    lines = [
        f"{headers}\t" + urlencode({"csrfmiddlewaretoken": token, "text": f"anteckning {i}"}) for i in range(count)
    ]
    return [
        Scenario("ceiling: hello", "/bench/hello/"),
        Scenario("ceiling: form GET", "/bench/form/"),
        Scenario("ceiling: insert + enqueue", "/bench/form/", method="POST", requests=lines[5:], probes=lines[:5]),
    ]


def app_scenarios(env: dict, post_count: int, mixed_tips: int) -> tuple[list[Scenario], dict]:
    """The portal's own pages, with ids and a logged-in session prepared
    in-process, and the size of what they measure."""
    output = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.prepare", str(post_count), str(mixed_tips)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    prepared = json.loads(output)
    return [Scenario(**spec) for spec in prepared["scenarios"]], prepared["largest"]


def stage_open_week(env: dict, stage: str) -> int:
    """Bring the open week to a stage (or restore it); the rows it holds."""
    output = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.prepare", "--open-week", stage],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return json.loads(output)["rows"]


def remove_posted_tips(env: dict) -> int:
    """Delete the tips earlier runs posted; how many there were."""
    output = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.prepare", "--remove-posted"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return json.loads(output)["tips"]


def count_tips(env: dict) -> int:
    return int(_output("psql", env["DATABASE_URL"], "-tAc", "SELECT count(*) FROM tips_tip") or -1)


def run_mixed(env: dict, scenarios: list[Scenario], seconds: int) -> dict:
    from bench import mixed

    by_name = {s.name: s for s in scenarios}
    pages = [asdict(by_name[name]) for name in MIXED_PAGES if name in by_name]
    tips = next((s for s in scenarios if s.mixed), None)
    if not pages or tips is None:
        return {}
    before = count_tips(env)
    result = mixed.run(BASE, pages, tips.path, tips.requests, seconds=seconds)
    result["tips_stored"] = count_tips(env) - before
    return result


def count_queries(env: dict, scenarios: list[Scenario]) -> dict[str, dict]:
    specs = [asdict(s) | {"requests": []} for s in scenarios]
    output = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.queries"],
        cwd=ROOT, env=env, input=json.dumps(specs), capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return json.loads(output)


def goals(results: list[Result], meta: dict) -> list[dict]:  # noqa: C901 - one line per goal
    """The issue's goals, each with the figure measured and whether it is met."""
    by_name = {r.name: r for r in results}
    found = []

    def goal(text: str, value, met: bool | None) -> None:
        found.append({"goal": text, "measured": value, "met": met})

    for name, floor in [("tip POST", 0.7), ("tip form GET", 1.0)]:
        result = by_name.get(name)
        if result and result.ratio is not None:
            ceiling = result.ceiling.removeprefix("ceiling: ")
            goal(f"{name} ≥ {floor}× {ceiling}", f"{result.ratio:.2f}×", result.ratio >= floor)
    for name in GOAL_PAGES:
        if (result := by_name.get(name)) and result.p95_light_ms is not None:
            ok = result.p95_light_ms < INTERNAL_P95_MS and not result.errors
            measured = f"{result.p95_light_ms:.0f} ms (8 connections: {result.p95_ms:.0f} ms), {result.queries} queries"
            goal(f"{name}: p95 < {INTERNAL_P95_MS} ms", measured, ok)
    for name in ("start page", "public municipality page"):
        if (result := by_name.get(name)) and result.ratio is not None:
            goal(f"{name} ≥ 0.3× hello", f"{result.ratio:.2f}×", result.ratio >= 0.3)
    mixed = meta.get("mixed") or {}
    if mixed.get("pages"):
        worst = max(page["p95_ms"] for page in mixed["pages"].values())
        stored = mixed["tips_stored"] == mixed["tips_sent"]
        measured = f"worst p95 {worst:.0f} ms, {mixed['errors']} errors, "
        measured += f"{mixed['tips_stored']} of {mixed['tips_sent']} tips stored"
        goal(f"mixed load: p95 < {MIXED_P95_MS} ms every page, 0 errors, every tip stored", measured,
             worst < MIXED_P95_MS and not mixed["errors"] and stored)  # fmt: skip
    fanout = meta.get("fanout") or {}
    if fanout.get("seconds"):
        goal(f"{fanout['count']:,} reminders in ≤ 60 s", f"{fanout['seconds']:.1f} s", fanout["seconds"] <= 60)
        goal("reminders ≥ 0.5× no-op drain rate", f"{fanout['ratio']:.2f}×", fanout["ratio"] >= 0.5)
    goal("gunicorn worker RSS < 150 MB", f"{meta['worker_rss_mb']} MB", meta["worker_rss_mb"] < 150)
    return found


def markdown(results: list[Result], meta: dict) -> str:
    lines = [
        f"Measured {meta['date']} with `{meta['command']}` on {meta['machine']}.",
        "",
        f"Versions: {meta['versions']}.",
        "",
        f"Data: {meta['data']}.",
        "",
        largest_sentence(meta),
        "",
        "| scenario | req/s | p50 ms | p95 ms | p99 ms | p95 ms, 1 conn. | alone ms | SQL share | queries | errors "
        "| ratio to ceiling |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        ratio = f"{r.ratio:.2f}× {r.ceiling.removeprefix('ceiling: ')}" if r.ratio is not None else "–"
        queries = "–" if r.queries is None else str(r.queries)
        if r.health_checks:
            queries += f" + {r.health_checks}"
        alone = "–" if r.alone_ms is None else f"{r.alone_ms:.1f}"
        light = "–" if r.p95_light_ms is None else f"{r.p95_light_ms:.1f}"
        sql = "–" if r.sql_share is None else f"{r.sql_share:.0%}"
        name = r.name if r.rows is None else f"{r.name}, {r.rows} rows"
        lines.append(
            f"| {name} | {r.rps:.0f} | {r.p50_ms:.1f} | {r.p95_ms:.1f} | {r.p99_ms:.1f} | {light} | {alone} "
            f"| {sql} | {queries} | {r.errors} | {ratio} |"
        )
    lines += [
        "",
        "Queries: those the page runs, + the health-check `SELECT 1` Django sends on the first query of a "
        "request over a kept connection (CONN_HEALTH_CHECKS). SQL share: of the in-process time alone, the "
        "part spent in the database driver. A cache miss is every request finding nothing kept in its "
        "process (`X-Bench-Miss`), as the first one after a change does.",
    ]
    mixed = meta.get("mixed") or {}
    if mixed.get("pages"):
        lines += [
            "",
            f"Mixed load: {mixed['officials']} officials (a page, then 1–3 s reading) and {mixed['tips_per_minute']} "
            f"tips a minute for {mixed['seconds']} s at once; {mixed['tips_stored']} of {mixed['tips_sent']} tips "
            f"sent were stored, {mixed['errors']} errors.",
            "",
            "| page (mixed load) | requests | p50 ms | p95 ms | errors |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for name, page in mixed["pages"].items():
            lines.append(
                f"| {name} | {page['requests']} | {page['p50_ms']:.1f} | {page['p95_ms']:.1f} | {page['errors']} |"
            )
    fanout = meta.get("fanout") or {}
    if fanout.get("seconds"):
        lines += [
            "",
            f"Reminders fan-out ({fanout['mode']}): {fanout['count']:,} emails through one worker to a local SMTP "
            f"sink in {fanout['seconds']:.1f} s ({fanout['rate']:.0f}/s); the no-op drain of the same count took "
            f"{fanout['noop_seconds']:.1f} s ({fanout['noop_rate']:.0f}/s): {fanout['ratio']:.2f}× the no-op rate. "
            f"Worker RSS {fanout.get('worker_rss_mb', '–')} MB.",
        ]
    elif fanout.get("error"):
        lines += ["", f"Reminders fan-out failed: {fanout['error']}"]
    lines += [
        "",
        f"gunicorn worker RSS after the run: {meta['worker_rss_mb']} MB (largest of {meta['workers']}). "
        f"End to end: {meta['total_minutes']} min, of which loading the data set {meta['data_minutes']} min "
        "(nothing when it was already loaded). Load average (1, 5, 15 min) before the run "
        f"{meta['load_average']['before']}, after the HTTP scenarios {meta['load_average']['after_http']}.",
        "",
    ]
    lines += ["| goal | measured | met |", "| --- | --- | --- |"]
    for item in meta["goals"]:
        lines.append(f"| {item['goal']} | {item['measured']} | {'yes' if item['met'] else '**no**'} |")
    return "\n".join(lines)


def largest_sentence(meta: dict) -> str:
    facts = meta.get("largest") or {}
    if not facts:
        return ""
    national = NATIONAL_OBSERVATIONS_PER_WEEK
    share = facts["observations_per_week"] / national if national else 0
    size = (
        "national size"
        if share >= 0.9
        else f"**{share:.0%} of its national size** (a smaller town than the goals mean)"
    )
    return (
        f"The largest municipality measured ({facts['name']}) has {facts['observations_per_week']} observations a "
        f"week ({facts['observations_last_week']} last week), {facts['observations']:,} observations, "
        f"{facts['tips']:,} tips, {facts['places']} places, {facts['busiest_place_observations']:,} observations at "
        f"its busiest place: {size}, where the national data set's largest has about {national} a week. The median "
        f"municipality has {facts['median_observations_per_week']} a week."
    )


NATIONAL_OBSERVATIONS_PER_WEEK = 550  # the largest municipality at scale 1.0 (docs/PERFORMANCE.md)


def write_outputs(results: list[Result], meta: dict) -> None:
    ceilings = {r.name: r for r in results}
    for result in results:
        if result.ceiling and result.ceiling in ceilings and ceilings[result.ceiling].rps:
            result.ratio = round(result.rps / ceilings[result.ceiling].rps, 2)
    meta["goals"] = goals(results, meta)
    RESULTS.write_text(json.dumps({"meta": meta, "scenarios": [asdict(r) for r in results]}, indent=2) + "\n")
    table = markdown(results, meta)
    text = PERFORMANCE.read_text() if PERFORMANCE.exists() else f"# Performance\n\n{TABLE_START}{TABLE_END}\n"
    before, _, rest = text.partition(TABLE_START)
    _, _, after = rest.partition(TABLE_END)
    PERFORMANCE.write_text(f"{before}{TABLE_START}\n{table}\n{TABLE_END}{after}")


def measure(scenario: Scenario, args, queries: dict) -> Result:
    if scenario.method == "GET" or scenario.replay:
        run_wrk(scenario, args.warmup)
    raw = run_wrk(scenario, args.duration)
    r = to_result(scenario, raw, queries.get(scenario.name, {}))
    if r.name in GOAL_PAGES:
        r.p95_light_ms = round(run_wrk(scenario, LIGHT_SECONDS, connections=1)["p95_us"] / 1000, 2)
    print(f"{r.name:40} {r.rps:8.0f} req/s  p95 {r.p95_ms:7.1f} ms  {r.queries} queries  {r.errors} errors")
    return r


def _output(*command: str, env: dict | None = None) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)  # noqa: S603
    except OSError:
        return ""
    return (result.stdout or result.stderr).strip()


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages: other work on the machine shows here."""
    path = Path("/proc/loadavg")
    return " ".join(path.read_text().split()[:3]) if path.exists() else "?"


def machine() -> str:
    cpu = ""
    if Path("/proc/cpuinfo").exists():
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), "")  # fmt: skip
    memory = ""
    if Path("/proc/meminfo").exists():
        total_kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {total_kb / 1024 / 1024:.0f} GB RAM"
    return f"{cpu or platform.machine()}, {os.cpu_count()} cores{memory}, {platform.system()} {platform.release()}"


def versions(env: dict) -> str:
    import django

    postgres = _output("psql", env["DATABASE_URL"], "-tAc", "SHOW server_version")
    redis = re.search(r"redis_version:(\S+)", _output("redis-cli", "-u", env["REDIS_URL"], "INFO", "server"))
    wrk = re.search(r"wrk (\S+)", _output("wrk", "--version"))
    gunicorn = (_output(sys.executable, "-m", "gunicorn", "--version").split() or ["?"])[-1].strip("()")
    redis_version = redis.group(1) if redis else "?"
    return (
        f"Python {platform.python_version()}, Django {django.get_version()}, PostgreSQL {postgres or '?'}, "
        f"Redis {redis_version}, gunicorn {gunicorn}, wrk {wrk.group(1) if wrk else '?'}"
    )


def data_summary(env: dict) -> str:
    """Row counts and size of the benchmark database, for the report."""
    rows = _output(sys.executable, "-m", "bench.prepare", "--summary", env=env)
    size = _output("psql", env["DATABASE_URL"], "-tAc", "SELECT pg_size_pretty(pg_database_size(current_database()))")
    return f"{rows or 'unknown'}; database {size or '?'}"


def run_fanout(env: dict, count: int) -> dict:
    started = time.monotonic()
    process = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.fanout", "--count", str(count), "--json"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    print(process.stderr[-3000:], file=sys.stderr, end="")
    match = re.search(r"FANOUT_JSON (\{.*\})", process.stdout)
    if process.returncode or not match:
        return {"error": (process.stderr or process.stdout).strip().splitlines()[-1:] or ["no output"]}
    result = json.loads(match.group(1))
    result["wall_seconds"] = round(time.monotonic() - started, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the national data set")
    parser.add_argument("--duration", type=int, default=15, help="seconds of load per scenario")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--fanout", type=int, default=10_000, help="reminders to fan out (0: skip)")
    parser.add_argument("--skip-data", action="store_true", help="reuse the data already in the database")
    parser.add_argument("--only", help="run only the scenarios whose name contains this (ceilings always run)")
    parser.add_argument("--mixed", type=int, default=60, help="seconds of the mixed-load run (0: skip)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    started = time.monotonic()

    env = bench_env(args.scale)
    load_before = load_average()
    create_database(env)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")
    data_started = time.monotonic()
    if not args.skip_data:
        manage(env, "generate_national_data", "--scale", str(args.scale))
    data_minutes = round((time.monotonic() - data_started) / 60, 1)
    removed = remove_posted_tips(env)
    if removed:
        print(f"removed {removed:,} tips that earlier runs posted", file=sys.stderr)
    post_count = 1500 * args.duration  # more one-time bodies than a run can send
    mixed_tips = 100 * args.mixed // 60 + 20

    server = start_gunicorn(env, args.workers)
    mixed = {}
    try:
        prepared, largest = app_scenarios(env, post_count, mixed_tips)
        everything = ceiling_scenarios(post_count) + prepared
        scenarios = [s for s in everything if not s.mixed]
        if args.only:
            scenarios = [s for s in scenarios if s.name.startswith("ceiling") or args.only in s.name]
        results = []
        for stage in sorted({s.stage for s in scenarios}, key=STAGES.index):  # "": the data as generated
            rows = stage_open_week(env, stage) if stage else None
            staged = [s for s in scenarios if s.stage == stage]
            queries = count_queries(env, staged)
            for scenario in staged:
                results.append(measure(scenario, args, queries))
                results[-1].rows = rows
        if args.mixed:
            stage_open_week(env, "tuesday")  # the open week in the mixed run, as on a Tuesday
            mixed = run_mixed(env, everything, args.mixed)
        stage_open_week(env, "restore")
        rss = worker_rss_mb(server)
        load_after = load_average()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        stage_open_week(env, "restore")

    fanout = run_fanout(env, args.fanout) if args.fanout else {}
    command = "make bench" + (f" BENCH_ARGS='{' '.join(sys.argv[1:])}'" if sys.argv[1:] else "")
    meta = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "command": command,
        "scale": args.scale,
        "duration_s": args.duration,
        "workers": args.workers,
        "wrk": f"{WRK_THREADS} threads, {WRK_CONNECTIONS} connections",
        "machine": machine(),
        "versions": versions(env),
        "data": data_summary(env),
        "worker_rss_mb": rss,
        "fanout": fanout,
        "mixed": mixed,
        "largest": largest,
        "load_average": {"before": load_before, "after_http": load_after, "end": load_average()},
    }
    meta["total_minutes"] = round((time.monotonic() - started) / 60, 1)
    meta["data_minutes"] = data_minutes
    write_outputs(results, meta)
    print(f"wrote {RESULTS.relative_to(ROOT)} and {PERFORMANCE.relative_to(ROOT)} in {meta['total_minutes']} min")


if __name__ == "__main__":
    main()
