"""The mixed-load run: officials browsing while residents send a spike of
tips, against the same gunicorn as the other scenarios.

Each official is a thread with its own keep-alive connection that opens one
of the officials' pages, reads it for a moment (1–3 s, seeded) and opens the
next; tips arrive at a steady rate (100 a minute by default) whatever the answers
take, each a one-time body built as a browser builds it (bench/prepare.py)
on a connection of its own. The
answer is the p95 per page, the errors, and whether every tip sent was
stored (counted in the database before and after).
"""

from __future__ import annotations

import http.client
import random
import threading
import time
from urllib.parse import urlsplit

from bench.queries import parse_line


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class _Client:
    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port

    def connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=30)

    def send(self, connection, method: str, path: str, headers: dict, body: bytes | None = None) -> int:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status


def run(
    base: str,
    pages: list[dict],
    tip_path: str,
    tip_lines: list[str],
    *,
    officials: int = 30,
    tips_per_minute: int = 100,
    seconds: int = 60,
    seed: int = 15,
) -> dict:
    """Drive the load for `seconds`; answers latencies per page name, errors
    and the number of tips sent with a 2xx/3xx answer."""
    client = _Client(base)
    stop = time.monotonic() + seconds
    lock = threading.Lock()
    latencies: dict[str, list[float]] = {page["name"]: [] for page in pages}
    errors: dict[str, int] = {page["name"]: 0 for page in pages} | {"tip POST": 0}
    tip_latencies: list[float] = []
    sent = {"tips": 0}

    def official(number: int) -> None:
        rng = random.Random(seed * 1000 + number)
        connection = client.connect()
        while time.monotonic() < stop:
            page = rng.choice(pages)
            started = time.perf_counter()
            try:
                status = client.send(connection, "GET", page["path"], page.get("headers", {}))
            except (OSError, http.client.HTTPException):
                status, connection = 0, client.connect()
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies[page["name"]].append(elapsed)
                if not 200 <= status < 400:
                    errors[page["name"]] += 1
            time.sleep(rng.uniform(1, 3))

    def send_tip(line: str) -> None:
        headers, body = parse_line(line)
        connection = client.connect()
        started = time.perf_counter()
        try:
            status = client.send(connection, "POST", tip_path, headers, body.encode())
        except (OSError, http.client.HTTPException):
            status = 0
        finally:
            connection.close()
        with lock:
            tip_latencies.append((time.perf_counter() - started) * 1000)
            if 200 <= status < 400:
                sent["tips"] += 1
            else:
                errors["tip POST"] += 1

    def residents() -> None:
        """Tips at a steady rate whatever the answers take (an open loop:
        residents do not wait for each other), each on its own connection."""
        interval = 60 / tips_per_minute
        lines = iter(tip_lines)
        next_at = time.monotonic()
        senders = []
        while time.monotonic() < stop:
            line = next(lines, None)
            if line is None:
                with lock:
                    errors["tip POST"] += 1  # ran out of bodies: the run was too long for them
                break
            sender = threading.Thread(target=send_tip, args=(line,), daemon=True)
            sender.start()
            senders.append(sender)
            next_at += interval
            time.sleep(max(0.0, next_at - time.monotonic()))
        for sender in senders:
            sender.join(timeout=60)

    threads = [threading.Thread(target=official, args=(n,), daemon=True) for n in range(officials)]
    threads.append(threading.Thread(target=residents, daemon=True))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    pages_out = {
        name: {
            "requests": len(values),
            "p50_ms": round(_percentile(values, 0.5), 1),
            "p95_ms": round(_percentile(values, 0.95), 1),
            "errors": errors[name],
        }
        for name, values in latencies.items()
    }
    pages_out["tip POST"] = {
        "requests": len(tip_latencies),
        "p50_ms": round(_percentile(tip_latencies, 0.5), 1),
        "p95_ms": round(_percentile(tip_latencies, 0.95), 1),
        "errors": errors["tip POST"],
    }
    return {
        "officials": officials,
        "tips_per_minute": tips_per_minute,
        "seconds": seconds,
        "pages": pages_out,
        "tips_sent": sent["tips"],
        "errors": sum(errors.values()),
    }
