"""Zero-setup demo and development: SQLite, inline tasks, console email, demo logins."""

import os

os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = SECRET_KEY or "demo-only-secret-key-not-for-production"  # noqa: F405
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
