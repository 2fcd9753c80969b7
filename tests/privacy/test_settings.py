"""The access log's key must come from the environment: production refuses to start
without it, so a forgotten key cannot silently weaken the chain."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _load_production_settings(**env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ACCESS_LOG_HMAC_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings.production")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_the_access_log_key():
    result = _load_production_settings(SECRET_KEY="x" * 50)

    assert result.returncode != 0
    assert "ACCESS_LOG_HMAC_KEY ontbreekt" in result.stderr


def test_production_starts_with_both_keys():
    result = _load_production_settings(SECRET_KEY="x" * 50, ACCESS_LOG_HMAC_KEY="y" * 50)

    assert result.returncode == 0, result.stderr
