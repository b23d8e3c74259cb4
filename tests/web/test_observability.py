"""Observability: /readyz for a balancer, a request id in every log line and response,
JSON log lines, and Prometheus metrics only for the scraper holding METRICS_TOKEN."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap

import pytest
import redis
from django.urls import reverse

from greencert.web import readiness
from greencert.web.request_id import RequestIdFilter
from tests.web.test_sqlite_concurrency import ROOT

pytestmark = pytest.mark.django_db

LIVE_REDIS = "redis://127.0.0.1:6379/12"  # the cluster check uses 13, the worker test 14


def redis_up() -> bool:
    try:
        return redis.Redis.from_url(LIVE_REDIS).ping()
    except redis.ConnectionError:
        return False


@pytest.fixture(autouse=True)
def not_known_migrated(monkeypatch):
    monkeypatch.setattr(readiness, "_migrated", False)


def test_readyz_answers_without_login_and_names_no_secret(client, settings):
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "migrations": "ok", "storage": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_readyz_says_a_migration_is_not_applied(client, monkeypatch):
    monkeypatch.setattr(
        readiness.MigrationExecutor, "migration_plan", lambda self, targets: [("x", False)]
    )
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["migrations"] == "1 migration(s) not applied"
    assert response.json()["database"] == "ok"


def test_readyz_names_a_redis_out_of_reach(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["redis"].startswith("ConnectionError")
    assert response.json()["database"] == "ok"


@pytest.mark.skipif(not redis_up() and not os.environ.get("CI"), reason="needs Redis")
def test_readyz_with_redis_and_broker_reachable(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": LIVE_REDIS,
        }
    }
    settings.CELERY_BROKER_URL = LIVE_REDIS
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from greencert.web.tasks import app

    app.conf.broker_url = LIVE_REDIS
    try:
        response = client.get(reverse("readyz"))
    finally:
        app.conf.broker_url = "memory://"
    assert response.json() == {
        "database": "ok",
        "migrations": "ok",
        "redis": "ok",
        "broker": "ok",
        "storage": "ok",
    }
    assert response.status_code == 200


def test_a_response_carries_a_request_id_and_keeps_a_good_one_given(client):
    made = client.get(reverse("healthz"))["X-Request-ID"]
    assert len(made) == 32 and int(made, 16) >= 0
    assert client.get(reverse("healthz"))["X-Request-ID"] != made
    given = "nginx-5f1c2a9e8b7d"
    assert client.get(reverse("healthz"), HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given
    for bad in ("two words", "x" * 65, "<script>", "short"):
        kept = client.get(reverse("healthz"), HTTP_X_REQUEST_ID=bad)["X-Request-ID"]
        assert kept != bad and len(kept) == 32


def test_a_log_line_written_while_serving_carries_the_request_id(client, caplog):
    caplog.set_level(logging.WARNING, logger="greencert.csp")
    caplog.handler.addFilter(RequestIdFilter())  # as the console handler has it (settings)
    report = {"csp-report": {"document-uri": "https://x/", "violated-directive": "script-src"}}
    response = client.post(
        reverse("csp_report"),
        json.dumps(report),
        content_type="application/csp-report",
        HTTP_X_REQUEST_ID="req-0123456789",
    )
    assert response.status_code == 204
    [record] = [r for r in caplog.records if r.name == "greencert.csp"]
    assert record.request_id == "req-0123456789"
    logging.getLogger("greencert.csp").warning("after the request")
    assert caplog.records[-1].request_id == "-"


def test_json_log_lines_name_the_request(tmp_path):
    """A child process with LOG_FORMAT=json: a warning logged while a request is served is
    one JSON object naming level, logger, message and the request's id."""
    script = textwrap.dedent(
        """
        import django, json
        django.setup()
        from django.test import Client
        from django.conf import settings
        settings.ALLOWED_HOSTS = ["testserver"]
        Client().post("/csp-report/", json.dumps({"csp-report": {"violated-directive": "x"}}),
                      content_type="application/csp-report", HTTP_X_REQUEST_ID="req-abcdef0123")
        """
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env |= {
        "DJANGO_SETTINGS_MODULE": "greencert.web.settings",
        "GREENCERT_DATA_DIR": str(tmp_path),
        "SECRET_KEY": "x" * 50,
        "LOG_FORMAT": "json",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
    }
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    [line] = [entry for entry in lines if entry["logger"] == "greencert.csp"]
    assert line["level"] == "WARNING"
    assert line["request_id"] == "req-abcdef0123"
    assert line["message"].startswith("Content-Security-Policy refused")


def test_metrics_only_to_the_scraper_with_the_token(client, settings):
    assert client.get(reverse("metrics")).status_code == 404  # no token set: no metrics
    settings.METRICS_TOKEN = "m" * 40
    assert client.get(reverse("metrics")).status_code == 404
    wrong = client.get(reverse("metrics"), HTTP_AUTHORIZATION="Bearer " + "n" * 40)
    assert wrong.status_code == 404
    right = client.get(reverse("metrics"), HTTP_AUTHORIZATION="Bearer " + "m" * 40)
    assert right.status_code == 200
    assert "python_info" in right.content.decode()
    # Staff do not see them either: the token is the only key.
    from tests.web.conftest import build_world

    world = build_world()
    client.force_login(world.admin)
    assert client.get(reverse("metrics")).status_code == 404


def test_with_the_token_set_the_requests_are_counted(tmp_path):
    script = textwrap.dedent(
        """
        import django
        django.setup()
        from django.core.management import call_command
        call_command("migrate", verbosity=0)
        from django.test import Client
        from django.conf import settings
        settings.ALLOWED_HOSTS = ["testserver"]
        c = Client()
        for _ in range(3):
            c.get("/healthz")
        page = c.get("/metrics", HTTP_AUTHORIZATION="Bearer " + "t" * 40).content.decode()
        print([l for l in page.splitlines() if l.startswith("django_http_responses_total_by_status_total")])
        """
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env |= {
        "DJANGO_SETTINGS_MODULE": "greencert.web.settings",
        "GREENCERT_DATA_DIR": str(tmp_path),
        "SECRET_KEY": "x" * 50,
        "METRICS_TOKEN": "t" * 40,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
    }
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert 'django_http_responses_total_by_status_total{status="200"} 3.0' in done.stdout
