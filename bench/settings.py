"""Production-like settings for `make bench`: the portal's own settings from
the environment (DEBUG=0, PostgreSQL, Redis) plus the ceiling endpoints and
the cache-miss switch (bench/middleware.py)."""

from portal.settings import *  # noqa: F403
from portal.settings import INSTALLED_APPS, MIDDLEWARE

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
MIDDLEWARE = ["bench.middleware.MissMiddleware", *MIDDLEWARE]
ROOT_URLCONF = "bench.urls"
# The fan-out bench measures one worker on one queue.
CELERY_TASK_ROUTES: dict = {}
# The load generator speaks plain HTTP on 127.0.0.1.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
