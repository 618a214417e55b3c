"""`make bench`: the portal under load beside Django's own ceiling.

Starts gunicorn on 127.0.0.1 with production-like settings (DEBUG=0,
PostgreSQL, Redis, bench.settings), drives every scenario with wrk for a
bounded time, counts SQL queries per request in-process, and writes
bench/results.json and the table in docs/PERFORMANCE.md.

    python -m bench.run [--scale 0.01] [--duration 10] [--skip-data]
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
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
WRK_THREADS = 2
WRK_CONNECTIONS = 8
TABLE_START = "<!-- bench-table:start -->"
TABLE_END = "<!-- bench-table:end -->"


@dataclass
class Scenario:
    name: str
    path: str
    ceiling: str | None = None  # name of the ceiling scenario it is compared with
    method: str = "GET"
    logged_in: bool = False
    bodies: list[str] = field(default_factory=list)  # POST bodies, each sent once
    cookie: str = ""


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
    ratio: float | None = None


def bench_env(scale: float) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/trygghet_bench")
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="0",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CONN_MAX_AGE="60",
        BENCH_SCALE=str(scale),
    )
    return env


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
            "--workers", str(workers), "--worker-class", "sync", "--access-logfile", "-",
            "--access-logformat", "", "--log-level", "warning",
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
    """Resident memory of the gunicorn workers (children of the master), in MB."""
    children = subprocess.run(  # noqa: S603
        ["ps", "--ppid", str(server.pid), "-o", "rss="],
        capture_output=True,
        text=True,  # noqa: S607
    ).stdout.split()
    return round(max((int(kb) for kb in children), default=0) / 1024, 1)


def run_wrk(scenario: Scenario, duration: int) -> dict:
    env = dict(os.environ, WRK_THREADS=str(WRK_THREADS))
    headers = []
    if scenario.cookie:
        headers += ["-H", f"Cookie: {scenario.cookie}"]
    if scenario.method == "POST":
        headers += ["-H", "Content-Type: application/x-www-form-urlencoded", "-H", f"Referer: {BASE}/"]
        bodies = tempfile.NamedTemporaryFile("w", delete=False, suffix=".txt")  # noqa: SIM115
        bodies.write("\n".join(scenario.bodies) + "\n")
        bodies.close()
        env["BODIES_FILE"] = bodies.name
    command = [
        "wrk", "-t", str(WRK_THREADS), "-c", str(WRK_CONNECTIONS), "-d", f"{duration}s",
        "--timeout", "10s", "-s", str(LUA), *headers, BASE + scenario.path,
    ]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout  # noqa: S603
    match = re.search(r"WRK_JSON (\{.*\})", output)
    if not match:
        raise SystemExit(f"wrk printed no result for {scenario.name}:\n{output}")
    return json.loads(match.group(1))


def to_result(scenario: Scenario, raw: dict, queries: int | None) -> Result:
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
        errors=raw["non_2xx_3xx"] + raw["socket_errors"],
        queries=queries,
    )


def csrf_pair(path: str) -> tuple[str, str]:
    """GET a form the way a browser does: the CSRF cookie and the form's token."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(BASE + path, timeout=10).read().decode()  # noqa: S310
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    cookie = next(c.value for c in jar if c.name == "csrftoken")
    return cookie, token


def ceiling_scenarios(count: int) -> list[Scenario]:
    cookie, token = csrf_pair("/bench/form/")
    bodies = [urlencode({"csrfmiddlewaretoken": token, "text": f"anteckning {i}"}) for i in range(count)]
    return [
        Scenario("ceiling: hello", "/bench/hello/"),
        Scenario("ceiling: form GET", "/bench/form/"),
        Scenario(
            "ceiling: insert + enqueue", "/bench/form/", method="POST", bodies=bodies, cookie=f"csrftoken={cookie}"
        ),
    ]


def app_scenarios(env: dict, post_count: int) -> list[Scenario]:
    """The portal's own pages, with ids and a logged-in session prepared in-process."""
    output = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.prepare", str(post_count), BASE],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return [Scenario(**spec) for spec in json.loads(output)]


def count_queries(env: dict, scenarios: list[Scenario]) -> dict[str, int]:
    specs = [asdict(s) | {"bodies": s.bodies[:1]} for s in scenarios]
    output = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.queries"],
        cwd=ROOT, env=env, input=json.dumps(specs), capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return json.loads(output)


def write_outputs(results: list[Result], meta: dict) -> None:
    ceilings = {r.name: r for r in results}
    for result in results:
        if result.ceiling and result.ceiling in ceilings and ceilings[result.ceiling].rps:
            result.ratio = round(result.rps / ceilings[result.ceiling].rps, 2)
    RESULTS.write_text(json.dumps({"meta": meta, "scenarios": [asdict(r) for r in results]}, indent=2) + "\n")
    lines = [
        f"Measured {meta['date']} on {meta['machine']}; data: {meta['data']}.",
        "",
        "| scenario | req/s | p50 ms | p95 ms | p99 ms | queries | errors | ratio to ceiling |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        ratio = f"{r.ratio:.2f}× {r.ceiling.removeprefix('ceiling: ')}" if r.ratio is not None else "–"
        queries = "–" if r.queries is None else str(r.queries)
        lines.append(
            f"| {r.name} | {r.rps:.0f} | {r.p50_ms} | {r.p95_ms} | {r.p99_ms} | {queries} | {r.errors} | {ratio} |"
        )
    lines += ["", f"gunicorn worker RSS after the run: {meta['worker_rss_mb']} MB."]
    for key, value in meta.get("extra", {}).items():
        lines.append(f"{key}: {value}")
    table = "\n".join(lines)
    text = PERFORMANCE.read_text() if PERFORMANCE.exists() else "# Performance\n\n" + TABLE_START + TABLE_END + "\n"
    before, _, rest = text.partition(TABLE_START)
    _, _, after = rest.partition(TABLE_END)
    PERFORMANCE.write_text(f"{before}{TABLE_START}\n{table}\n{TABLE_END}{after}")


def data_summary(env: dict) -> str:
    """Row counts of the benchmark database, for the report."""
    output = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.prepare", "--summary"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    return output.stdout.strip() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the national data set")
    parser.add_argument("--duration", type=int, default=15, help="seconds of load per scenario")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--skip-data", action="store_true", help="reuse the data already in the database")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")

    env = bench_env(args.scale)
    create_database(env)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")
    if not args.skip_data:
        manage(env, "generate_national_data", "--scale", str(args.scale))
    post_count = 4000 * args.duration  # more one-time bodies than any run can send

    server = start_gunicorn(env, args.workers)
    try:
        scenarios = ceiling_scenarios(post_count) + app_scenarios(env, post_count)
        queries = count_queries(env, scenarios)
        results = []
        for scenario in scenarios:
            if scenario.method == "GET":
                run_wrk(scenario, args.warmup)
            raw = run_wrk(scenario, args.duration)
            results.append(to_result(scenario, raw, queries.get(scenario.name)))
            print(f"{scenario.name:40} {results[-1].rps:8.0f} req/s  p95 {results[-1].p95_ms:7.1f} ms")
        rss = worker_rss_mb(server)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    extra = {}
    fanout = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.fanout", "--count", str(max(100, int(10_000 * min(args.scale * 100, 1))))],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    if fanout.returncode == 0 and fanout.stdout.strip():
        extra["Reminders fan-out"] = fanout.stdout.strip().splitlines()[-1]
    meta = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "data": data_summary(env),
        "worker_rss_mb": rss,
        "extra": extra,
    }
    write_outputs(results, meta)
    print(f"wrote {RESULTS.relative_to(ROOT)} and {PERFORMANCE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
