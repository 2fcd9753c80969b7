"""Test settings: SQLite unless DATABASE_URL points elsewhere (CI uses PostgreSQL)."""

import os

os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

from .base import *  # noqa: F403

SECRET_KEY = "test-secret-key"  # noqa: S105
ACCESS_LOG_HMAC_KEY = "test-access-log-key"
DEBUG = False
DEMO_MODE = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Threads that serve the live server or run a test worker close their connection when done,
# so none outlives its thread and holds the test database open at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Tasks run inline in tests unless a test starts a real worker (CI exports a broker URL).
CELERY_TASK_ALWAYS_EAGER = True
WHITENOISE_AUTOREFRESH = True  # serve static files without collectstatic
