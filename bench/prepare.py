"""Prepare the portal's scenarios for the benchmark: paths into the largest
generated municipality, a logged-in session, and the POST requests.

    python -m bench.prepare POST_COUNT      # prints a JSON list of scenario specs
    python -m bench.prepare --summary       # row counts, for the report

Residents' tip POSTs are built the way a browser builds them after opening
the form: each resident has its own CSRF cookie and masked token (Django's
`get_token`, as the form page sets them), the form's signed one-time token
(`antiabuse.issue_token`, as the form page renders it, older than the
minimum fill time by the time it is sent), the empty honeypot and an empty
photo part, posted as multipart/form-data with `Origin: null` (the tip pages
send `Referrer-Policy: no-referrer`). Every resident comes from its own
address, passed by the proxy in X-Forwarded-For (the benchmark server runs
with CLIENT_IP_HEADER=HTTP_X_FORWARDED_FOR, as production behind a
proxy does), so the per-client limit of 5 tips an hour is never raised.
"""

from __future__ import annotations

import calendar
import json
import sys
from datetime import date, timedelta
from urllib.parse import urlencode

import django

RS = "\x1e"  # stands for CRLF inside a request line (see bench/wrk/report.lua)
BOUNDARY = "----TrygghetBenchBoundary7MA4YWxkTrZu0gW"
FOLLOW_UP_CODES = 100
PROBES = 5  # extra tip POSTs, for counting queries and timing in-process

BIG_TABLES = [
    "situation_reports.WeeklyReport",
    "situation_reports.Observation",
    "situation_reports.Action",
    "tips.Tip",
    "tips.TipMessage",
    "agreements.Agreement",
    "agreements.CitizenPledge",
    "agreements.Commitment",
]


def summary() -> str:
    from django.apps import apps
    from django.utils import translation

    parts = []
    with translation.override("en"):
        for label in ["portal.Municipality", "portal.User", "portal.Place", *BIG_TABLES]:
            model = apps.get_model(label)
            parts.append(f"{model._default_manager.count():,} {model._meta.verbose_name_plural}")
    return ", ".join(parts)


def request_line(headers: dict[str, str], body: str) -> str:
    """One POST as report.lua reads it."""
    assert "\t" not in body and "\n" not in body.replace("\r\n", "")  # noqa: S101
    fields = [f"{name}: {value}" for name, value in headers.items()]
    return "\t".join([*fields, body.replace("\r\n", RS)])


def multipart(fields: list[tuple[str, str]], files: list[str]) -> str:
    """A browser's multipart/form-data body; `files` are empty file inputs."""
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n' for name, value in fields
    ]
    parts += [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"; filename=""\r\n'
        "Content-Type: application/octet-stream\r\n\r\n\r\n"
        for name in files
    ]
    return "".join(parts) + f"--{BOUNDARY}--\r\n"


def csrf_pair() -> tuple[str, str]:
    """A new client's CSRF cookie and the masked token its form carries."""
    from django.http import HttpRequest
    from django.middleware.csrf import get_token

    request = HttpRequest()
    token = get_token(request)
    return request.META["CSRF_COOKIE"], token


def tip_post(municipality, number: int) -> str:
    from tips import antiabuse

    cookie, token = csrf_pair()
    fields = [
        ("csrfmiddlewaretoken", token),
        ("form_token", antiabuse.issue_token(municipality.pk)),
        ("description", f"Belastningsprov {number}: det är stökigt vid busshållplatsen på kvällarna."),
        ("where_text", "Vid busshållplatsen"),
        ("place", ""),
        ("when_text", "Fredag kväll"),
        ("knowledge", "own"),
        ("category", ""),
        ("identity", "anonymous"),
        ("contact_name", ""),
        ("contact_email", ""),
        ("contact_phone", ""),
        ("website", ""),
    ]
    headers = {
        "X-Forwarded-For": f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}",
        "Cookie": f"csrftoken={cookie}",
        "Origin": "null",
        "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
    }
    return request_line(headers, multipart(fields, ["photos"]))


def follow_up_posts(municipality) -> list[str]:
    """Lookups of real tips (with message threads) by receipt code. Only a
    keyed hash of each code is stored, so the codes are made here, from new
    nonces, and the tips' hashes set to match (SECRET_KEY is the server's)."""
    from tips import receipts
    from tips.models import Tip

    tips = list(
        Tip.objects.for_municipality(municipality)
        .filter(messages__isnull=False)
        .distinct()
        .order_by("-pk")[:FOLLOW_UP_CODES]
    )
    cookie, token = csrf_pair()
    headers = {"Cookie": f"csrftoken={cookie}", "Origin": "null", "Content-Type": "application/x-www-form-urlencoded"}
    lines = []
    for tip in tips:
        code = receipts.code_for_nonce(receipts.new_nonce())
        Tip.objects.filter(pk=tip.pk).update(receipt_hash=receipts.hash_code(code))
        lines.append(request_line(headers, urlencode({"csrfmiddlewaretoken": token, "action": "show", "code": code})))
    return lines


def session_cookie(user) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def last_month(today: date) -> tuple[date, date]:
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end.replace(day=calendar.monthrange(end.year, end.month)[1])


def scenarios(post_count: int) -> list[dict]:
    """Specs of the portal's scenarios (see bench.run.Scenario), in the
    largest generated municipality."""
    from django.db.models import Count
    from django.utils import timezone

    from bench.generate import bench_municipalities
    from portal.models import Membership, Place, Role
    from situation_reports.models import Observation
    from situation_reports.weeks import IsoWeek
    from tips.models import Tip

    towns = list(bench_municipalities().order_by("kommunkod"))
    if not towns:
        raise SystemExit("no generated data: run manage.py generate_national_data first")
    municipality, median = towns[0], towns[len(towns) // 2]  # the largest, and one of middling size
    slug = municipality.slug
    coordinator = Membership.objects.filter(municipality=municipality, role=Role.COORDINATOR).first().user
    internal = {"Cookie": session_cookie(coordinator)}
    median_coordinator = Membership.objects.filter(municipality=median, role=Role.COORDINATOR).first().user
    today = timezone.localdate()
    week = IsoWeek.of(today).shifted(-1)
    tip_pages = max(1, -(-Tip.objects.for_municipality(municipality).count() // 25))
    busiest = (
        Observation.objects.for_municipality(municipality)
        .filter(report__week_start__gte=today - timedelta(weeks=12))
        .values("place_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    hot_place = busiest["place_id"] if busiest else Place.objects.for_municipality(municipality).first().pk
    month_from, month_to = last_month(today)
    intern = f"/intern/{slug}"

    def get(name: str, path: str, ceiling: str = "ceiling: hello", **extra) -> dict:
        return {"name": name, "path": path, "ceiling": ceiling, **extra}

    follow_up = follow_up_posts(municipality)
    return [
        get("start page", "/"),
        get("public municipality page", f"/kommun/{slug}/"),
        get("tip form GET", f"/kommun/{slug}/tipsa/", "ceiling: form GET"),
        get(
            "tip POST",
            f"/kommun/{slug}/tipsa/",
            "ceiling: insert + enqueue",
            method="POST",
            requests=[tip_post(municipality, n) for n in range(post_count)],
            probes=[tip_post(municipality, post_count + n) for n in range(PROBES)],
        ),
        get(
            "receipt follow-up",
            "/tips/uppfoljning/",
            "ceiling: form GET",
            method="POST",
            requests=follow_up,
            replay=True,
            probe=follow_up[0],
        ),
        get("week page", f"{intern}/lagesbild/{week.year}/v{week.week}/", headers=internal),
        get(
            "week page, median municipality",
            f"/intern/{median.slug}/lagesbild/{week.year}/v{week.week}/",
            headers={"Cookie": session_cookie(median_coordinator)},
        ),
        get("dashboard", f"{intern}/oversikt/", headers=internal),
        get("triage list, first page", f"{intern}/tips/", headers=internal),
        get("triage list, deep page", f"{intern}/tips/?page={tip_pages // 2}", headers=internal),
        get("place page", f"{intern}/lagesbild/platser/{hot_place}/", headers=internal),
        get(
            "CSV export of a month",
            f"{intern}/lagesbild/observationer/export.csv?"
            + urlencode({"date_from": month_from.isoformat(), "date_to": month_to.isoformat()}),
            headers=internal,
        ),
    ]


def main() -> None:
    django.setup()
    if sys.argv[1:] == ["--summary"]:
        print(summary())
        return
    print(json.dumps(scenarios(int(sys.argv[1]))))


if __name__ == "__main__":
    main()
