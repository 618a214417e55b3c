"""Reminders fan-out: N emails dispatched and delivered through one real
Celery worker (Redis broker) to a local SMTP sink (bench/smtpsink.py), timed beside a
no-op task drain of the same count through the same worker.

    python -m bench.fanout --count 10000 [--stand-in [--per-message]] [--json]

Both runs start with one dispatcher task that queues N tasks; the no-op run
ends when the queue is drained, the reminders run when the sink has received
every message the dispatcher queued. Runs under bench.settings against the
benchmark database and Redis db (REDIS_URL); needs the generated data set and
tops its recipients up with temporary `bench-fanout-*` officials.

By default it drives the real reminders (situation_reports/reminders): the
generated municipalities get a briefing schedule whose contribution reminder
for this week is due now, and the beat task `situation_reports.dispatch_reminders`
creates the deliveries and queues one `send_reminders` task per chunk of up
to 200 deliveries of one municipality, which claims them, builds one email
(with its .ics) per organisation, language and tip access, serialized once
(portal.emails.Serialized), sends every copy over one SMTP connection and
records the sent rows in bulk (portal/delivery.py).
Schedules, deliveries and the extra officials are removed afterwards.

--stand-in drives bench/reminders.py instead, the stand-in written before
the feature landed: delivery rows under a unique constraint, one send task
per row, three templates, the row marked sent under a row lock; each worker
process keeps one SMTP connection open (--per-message: one per message).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
QUEUE = "celery"  # the real send tasks go to the default queue; the bench's own go there too
REAL = False
FANOUT_PREFIX = "bench-fanout-"


def top_up_recipients(count: int, present: int, towns: list) -> int:
    """Add officials to `towns` until there are `count` recipients; returns how many were added."""
    from django.contrib.auth.hashers import make_password

    from portal.models import Membership, Organisation, Role, User

    missing = count - present
    if missing <= 0:
        return 0
    organisations = dict(
        Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY, municipalities__in=towns).values_list(
            "municipalities", "pk"
        )
    )
    password = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                username=f"{FANOUT_PREFIX}{n:05d}",
                email=f"{FANOUT_PREFIX}{n:05d}@bench.invalid",
                first_name="Test",
                password=password,
                email_verified=True,
                language="en" if n % 10 == 0 else "sv",
            )
            for n in range(missing)
        ],
        batch_size=2000,
    )
    Membership.objects.bulk_create(
        [
            Membership(
                user=user,
                municipality=towns[n % len(towns)],
                organisation_id=organisations[towns[n % len(towns)].pk],
                role=Role.CONTRIBUTOR,
            )
            for n, user in enumerate(users)
        ],
        batch_size=2000,
    )
    return missing


def stand_in_setup(count: int) -> int:
    from bench import reminders
    from bench.generate import bench_municipalities

    towns = list(bench_municipalities().order_by("pk"))
    return top_up_recipients(count, len(reminders.recipients(count)), towns)


def real_setup(count: int) -> int:
    """Give generated municipalities a schedule whose contribution reminder
    for this week is due an hour ago (the meeting is in two hours), until
    they have `count` recipients between them."""
    from django.utils import timezone

    from bench.generate import bench_municipalities
    from situation_reports.models import WeeklyReport
    from situation_reports.reminders import selectors
    from situation_reports.reminders.models import BriefingSchedule, ReminderDelivery
    from situation_reports.weeks import current_week

    kind = ReminderDelivery.Kind.CONTRIBUTION
    meeting = timezone.now() + timedelta(hours=2)
    towns, present = [], 0
    for town in bench_municipalities().order_by("pk"):
        if present >= count:
            break
        schedule, _ = BriefingSchedule.objects.update_or_create(
            municipality=town, defaults={"enabled": True, "reminder_hours_before": 3, "send_summary": False}
        )
        week = current_week(town.timezone)
        WeeklyReport.objects.for_municipality(town).for_week(week).update(meeting_at=meeting)
        schedule.municipality = town
        present += selectors.recipient_memberships(schedule=schedule, kind=kind).count()
        towns.append(town)
    return top_up_recipients(count, present, towns)


def clean_up() -> None:
    from bench.generate import bench_municipalities, delete_rows
    from bench.models import ReminderStandIn
    from portal.models import User

    ReminderStandIn.objects.all().delete()
    if REAL:
        from situation_reports.reminders.models import BriefingSchedule, ReminderDelivery

        towns = bench_municipalities()
        ReminderDelivery.objects.filter(municipality__in=towns).delete()
        BriefingSchedule.objects.filter(municipality__in=towns).delete()
    delete_rows(User, User.objects.filter(username__startswith=FANOUT_PREFIX))


def start_worker(env: dict) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "celery", "-A", "portal", "worker", "-Q", QUEUE, "-n", "bench-fanout@%h",
        "--concurrency", str(os.cpu_count() or 2), "--without-gossip", "--without-mingle",
        "--without-heartbeat", "--loglevel", os.environ.get("BENCH_WORKER_LOGLEVEL", "warning"),
    ]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603


def wait_for_worker(app, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if app.control.ping(timeout=1):
            return
    raise SystemExit("the Celery worker did not answer")


def worker_rss_mb(worker: subprocess.Popen) -> float:
    """Largest resident memory of the worker and its pool processes, in MB."""
    output = subprocess.run(  # noqa: S603
        ["ps", "-o", "rss=", "--pid", str(worker.pid), "--ppid", str(worker.pid)],  # noqa: S607
        capture_output=True,
        text=True,
    ).stdout.split()
    return round(max((int(kb) for kb in output), default=0) / 1024, 1)


def _has_reminders(apps) -> bool:
    try:
        apps.get_model("situation_reports", "ReminderDelivery")
    except LookupError:
        return False
    return True


def sent_count() -> int:
    if REAL:
        from situation_reports.reminders.models import ReminderDelivery

        return ReminderDelivery.objects.filter(status=ReminderDelivery.Status.SENT).count()
    from bench.models import ReminderStandIn

    return ReminderStandIn.objects.filter(state=ReminderStandIn.State.SENT).count()


def drained(redis) -> bool:
    return redis.llen(QUEUE) == 0 and redis.hlen("unacked") == 0


def wait(predicate, timeout: float) -> float:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        time.sleep(0.02)
    return time.monotonic()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--stand-in", action="store_true", help="the stand-in instead of the real reminders")
    parser.add_argument("--per-message", action="store_true", help="stand-in: a new SMTP connection per message")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()

    from bench.smtpsink import Sink

    sink = Sink().start()
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{sink.port}"
    django.setup()
    from django.conf import settings

    global REAL
    from django.apps import apps

    from bench.tasks import noop_dispatch, reminders_dispatch
    from portal.celery import app

    REAL = _has_reminders(apps) and not args.stand_in
    redis = app.connection_for_write().default_channel.client
    clean_up()
    added = real_setup(args.count) if REAL else stand_in_setup(args.count)
    redis.delete(QUEUE, "unacked", "unacked_index")  # tasks the load run queued with no worker to take them
    worker = start_worker(dict(os.environ, DJANGO_SETTINGS_MODULE="bench.settings"))
    try:
        wait_for_worker(app)
        started = time.monotonic()
        noop_dispatch.apply_async(args=[args.count, QUEUE], queue=QUEUE, ignore_result=False).get(timeout=args.timeout)
        noop_seconds = wait(lambda: drained(redis), args.timeout) - started

        started = time.monotonic()
        if REAL:
            dispatch = app.send_task("situation_reports.dispatch_reminders", queue=QUEUE, ignore_result=False)
        else:
            reuse = not args.per_message
            dispatch = reminders_dispatch.apply_async(args=[args.count, QUEUE, reuse], queue=QUEUE, ignore_result=False)
        queued = dispatch.get(timeout=args.timeout)
        seconds = wait(lambda: sink.count >= queued, args.timeout) - started
        rss = worker_rss_mb(worker)
        sent = sent_count()
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
        sink.stop()
        clean_up()
    if REAL:
        mode = "the real dispatcher and send task"
    else:
        mode = f"stand-in, {'one SMTP connection per message' if args.per_message else 'SMTP connection reused'}"
    result = {
        "mode": mode,
        "count": queued,
        "delivered": sink.count,
        "recorded_sent": sent,
        "seconds": round(seconds, 2),
        "rate": round(queued / seconds, 1),
        "noop_seconds": round(noop_seconds, 2),
        "noop_rate": round(args.count / noop_seconds, 1),
        "ratio": round((queued / seconds) / (args.count / noop_seconds), 2),
        "worker_rss_mb": rss,
        "concurrency": os.cpu_count(),
        "recipients_added": added,
        "broker": settings.CELERY_BROKER_URL.rsplit("@", 1)[-1],
    }
    print(
        f"{queued:,} reminders delivered in {seconds:.1f} s ({result['rate']:.0f}/s); no-op drain {noop_seconds:.1f} s "
        f"({result['noop_rate']:.0f}/s): {result['ratio']:.2f}×; worker RSS {rss} MB",
        file=sys.stderr,
    )
    if args.json:
        print("FANOUT_JSON " + json.dumps(result))


if __name__ == "__main__":
    main()
