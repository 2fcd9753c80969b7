"""GET /healthz: what a load balancer or orchestrator sees, without logging in."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

BROKEN_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def broken_broker():
    """A broker URL where nothing answers, both in the settings and in the Celery app, which
    reads its configuration from the settings once."""
    from config.celery import app

    configured = app.conf.broker_url
    app.conf.broker_url = BROKEN_BROKER
    try:
        with override_settings(CELERY_BROKER_URL=BROKEN_BROKER):
            yield
    finally:
        app.conf.broker_url = configured


def test_healthy_without_logging_in(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_broker_that_does_not_answer_makes_it_unhealthy_quickly(client, broken_broker):
    started = time.monotonic()
    response = client.get("/healthz")
    elapsed = time.monotonic() - started

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert any(problem.startswith("broker") for problem in body["problems"])
    assert elapsed < 5


def test_database_that_does_not_answer_makes_it_unhealthy(client):
    broken = mock.MagicMock()
    broken.cursor.side_effect = OperationalError("connection refused")

    with mock.patch("config.health.connection", broken):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "problems": ["database: OperationalError"]}


def test_health_reports_no_details_beyond_the_kind_of_failure(client):
    broken = mock.MagicMock()
    broken.cursor.side_effect = OperationalError('password authentication failed for "wijkteam"')

    with mock.patch("config.health.connection", broken):
        response = client.get("/healthz")

    assert "password" not in response.text
    assert "wijkteam" not in response.text


def test_health_answers_get_only(client):
    assert client.post("/healthz").status_code == 405
