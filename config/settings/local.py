"""Zero-setup demo and development: SQLite, inline tasks, console email, demo logins."""

import os

os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = SECRET_KEY or "demo-only-secret-key-not-for-production"  # noqa: F405
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# Demo only: a fixed key so the demo log verifies across restarts. Never use it for real data.
ACCESS_LOG_HMAC_KEY = ACCESS_LOG_HMAC_KEY or "demo-only-access-log-key"  # noqa: F405
