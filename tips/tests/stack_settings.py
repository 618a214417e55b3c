"""Settings of a portal that a fault test starts as processes of its own
(gunicorn, a Celery worker): the real settings, DEBUG and Redis from the
environment, except that static files are not hashed (the test runs no
collectstatic) and passwords are hashed fast."""

from portal.settings import *  # noqa: F403

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
