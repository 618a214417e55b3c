"""Settings for Trygghetsportalen, driven by environment variables.

Nothing is required for development: without any variable the portal runs on
a SQLite file, runs Celery tasks in-process and prints email to the console.
Production behaviour is switched on by variables (see `.env.example`), never
by a separate settings file.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import django.conf.locale
import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)

_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG=0: use at least 50 random characters, "
            'e.g. python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    SECRET_KEY = _DEV_SECRET_KEY
elif not DEBUG and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY is too short: use at least 50 random characters.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "portal",
    "agreements",
    "tips",
    "situation_reports",
    "maps",
    "legal",
    "walks",
]

MIDDLEWARE = [
    "portal.middleware.ServiceUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.SwedishFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.middleware.TwoFactorMiddleware",
    "portal.middleware.UserLanguageMiddleware",
    "portal.middleware.PageLanguageMiddleware",
    "portal.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections in production: opening a PostgreSQL connection per
# request cost the tip POST more than half its throughput in `make bench`
# (docs/PERFORMANCE.md). Health checks drop a connection the server closed.
# Development keeps 0: runserver starts a thread, so a connection, per request.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0 if DEBUG else 60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Fail fast instead of hanging a worker when PostgreSQL is unreachable.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
# Behind PgBouncer in transaction mode a server-side cursor cannot outlive its
# transaction: turn them off there (exports then read in id chunks, see
# portal/streaming.py). docs/PERFORMANCE.md, "Topology".
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool("DISABLE_SERVER_SIDE_CURSORS", default=False)
# An optional read replica for the read-only aggregate pages (portal/replica.py).
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
REPLICA_READ_VIEWS = [
    "situation_reports:dashboard",
    "situation_reports:dashboard-combined",
    "situation_reports:place-detail",
    "situation_reports:observation-list",
    "situation_reports:observation-csv",
]
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    for _key in ("ATOMIC_REQUESTS", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS", "DISABLE_SERVER_SIDE_CURSORS"):
        DATABASES["replica"].setdefault(_key, DATABASES["default"][_key])
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    if DATABASES["replica"]["ENGINE"].endswith("postgresql"):
        DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    DATABASE_ROUTERS = ["portal.replica.ReplicaRouter"]
    MIDDLEWARE.append("portal.replica.ReplicaReadsMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:my-municipalities"
LOGOUT_REDIRECT_URL = "portal:home"

# Failed-login lockout: five wrong passwords are answered as such; the 6th is
# refused, from any
# address until the cool-off has passed.
AXES_FAILURE_LIMIT = 6
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Locking by username alone is deliberate: it holds whatever address the
# attacker rotates through, and locking an address would lock out every
# official behind a municipality's shared NAT.
# models.W040: the embedded SQLite default builds covering indexes
# (Index.include) without their extra columns; PostgreSQL reads them.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "models.W040"]

# Receipt codes of residents' tips are derived and hashed with keys of their
# own, so that rotating SECRET_KEY leaves every code working. The first key
# derives new codes; every key verifies. Rotate by putting a new key first
# and keeping the old one second until the last tip made under it is erased
# (docs/SECURITY.md). An installation that predates this setting keeps its
# codes by listing its old SECRET_KEY as the second key.
_DEV_RECEIPT_KEY = "dev-only-receipt-key-never-use-in-production"  # noqa: S105
TIPS_RECEIPT_KEYS = env.list("TIPS_RECEIPT_KEYS", default=[])
if not TIPS_RECEIPT_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured("TIPS_RECEIPT_KEYS must be set when DEBUG=0: one key of 50+ random characters.")
    TIPS_RECEIPT_KEYS = [_DEV_RECEIPT_KEY]
elif not DEBUG and any(len(key) < 50 for key in TIPS_RECEIPT_KEYS):
    raise ImproperlyConfigured("Each of TIPS_RECEIPT_KEYS needs at least 50 random characters.")

# Optional TOTP two-factor login (django-otp); a municipality can require it.
OTP_TOTP_ISSUER = "Trygghetsportalen"
# Staff and superusers reach every municipality's data through admin: by
# default they must use two-factor login wherever DEBUG is off.
REQUIRE_STAFF_TWO_FACTOR = env.bool("REQUIRE_STAFF_TWO_FACTOR", default=not DEBUG)

# Languages are data: everything (model fields, account choices, the switch,
# catalogues, `make messages`) follows these. docs/LANGUAGES.md has the recipe.
LANGUAGE_CODE = "sv"  # the default, and the fallback of translated fields
LANGUAGES = [
    ("sv", _("Swedish")),
    ("sv-ll", _("Easy-to-read Swedish")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("so", _("Somali")),
    ("fa", _("Persian")),
    ("ti", _("Tigrinya")),
    ("uk", _("Ukrainian")),
    ("fi", _("Finnish")),
]
# The languages officials' pages and accounts offer; residents' pages may speak more.
OFFICIAL_LANGUAGES = ["sv", "en"]
MSGID_LANGUAGE = "en"  # msgids are English, so English needs no catalogue

# Languages Django does not know (ar and fa, bidi included, it does). The
# catalogue folder of "sv-ll" is `locale/sv_LL/`.
EXTRA_LANG_INFO = {
    "so": {"bidi": False, "code": "so", "name": "Somali", "name_local": "Soomaali"},
    "ti": {"bidi": False, "code": "ti", "name": "Tigrinya", "name_local": "ትግርኛ"},
    "sv-ll": {"bidi": False, "code": "sv-ll", "name": "Easy-to-read Swedish", "name_local": "Lättläst svenska"},
}
django.conf.locale.LANG_INFO.update(EXTRA_LANG_INFO)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploads (residents' photos, up to 4 x 10 MB) stream to a private temporary
# file instead of memory; the text fields of a form stay small.
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.TemporaryFileUploadHandler"]
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: the console in development, SMTP (or any EMAIL_URL scheme) in production.
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Trygghetsportalen <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 10

# Celery: Redis when REDIS_URL is set; otherwise tasks run in-process.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
# Workers keep their database connection between tasks (see portal/celery.py);
# Celery still recycles it every thousand tasks.
CELERY_DB_REUSE_MAX = 1000
CELERY_RESULT_EXPIRES = timedelta(days=1)
# A frozen or stopped Redis must never block a request for minutes: publishing
# gives up after a few seconds and the caller records the failure.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": 3,
    "socket_connect_timeout": 3,
    "max_retries": 1,
    "visibility_timeout": 3600,
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "socket_timeout": 3,
    "socket_connect_timeout": 3,
    "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 1},
}
# The portal's tasks record their outcome in the database, not in Celery's
# result backend; a task that returns something useful opts in.
CELERY_TASK_IGNORE_RESULT = True
CELERY_REDIS_SOCKET_TIMEOUT = 3
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 3
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5}
# Publishing from the portal's own code (portal/queue.py: web requests and the
# sweeps) uses a connection with this socket and connect timeout, in seconds,
# and no retry: a frozen Redis costs a tip POST at most this, once per process
# and 10 s; what was not queued waits in the database for its sweep.
BROKER_PUBLISH_TIMEOUT = env.float("BROKER_PUBLISH_TIMEOUT", default=0.5)
CELERY_BEAT_SCHEDULE: dict = {}
# Tip notifications and briefing reminders each have a queue of their own, so
# that a Monday-morning fan-out of reminders never delays the coordinators'
# mail about a new tip; everything else uses the default queue "celery".
# One worker may take all three (`make worker`) or one worker each (README).
CELERY_TASK_ROUTES = {
    "tips.send_notification": {"queue": "tips"},
    "tips.send_deliveries": {"queue": "tips"},
    "tips.sweep_notifications": {"queue": "tips"},
    "tips.sweep_status_mails": {"queue": "tips"},
    "situation_reports.*": {"queue": "reminders"},
}
# Tips: queue notifications the broker missed; erase closed tips' personal data when due.
# The sweep runs every TIPS_SWEEP_SECONDS and queues the notifications at least
# that old that were never fanned out (a shorter value only in tests).
TIPS_SWEEP_SECONDS = env.int("TIPS_SWEEP_SECONDS", default=60)
CELERY_BEAT_SCHEDULE["tips-sweep-notifications"] = {
    "task": "tips.sweep_notifications",
    "schedule": timedelta(seconds=TIPS_SWEEP_SECONDS),
}
CELERY_BEAT_SCHEDULE["tips-sweep-status-mails"] = {
    "task": "tips.sweep_status_mails",
    "schedule": timedelta(minutes=5),
}
CELERY_BEAT_SCHEDULE["tips-erase-due"] = {"task": "tips.erase_due", "schedule": timedelta(days=1)}

# Where a resident's address comes from for the public forms' rate limits
# (REMOTE_ADDR, or HTTP_X_FORWARDED_FOR behind a trusted proxy, whose last hop
# is used). It is only ever kept as a keyed hash in the cache, for minutes.
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="REMOTE_ADDR")

# Tips: photos live outside MEDIA_ROOT and the static path; the web server never serves them.
TIP_PHOTO_ROOT = env.path("TIP_PHOTO_ROOT", default=BASE_DIR / "var" / "tip-photos")
TIPS_MIN_FILL_SECONDS = env.int("TIPS_MIN_FILL_SECONDS", default=4)
TIPS_SUBMIT_LIMIT = env.int("TIPS_SUBMIT_LIMIT", default=5)  # tips per client and hour
TIPS_LOOKUP_LIMIT = env.int("TIPS_LOOKUP_LIMIT", default=10)  # wrong receipt codes per client and hour

# Agreements: send follower emails the broker missed or whose retry is due; limit requests to follow a
# pledge per client (address read as for tips, kept only as a keyed hash).
CELERY_BEAT_SCHEDULE["agreements-sweep-deliveries"] = {
    "task": "agreements.sweep_pending_deliveries",
    "schedule": timedelta(minutes=1),  # retries back off from 1 minute
}
AGREEMENTS_FOLLOW_LIMIT = env.int("AGREEMENTS_FOLLOW_LIMIT", default=5)  # requests to follow per client and 10 minutes

# Walks: send follower e-mails (and tell followers of follow-up done) every few minutes; apply
# retention daily: photos not published and residents' text go WALKS_RETENTION_DAYS after the walk,
# followers' addresses WALKS_FOLLOWER_RETENTION_DAYS after it.
CELERY_BEAT_SCHEDULE["walks-sweep"] = {"task": "walks.sweep", "schedule": timedelta(minutes=5)}
CELERY_BEAT_SCHEDULE["walks-erase-due"] = {"task": "walks.erase_due", "schedule": timedelta(days=1)}
WALKS_FOLLOW_LIMIT = env.int("WALKS_FOLLOW_LIMIT", default=5)  # requests to follow per client and 10 minutes
WALKS_RETENTION_DAYS = env.int("WALKS_RETENTION_DAYS", default=365)
WALKS_FOLLOWER_RETENTION_DAYS = env.int("WALKS_FOLLOWER_RETENTION_DAYS", default=730)

# Situation reports: briefing reminders, dispatched on every quarter hour (so a
# reminder due at 09:00 goes out at 09:00); every minute, queue those a broker
# outage or a dead worker lost and the retries whose backoff is over.
CELERY_BEAT_SCHEDULE["situation-reports-dispatch-reminders"] = {
    "task": "situation_reports.dispatch_reminders",
    "schedule": crontab(minute="*/15"),
}
# The reminder sender records its sent rows every this many messages (one
# UPDATE each time): a worker killed mid-chunk sends at most this many again.
REMINDERS_RECORD_EVERY = env.int("REMINDERS_RECORD_EVERY", default=20)
CELERY_BEAT_SCHEDULE["situation-reports-requeue-reminders"] = {
    "task": "situation_reports.requeue_reminders",
    "schedule": timedelta(minutes=1),
}

# The cache holds what must be shared by every process (rate limits, the
# two-factor state), so production needs Redis: a per-process cache would let
# three gunicorn workers accept three times the limit. CACHE_URL names it;
# otherwise REDIS_URL's server is used on its own database number
# (REDIS_CACHE_DB, by default the broker's + 1), never the broker's.
CACHE_URL = env.str("CACHE_URL", default="")
REDIS_CACHE_DB = env.int("REDIS_CACHE_DB", default=-1)
# Socket and connect timeouts of the cache, in seconds: a frozen Redis costs a
# request at most this much once (portal/cache.py then skips it for a while).
REDIS_CACHE_TIMEOUT = env.float("REDIS_CACHE_TIMEOUT", default=0.5)


def _redis_location(url: str) -> tuple[str, int]:
    """(host:port, database number) of a redis:// URL."""
    parsed = urlsplit(url)
    path = parsed.path.strip("/")
    return f"{parsed.hostname}:{parsed.port or 6379}", int(path) if path.isdigit() else 0


def _cache_from_redis_url(url: str) -> str:
    parsed = urlsplit(url)
    broker_db = _redis_location(url)[1]
    db = REDIS_CACHE_DB if REDIS_CACHE_DB >= 0 else broker_db + 1
    return urlunsplit((parsed.scheme, parsed.netloc, f"/{db}", "", ""))


if CACHE_URL.startswith(("redis://", "rediss://")) or (not CACHE_URL and REDIS_URL):
    _cache_url = CACHE_URL or _cache_from_redis_url(REDIS_URL)
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.FailFastRedisCache",
            "LOCATION": _cache_url,
            "OPTIONS": {
                "socket_timeout": REDIS_CACHE_TIMEOUT,
                "socket_connect_timeout": REDIS_CACHE_TIMEOUT,
                "retry_on_timeout": False,
            },
        }
    }
    if REDIS_URL and _redis_location(_cache_url) == _redis_location(REDIS_URL):
        raise ImproperlyConfigured(
            "The cache and the Celery broker share a Redis database: give CACHE_URL another database number."
        )
elif CACHE_URL:
    CACHES = {"default": env.cache_url("CACHE_URL")}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if not DEBUG and CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache")):
    raise ImproperlyConfigured(
        "DEBUG=0 needs a cache shared by every process (rate limits are counted there): "
        "set REDIS_URL or CACHE_URL to a Redis server."
    )

# An optional tile layer under officials' maps (web-mercator XYZ tiles). Empty:
# the maps are drawn from our own data only and no request leaves the portal.
MAP_TILE_URL = env.str("MAP_TILE_URL", default="")
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", default="")
MAP_TILE_ORIGIN = ""
if MAP_TILE_URL:
    _tiles = urlsplit(MAP_TILE_URL)
    if (
        _tiles.scheme not in ("https", "http")
        or not _tiles.netloc
        or not all(part in MAP_TILE_URL for part in ("{z}", "{x}", "{y}"))
    ):
        raise ImproperlyConfigured("MAP_TILE_URL must be an http(s) address with {z}, {x} and {y} in it.")
    if not DEBUG and _tiles.scheme != "https":
        raise ImproperlyConfigured("With DEBUG=0, MAP_TILE_URL must use https (browsers block http images there).")
    if not MAP_TILE_ATTRIBUTION:
        raise ImproperlyConfigured("MAP_TILE_URL needs MAP_TILE_ATTRIBUTION: tile servers require credit.")
    # Scheme, host and port only: never credentials or a path in the policy.
    MAP_TILE_ORIGIN = f"{_tiles.scheme}://{_tiles.hostname}" + (f":{_tiles.port}" if _tiles.port else "")

# Security headers on every response.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([MAP_TILE_ORIGIN] if MAP_TILE_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 10
# The language choice is read by Django alone, never by a script.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    if env.bool("SECURE_PROXY_SSL", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Request bodies never reach the log: only status lines and tracebacks.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
