"""Safe defaults: Argon2 passwords, debug off, production refuses unsafe settings, /healthz open."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from greencert.cli.web_cmds import check_production_environment

ROOT = Path(__file__).resolve().parents[2]


def run_settings(env: dict, code: str) -> subprocess.CompletedProcess:
    """Import the product's settings in a fresh interpreter with exactly *env*."""
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-c", code],
        env=base | env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_passwords_are_hashed_with_argon2(tmp_path):
    out = run_settings(
        {"GREENCERT_DATA_DIR": str(tmp_path)},
        "from greencert.web import settings; print(settings.PASSWORD_HASHERS[0]); print(settings.DEBUG)",
    )
    assert out.stdout.split() == ["django.contrib.auth.hashers.Argon2PasswordHasher", "False"]


def test_a_development_install_keeps_its_own_random_key_outside_the_code(tmp_path):
    code = "from greencert.web import settings; print(settings.SECRET_KEY)"
    first = run_settings({"GREENCERT_DATA_DIR": str(tmp_path)}, code).stdout.strip()
    again = run_settings({"GREENCERT_DATA_DIR": str(tmp_path)}, code).stdout.strip()
    other = run_settings({"GREENCERT_DATA_DIR": str(tmp_path / "other")}, code).stdout.strip()
    assert len(first) >= 50 and first == again and first != other
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize(
    ("env", "problem"),
    [
        ({"ALLOWED_HOSTS": "cert.example.org"}, "SECRET_KEY is missing"),
        ({"SECRET_KEY": "change-me", "ALLOWED_HOSTS": "cert.example.org"}, "SECRET_KEY is missing"),
        (
            {"SECRET_KEY": "django-insecure-" + "x" * 50, "ALLOWED_HOSTS": "a"},
            "SECRET_KEY is missing",
        ),
        ({"SECRET_KEY": "k" * 50}, "ALLOWED_HOSTS is empty"),
        (
            {"SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "a", "GREENCERT_DEBUG": "1"},
            "debug must be off",
        ),
    ],
)
def test_serve_refuses_unsafe_production_settings(monkeypatch, env, problem):
    for key in ("SECRET_KEY", "ALLOWED_HOSTS", "GREENCERT_DEBUG"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert any(problem in p for p in check_production_environment())


def test_serve_accepts_a_real_key_and_hosts(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "a-real-random-key-" + "q" * 40)
    monkeypatch.setenv("ALLOWED_HOSTS", "cert.example.org")
    monkeypatch.delenv("GREENCERT_DEBUG", raising=False)
    assert check_production_environment() == []


def test_greencert_serve_exits_2_and_says_why(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "greencert", "serve"],
        env={
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": str(ROOT / "src"),
            "GREENCERT_DATA_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2
    assert "SECRET_KEY is missing" in out.stderr and "ALLOWED_HOSTS is empty" in out.stderr


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = {
        "GREENCERT_PRODUCTION": "1",
        "SECRET_KEY": "a-real-random-key-" + "q" * 40,
        "ALLOWED_HOSTS": "cert.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "GREENCERT_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "greencert.web.settings",
    }
    out = run_settings(
        env,
        "import sys; from django.core.management import execute_from_command_line as x; x(['m', 'check', '--deploy', '--fail-level', 'WARNING'])",
    )
    assert out.returncode == 0, out.stderr
    assert "no issues" in out.stdout


def test_healthz_answers_without_login(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200 and response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
