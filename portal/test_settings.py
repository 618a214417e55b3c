"""Test settings: the real settings, made fast and strict.

The database, broker and cache still come from the environment, so the same
suite runs on SQLite locally and on PostgreSQL and Redis in CI.
"""

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Unit tests run tasks in-process; the worker test starts a real worker
# against REDIS_URL on its own.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

# Whatever DEBUG says: the tests that exercise it turn it on themselves.
REQUIRE_STAFF_TWO_FACTOR = False
