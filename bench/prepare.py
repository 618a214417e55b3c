"""Prepare the portal's scenarios for the benchmark: paths into the largest
generated municipality, a logged-in session, and the POST requests.

    python -m bench.prepare POST_COUNT      # prints {"scenarios": [...], "largest": {...}}
    python -m bench.prepare --summary       # row counts, for the report
    python -m bench.prepare --open-week tuesday|friday|restore

The open current week is measured as it stands on a Tuesday (two working
days of observations) and on a Friday before the meeting (five): before
each, `--open-week` tops the largest municipality's open week up to that
many rows, copying its recent closed weeks' observations into this week
(marked, so `restore` removes exactly those). A week already fuller than
the stage is left as it is; the report states the rows measured.

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
OPEN_WEEK_MARK = "[belastningsprov] "  # descriptions of the rows --open-week adds
WORKING_DAYS = {"tuesday": 2, "friday": 5}

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


POSTED_MARK = "Belastningsprov "  # the descriptions of the tips the load posts


def remove_posted() -> dict[str, int]:
    """Delete the tips earlier runs posted (and what refers to them, their
    audit events too), so every run measures the generated data set, not
    one grown by the last run's tip POSTs."""
    from bench.generate import bench_municipalities, delete_rows
    from portal.models import AuditEvent
    from tips.models import Tip

    posted = Tip.objects.filter(municipality__in=bench_municipalities(), description__startswith=POSTED_MARK)
    ids = [str(pk) for pk in posted.values_list("pk", flat=True)]
    deleted = delete_rows(Tip, posted) if ids else {}
    for start in range(0, len(ids), 5000):
        AuditEvent.objects.filter(object_type="tips.tip", object_id__in=ids[start : start + 5000]).delete()
    return {"tips": len(ids), "rate_limit_keys": _forget_rate_limits(), **deleted}


def _forget_rate_limits() -> int:
    """The posting clients' rate-limit counts (an hour long): a run within
    the hour of the last would otherwise be refused (429) from the 6th run on."""
    from django.core.cache import cache

    client = getattr(getattr(cache, "_cache", None), "get_client", None)
    if client is None:  # not Redis
        return 0
    redis = client(write=True)
    keys = list(redis.scan_iter(match="*rl:tips:*", count=1000))
    for start in range(0, len(keys), 1000):
        redis.delete(*keys[start : start + 1000])
    return len(keys)


def tip_post(municipality, number: int, *, ceiling: bool = False) -> str:
    from tips import antiabuse

    cookie, token = csrf_pair()
    fields = [
        ("csrfmiddlewaretoken", token),
        ("form_token", antiabuse.issue_token(municipality.pk)),
        ("description", f"{POSTED_MARK}{number}: det är stökigt vid busshållplatsen på kvällarna."),
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
    if ceiling:  # Django's own CSRF check refuses `Origin: null`; over plain HTTP no Origin is checked
        del headers["Origin"]
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


def largest():
    from bench.generate import bench_municipalities

    towns = list(bench_municipalities().order_by("kommunkod"))
    if not towns:
        raise SystemExit("no generated data: run manage.py generate_national_data first")
    return towns[0], towns[len(towns) // 2]  # the largest, and one of middling size


def open_report(municipality):
    from django.utils import timezone

    from situation_reports.models import WeeklyReport
    from situation_reports.weeks import IsoWeek

    week = IsoWeek.of(timezone.localdate())
    return WeeklyReport.objects.for_municipality(municipality).for_week(week).get(), week


def weekly_average(municipality, week) -> float:
    from situation_reports.models import Observation

    closed = [week.shifted(-n).monday for n in range(1, 9)]
    count = Observation.objects.for_municipality(municipality).filter(report__week_start__in=closed).count()
    return count / len(closed)


def open_week(stage: str) -> dict:
    """Top the largest municipality's open week up to `stage` (or remove
    what an earlier stage added); answers the rows it then holds."""
    from datetime import timedelta

    from situation_reports import versions
    from situation_reports.models import Observation

    municipality, _ = largest()
    report, week = open_report(municipality)
    Observation.objects.filter(report=report, description__startswith=OPEN_WEEK_MARK).delete()
    if stage != "restore":
        target = round(weekly_average(municipality, week) * WORKING_DAYS[stage] / 5)
        missing = target - report.observations.count()
        source = (
            Observation.objects.for_municipality(municipality)
            .filter(report__week_start__lt=week.monday)
            .order_by("-report__week_start", "pk")[: max(missing, 0)]
        )
        rows = []
        for number, row in enumerate(source):
            day = week.monday + timedelta(days=number % WORKING_DAYS[stage])
            rows.append(
                Observation(
                    report=report,
                    organisation_id=row.organisation_id,
                    author_id=row.author_id,
                    category_id=row.category_id,
                    place_id=row.place_id,
                    date=day,
                    count=row.count,
                    description=OPEN_WEEK_MARK + row.description,
                    source=Observation.Source.OWN,
                )
            )
        Observation.objects.bulk_create(rows, batch_size=1000)
        versions.touch(report.pk)  # bulk_create sends no signal: the week page's kept rows are out of date
    return {"stage": stage, "rows": report.observations.count()}


def largest_facts(municipality, median) -> dict:
    """What the scenarios measure, in numbers, for the report."""
    from django.db.models import Count

    from portal.models import Place
    from situation_reports.models import Observation
    from tips.models import Tip

    report, week = open_report(municipality)
    busiest = (
        Observation.objects.filter(place__municipality=municipality)
        .values("place_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    return {
        "name": municipality.name,
        "observations_per_week": round(weekly_average(municipality, week)),
        "observations_last_week": Observation.objects.filter(
            report__municipality=municipality, report__week_start=week.shifted(-1).monday
        ).count(),
        "open_week_rows_now": report.observations.count(),
        "observations": Observation.objects.for_municipality(municipality).count(),
        "tips": Tip.objects.for_municipality(municipality).count(),
        "places": Place.objects.for_municipality(municipality).count(),
        "busiest_place_observations": busiest["n"] if busiest else 0,
        "median_observations_per_week": round(weekly_average(median, week)),
    }


def last_month(today: date) -> tuple[date, date]:
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end.replace(day=calendar.monthrange(end.year, end.month)[1])


def scenarios(post_count: int, mixed_tips: int = 0) -> list[dict]:
    """Specs of the portal's scenarios (see bench.run.Scenario), in the
    largest generated municipality."""
    from django.db.models import Count
    from django.utils import timezone

    from portal.models import Membership, Place, Role
    from situation_reports.models import Observation
    from situation_reports.weeks import IsoWeek
    from tips.models import Tip

    municipality, median = largest()
    slug = municipality.slug
    coordinator = Membership.objects.filter(municipality=municipality, role=Role.COORDINATOR).first().user
    internal = {"Cookie": session_cookie(coordinator)}
    median_coordinator = Membership.objects.filter(municipality=median, role=Role.COORDINATOR).first().user
    today = timezone.localdate()
    week = IsoWeek.of(today).shifted(-1)
    this = IsoWeek.of(today)
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
    miss = {"X-Bench-Miss": "1"}  # nothing kept in the process: the first request after a change
    return [
        get("start page", "/"),
        get("start page, cache miss", "/", headers=miss, miss=True),
        get("public municipality page", f"/kommun/{slug}/"),
        get("public municipality page, cache miss", f"/kommun/{slug}/", headers=miss, miss=True),
        get("tip form GET", f"/kommun/{slug}/tipsa/", "ceiling: form GET"),
        get("tip form GET, cache miss", f"/kommun/{slug}/tipsa/", "ceiling: form GET", headers=miss, miss=True),
        get(
            "ceiling: tip-like form + insert + enqueue",
            "/bench/tip/",
            None,
            method="POST",
            requests=[tip_post(municipality, post_count * 2 + n, ceiling=True) for n in range(post_count)],
            probes=[tip_post(municipality, post_count * 3 + n, ceiling=True) for n in range(PROBES)],
        ),
        get(
            "tip POST",
            f"/kommun/{slug}/tipsa/",
            "ceiling: tip-like form + insert + enqueue",
            method="POST",
            requests=[tip_post(municipality, n) for n in range(post_count)],
            probes=[tip_post(municipality, post_count + n) for n in range(PROBES)],
        ),
        get(
            "mixed load: tip POST",
            f"/kommun/{slug}/tipsa/",
            None,
            method="POST",
            requests=[tip_post(municipality, post_count * 4 + n) for n in range(mixed_tips)],
            mixed=True,
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
        get("week page, closed week", f"{intern}/lagesbild/{week.year}/v{week.week}/", headers=internal),
        get(
            "week page, open week (Tuesday)",
            f"{intern}/lagesbild/{this.year}/v{this.week}/",
            headers=internal,
            stage="tuesday",
        ),
        get(
            "week page, open week (Friday)",
            f"{intern}/lagesbild/{this.year}/v{this.week}/",
            headers=internal,
            stage="friday",
        ),
        get(
            "week page, median municipality",
            f"/intern/{median.slug}/lagesbild/{week.year}/v{week.week}/",
            headers={"Cookie": session_cookie(median_coordinator)},
        ),
        get("dashboard", f"{intern}/oversikt/", headers=internal),
        get("triage list, first page", f"{intern}/tips/", headers=internal),
        get("triage list, first page, cache miss", f"{intern}/tips/", headers=internal | miss, miss=True),
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
    if sys.argv[1:] == ["--remove-posted"]:
        print(json.dumps(remove_posted()))
        return
    if sys.argv[1] == "--open-week":
        print(json.dumps(open_week(sys.argv[2])))
        return
    open_week("restore")
    specs = scenarios(int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 0)
    print(json.dumps({"scenarios": specs, "largest": largest_facts(*largest())}))


if __name__ == "__main__":
    main()
