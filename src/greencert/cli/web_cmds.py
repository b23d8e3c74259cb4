"""``greencert demo``, ``greencert serve`` and ``greencert manage``: running the web application."""

from __future__ import annotations

import os
import sys
import unicodedata
from pathlib import Path

from greencert.core.exceptions import GreenCertError, Problem

# Secret keys that must never reach production (Django's template value and ours in docs).
PLACEHOLDER_KEYS = {"", "change-me", "changeme", "secret", "django-insecure"}


def register(commands) -> None:
    demo = commands.add_parser(
        "demo",
        help="run the application locally on SQLite with demo data",
        description="Create or migrate a SQLite database, load demo data, serve on 127.0.0.1.",
    )
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument(
        "--data-dir",
        help="where the database and files live (default: ~/.local/share/greencert-demo)",
    )
    demo.add_argument(
        "--no-serve", action="store_true", help="prepare the data and print the logins only"
    )
    demo.set_defaults(handler=run_demo)

    serve = commands.add_parser(
        "serve",
        help="run the production server (gunicorn; settings from the environment)",
        description="Needs SECRET_KEY and ALLOWED_HOSTS; DATABASE_URL for PostgreSQL.",
    )
    serve.add_argument("--bind", default=os.environ.get("GREENCERT_BIND", "127.0.0.1:8000"))
    serve.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3")))
    serve.add_argument("--migrate", action="store_true", help="apply database migrations first")
    serve.set_defaults(handler=run_serve)

    worker = commands.add_parser(
        "worker",
        help="do the queued background work (Celery worker; needs REDIS_URL or CELERY_BROKER_URL)",
        description="E-mails, survey answers, reminders: what the web processes queue.",
    )
    worker.add_argument(
        "--concurrency", type=int, default=int(os.environ.get("WORKER_CONCURRENCY", "2"))
    )
    worker.set_defaults(handler=run_worker)

    beat = commands.add_parser(
        "beat",
        help="queue the periodic background work (Celery beat; one per installation)",
        description="Survey answers every few seconds, reminders daily; see CELERY_BEAT_SCHEDULE.",
    )
    beat.set_defaults(handler=run_beat)

    manage = commands.add_parser("manage", help="Django's management commands", add_help=False)
    manage.add_argument("args", nargs="*")
    manage.set_defaults(handler=run_manage)


def display_width(text: str) -> int:
    """Terminal columns: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def setup_django(**env: str) -> None:
    for key, value in env.items():
        os.environ[key] = value
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greencert.web.settings")
    import django

    django.setup()


def run_demo(args) -> int:
    data_dir = Path(args.data_dir or Path.home() / ".local" / "share" / "greencert-demo").resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ.pop("DATABASE_URL", None)  # the demo always runs on its own SQLite file
    setup_django(GREENCERT_DATA_DIR=str(data_dir), SITE_URL=f"http://127.0.0.1:{args.port}")
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import translation

    from greencert.web.demo import load_demo

    call_command("migrate", verbosity=0)
    with translation.override(settings.LANGUAGE_CODE):  # demo records and role names in Chinese
        logins = load_demo(data_dir)
    print(f"GreenCert demo — data in {data_dir}")
    print(f"Open http://127.0.0.1:{args.port}/ and log in as:")
    width = max(display_width(role) for role, *_rest in logins)
    for role, username, password, secret in logins:
        line = f"  {role}{' ' * (width - display_width(role))}  {username} / {password}"
        if secret:
            line += f"  TOTP 密钥 secret: {secret}"
        print(line)
    print("第二重验证：把 TOTP 密钥输入身份验证器应用（或 `oathtool --totp -b 密钥`）。")
    print(
        "Second factor: type the TOTP secret into an authenticator app (or `oathtool --totp -b SECRET`)."
    )
    print("邀请邮件显示在此控制台。 Invitation e-mails appear on this console.")
    sys.stdout.flush()
    if args.no_serve:
        return 0
    from greencert.web.periodic import start_if_eager

    start_if_eager()  # no broker in the demo: survey answers and reminders handled here
    call_command("runserver", f"127.0.0.1:{args.port}", use_reloader=False)
    return 0


def production_problems() -> list[Problem]:
    """Why the production server must not start, if it must not."""
    codes = []
    key = os.environ.get("SECRET_KEY", "")
    if (
        key.strip().lower() in PLACEHOLDER_KEYS
        or key.startswith("django-insecure")
        or len(key) < 40
    ):
        codes.append("serve.secret_key")
    if not [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]:
        codes.append("serve.allowed_hosts")
    if os.environ.get("GREENCERT_DEBUG", "").lower() in ("1", "true", "yes", "on"):
        codes.append("serve.debug")
    return [Problem(code=code, source="serve") for code in codes]


def check_production_environment() -> list[str]:
    """The same reasons, as English lines."""
    return [p.message for p in production_problems()]


def run_serve(args) -> int:
    problems = production_problems()
    if problems:
        raise GreenCertError(problems)
    setup_django(GREENCERT_PRODUCTION="1")
    if args.migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=1)
    from django.db import connections
    from gunicorn.app.wsgiapp import run

    from greencert.web.uploads import recover_uploads

    # Files of saves that a crash of the last server left named by no row; workers that die
    # from now on are seen to by the master (greencert.web.gunicorn_conf).
    recover_uploads()
    connections.close_all()  # before the workers fork
    sys.argv = [
        "gunicorn",
        "--config",
        "python:greencert.web.gunicorn_conf",
        "--bind",
        args.bind,
        "--workers",
        str(args.workers),
        "--access-logfile",
        "-",
        "greencert.web.wsgi:application",
    ]
    return run() or 0


def _celery_app():
    """The Celery application, with Django set up; refused without a broker."""
    setup_django()
    from django.conf import settings

    if settings.CELERY_TASK_ALWAYS_EAGER:
        raise GreenCertError([Problem(code="tasks.no_broker", source="worker")])
    from greencert.web.tasks import app

    return app, settings


def run_worker(args) -> int:
    app, _settings = _celery_app()
    app.worker_main(
        ["worker", "--loglevel=INFO", f"--concurrency={args.concurrency}", "--without-gossip"]
    )
    return 0


def run_beat(args) -> int:
    app, settings = _celery_app()
    # Beat's record of when each entry last ran lives with the rest of the data, not in cwd.
    schedule = settings.DATA_DIR / "celerybeat-schedule"
    app.start(["beat", "--loglevel=INFO", f"--schedule={schedule}"])
    return 0


def run_manage(args) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greencert.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["greencert manage", *args.args])
    return 0
