"""Send many tips at once to a running portal and check that every one was
stored with its own receipt code and that nothing answered 5xx.

    python -m tips.bench.concurrent_tips --url http://127.0.0.1:8000 --slug arboga --count 200

Each simulated resident opens the form (own cookies, own CSRF and form
token), then all of them post at the same moment. The server's per-client
rate limit would (rightly) stop 200 tips from one address: run it with
TIPS_SUBMIT_LIMIT raised, or with CLIENT_IP_HEADER=HTTP_X_FORWARDED_FOR,
since every resident here sends its own X-Forwarded-For address. Set
TIPS_MIN_FILL_SECONDS=0 or pass --wait with at least that many seconds.
Standard library only, so it runs anywhere.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

CODE = re.compile(r"data-receipt-code[^>]*>([0-9A-Z]{4}(?:-[0-9A-Z]{4}){4})<")
FIELD = r'name="{name}" value="([^"]+)"'


@dataclass
class Outcome:
    status: int
    code: str | None
    error: str = ""


def _resident(base: str, slug: str, number: int, start: threading.Barrier, wait: float) -> Outcome:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    address = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
    headers = {"X-Forwarded-For": address, "Accept-Language": "sv"}
    url = f"{base}/kommun/{slug}/tipsa/"
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=60) as response:  # noqa: S310
            page = response.read().decode()
        csrf = re.search(FIELD.format(name="csrfmiddlewaretoken"), page).group(1)
        token = re.search(FIELD.format(name="form_token"), page).group(1)
    except Exception as error:  # noqa: BLE001 - reported, not raised
        start.abort()
        return Outcome(0, None, f"GET: {error}")
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": csrf,
            "form_token": token,
            "description": f"Belastningsprov, tips nummer {number}.",
            "where_text": "Stora torget",
            "identity": "anonymous",
            "website": "",
        }
    ).encode()
    post = urllib.request.Request(url, data=body, headers={**headers, "Referer": url}, method="POST")  # noqa: S310
    start.wait()
    time.sleep(wait)
    try:
        with opener.open(post, timeout=120) as response:
            page = response.read().decode()
            match = CODE.search(page)
            return Outcome(response.status, match.group(1) if match else None)
    except urllib.error.HTTPError as error:
        return Outcome(error.code, None, error.read()[:200].decode(errors="replace"))
    except Exception as error:  # noqa: BLE001 - reported, not raised
        return Outcome(0, None, f"POST: {error}")


def run(base: str, slug: str, count: int, wait: float = 0.0) -> list[Outcome]:
    if not base.startswith(("http://", "https://")):
        raise ValueError("--url must be an http(s) address")
    start = threading.Barrier(count, timeout=120)
    with ThreadPoolExecutor(max_workers=count) as pool:
        futures = [pool.submit(_resident, base.rstrip("/"), slug, n, start, wait) for n in range(count)]
        return [future.result() for future in futures]


def summarise(outcomes: list[Outcome]) -> dict:
    codes = [o.code for o in outcomes if o.code]
    return {
        "sent": len(outcomes),
        "ok": sum(1 for o in outcomes if o.status == 200 and o.code),
        "server_errors": sum(1 for o in outcomes if o.status >= 500),
        "failures": [o for o in outcomes if not (o.status == 200 and o.code)][:5],
        "distinct_codes": len(set(codes)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--slug", default="arboga")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--wait", type=float, default=0.0, help="seconds between opening the form and sending it")
    args = parser.parse_args()
    started = time.monotonic()
    result = summarise(run(args.url, args.slug, args.count, args.wait))
    print(f"{result['ok']}/{result['sent']} tips stored, {result['distinct_codes']} distinct receipt codes, "
          f"{result['server_errors']} 5xx, {time.monotonic() - started:.1f} s")  # fmt: skip
    for failure in result["failures"]:
        print("  failed:", failure)
    good = result["ok"] == result["sent"] == result["distinct_codes"] and not result["server_errors"]
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
