"""Production refuses unsafe defaults; .env.example lists every variable."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET = "x" * 60
RECEIPT_KEYS = "r" * 60  # required when DEBUG=0 (issue 12), beside what each test looks at
PRINT_CACHE = "import json, portal.settings as s; print(json.dumps(s.CACHES['default']))"


def _settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CACHE_URL", "DATABASE_URL", "DEBUG"}}
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", PRINT_CACHE],
        cwd=ROOT,
        env={**clean, "TIPS_RECEIPT_KEYS": RECEIPT_KEYS, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_a_per_process_cache():
    result = _settings(DEBUG="0", SECRET_KEY=SECRET)
    assert result.returncode != 0
    assert "DEBUG=0 needs a cache shared by every process" in result.stderr


def test_production_takes_the_cache_from_redis_url_on_its_own_database():
    result = _settings(DEBUG="0", SECRET_KEY=SECRET, REDIS_URL="redis://redis.internal:6380/4")
    assert result.returncode == 0, result.stderr
    cache = json.loads(result.stdout)
    assert cache["BACKEND"] == "portal.cache.FailFastRedisCache"
    assert cache["LOCATION"] == "redis://redis.internal:6380/5"
    assert cache["OPTIONS"]["socket_timeout"] <= 1 and cache["OPTIONS"]["socket_connect_timeout"] <= 1


def test_broker_and_cache_never_share_a_database():
    result = _settings(DEBUG="0", SECRET_KEY=SECRET, REDIS_URL="redis://r:6379/2", CACHE_URL="redis://r:6379/2")
    assert result.returncode != 0 and "share a Redis database" in result.stderr
    result = _settings(DEBUG="1", REDIS_URL="redis://r:6379", CACHE_URL="redis://r:6379/0")
    assert result.returncode != 0 and "share a Redis database" in result.stderr
    assert _settings(DEBUG="1", REDIS_URL="redis://r:6379/2", CACHE_URL="redis://r:6379/3").returncode == 0


def _read_by_settings() -> set[str]:
    source = (ROOT / "portal" / "settings.py").read_text()
    return set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]*)"', source))


def _listed_in_env_example() -> set[str]:
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def test_env_example_lists_every_variable_the_settings_read():
    read = _read_by_settings()
    assert {"DEBUG", "SECRET_KEY", "CACHE_URL", "REDIS_URL"} <= read  # the parser finds them
    assert read - _listed_in_env_example() == set()
    assert _listed_in_env_example() - read == set()


@pytest.mark.parametrize("name", ["SESSION_COOKIE", "CSRF_COOKIE", "LANGUAGE_COOKIE"])
def test_production_cookies_are_secure(name):
    code = f"import portal.settings as s; print(s.{name}_SECURE, getattr(s, '{name}_HTTPONLY', None))"
    clean = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CACHE_URL", "DEBUG"}}
    env = {
        **clean,
        "DEBUG": "0",
        "SECRET_KEY": SECRET,
        "REDIS_URL": "redis://r:6379/0",
        "TIPS_RECEIPT_KEYS": RECEIPT_KEYS,
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    secure, httponly = result.stdout.split()
    assert secure == "True"
    if name != "CSRF_COOKIE":  # the CSRF cookie is read by nothing but Django either way
        assert httponly == "True"
