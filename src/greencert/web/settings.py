"""Settings, read from the environment (healthchecks style: one readable file).

Safe by default: DEBUG is off unless GREENCERT_DEBUG=1; without a
SECRET_KEY a random one is kept in the data folder (``greencert serve``
refuses to start that way); the database is SQLite in the data folder,
outside the source tree, unless DATABASE_URL names another.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF


def envbool(name: str, default: str = "0") -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def envlist(name: str, default: str = "") -> list[str]:
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(
    os.environ.get("GREENCERT_DATA_DIR")
    or Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "greencert"
)

DEBUG = envbool("GREENCERT_DEBUG")
PRODUCTION = envbool("GREENCERT_PRODUCTION")


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY", ""):
        return key
    if PRODUCTION:
        return ""  # `greencert serve` refuses to start without one
    # A development or demo install keeps its own random key, never a committed one.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "greencert.web.accounts",
    "greencert.web.audit",
    "greencert.web.clients",
    "greencert.web.projects",
    "greencert.web.certification",
    "greencert.web.surveys",
    "greencert.web.documents",
    "greencert.web.webhooks",
    "greencert.web.regulator",
    "greencert.web.insights",
    "greencert.web.worklists",
    "greencert.web.api",
    "ninja",  # its documentation page and the files it needs, served from our own static files
]

MIDDLEWARE = [
    "greencert.web.request_id.RequestIdMiddleware",  # first: every later log line has the id
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "greencert.web.null_characters.RefuseNullCharacterMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "greencert.web.urls"
WSGI_APPLICATION = "greencert.web.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "greencert.web.worklists.context_processors.worklist",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'greencert.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
# SQLite (the demo and a small body's server), as Django 5.2's SQLite notes advise:
# a transaction takes the write lock at BEGIN (IMMEDIATE) and waits up to `timeout`
# seconds for it, instead of failing "database is locked" when a read turns into a write;
# WAL lets readers go on while one writes.  Concurrent edits are still caught by versions.
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=FULL;"  # a commit survives a power cut (NORMAL may lose the last ones)
    "PRAGMA temp_store=MEMORY;"
    "PRAGMA mmap_size=134217728;"  # 128 MB
    "PRAGMA journal_size_limit=67108864;"  # the WAL file shrinks back to 64 MB after a checkpoint
    "PRAGMA cache_size=-20000"  # 20 MB per connection
)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE",
        timeout=20,
        init_command=SQLITE_PRAGMAS,
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
with contextlib.suppress(
    OSError
):  # WhiteNoise expects the folder even when it serves from the finders
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True  # serve app static files without a collectstatic step
MEDIA_ROOT = Path(os.environ.get("GREENCERT_MEDIA_DIR") or DATA_DIR / "media")
# Evidence and other stored files: the data folder by default; an S3-compatible bucket when
# S3_BUCKET is set (every node then sees the same files).  Downloads are always streamed
# through the application after its permission check; the bucket itself stays private.


def stored_files(environ) -> dict:
    """The storage of stored files for *environ*: S3 when ``S3_BUCKET`` is set."""
    if not environ.get("S3_BUCKET"):
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": environ["S3_BUCKET"],
            "endpoint_url": environ.get("S3_ENDPOINT_URL") or None,
            "access_key": environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": environ.get("S3_SECRET_ACCESS_KEY") or None,
            "region_name": environ.get("S3_REGION", "us-east-1"),
            "location": environ.get("S3_PREFIX", ""),
            "addressing_style": "path",
            "signature_version": "s3v4",
            "default_acl": "private",
            "file_overwrite": False,  # a name taken gets a suffix, as on disk
        },
    }


STORAGES = {
    "default": stored_files(os.environ),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MAX_UPLOAD_BYTES = int(os.environ.get("GREENCERT_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
# Evidence files: documents and pictures only (they are served back as attachments).
EVIDENCE_EXTENSIONS = envlist(
    "GREENCERT_EVIDENCE_EXTENSIONS",
    "pdf,jpg,jpeg,png,gif,webp,heic,doc,docx,xls,xlsx,ppt,pptx,txt,csv,zip",
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "1" if PRODUCTION else "0")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1" if PRODUCTION else "0")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The browser policy (django-csp), enforced everywhere so that development sees what production
# refuses: scripts and style sheets only from our own files, never inline.  The survey page keeps
# its few styles in the page (one request on a slow phone) under the response's nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        # greencert.web.views.csp_report logs them; a fixed path, as the header is built for every
        # response and must never depend on the URL map being whole.
        "report-uri": ["/csp-report/"],
    }
}
# Powerful browser features none of our pages uses (django-permissions-policy): switched off.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
# A refused form (expired or missing CSRF token) says so in the site's own page.
CSRF_FAILURE_VIEW = "greencert.web.views.csrf_failure"
BEHIND_PROXY = envbool("BEHIND_PROXY")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# django-ratelimit keys on the client as greencert.web.net.client_ip sees it (no address: one shared key).
RATELIMIT_IP_META_KEY = "greencert.web.net.rate_limit_ip"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "greencert@localhost")

# Log lines carry the request's id (greencert.web.request_id); LOG_FORMAT=json writes one
# JSON object per line for a log collector, the default in production (`greencert serve`).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "greencert.web.request_id.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(process)d %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}


# --- The certification body (RULES.md §4: left to the body, all configurable) ---
CERTIFICATION_BODY = os.environ.get("CERTIFICATION_BODY", "江西腾标认证有限公司")
CERTIFICATION_BODY_EN = os.environ.get(
    "CERTIFICATION_BODY_EN", "Jiangxi Tengbiao Certification Co., Ltd."
)
CERTIFICATE_SIGNATORY = os.environ.get("CERTIFICATE_SIGNATORY", "周春阳")
# {year} and {seq} are filled in; the result is upper-cased and must have no spaces.
CERTIFICATE_NUMBER_PATTERN = os.environ.get("CERTIFICATE_NUMBER_PATTERN", "TB-GPS-{year}-{seq:04d}")
CERTIFICATE_VALIDITY_YEARS = int(os.environ.get("CERTIFICATE_VALIDITY_YEARS", "3"))
SURVEILLANCE_INTERVAL_MONTHS = int(os.environ.get("SURVEILLANCE_INTERVAL_MONTHS", "12"))
# Days before a certificate's expiry date when its organisation and the managers are told.
CERTIFICATE_EXPIRY_NOTICE_DAYS = [
    int(days)
    for days in os.environ.get("CERTIFICATE_EXPIRY_NOTICE_DAYS", "90,30").split(",")
    if days.strip()
]
COMPLAINT_ACKNOWLEDGE_DAYS = int(os.environ.get("COMPLAINT_ACKNOWLEDGE_DAYS", "7"))
COMPLAINT_RESOLVE_DAYS = int(os.environ.get("COMPLAINT_RESOLVE_DAYS", "60"))
# The latest due date a client may give a corrective action, counted from the day it answers.
CORRECTIVE_ACTION_MAX_DAYS = int(os.environ.get("CORRECTIVE_ACTION_MAX_DAYS", "180"))
# Public certificate look-ups allowed per client address and minute.
VERIFY_RATE_PER_MINUTE = int(os.environ.get("VERIFY_RATE_PER_MINUTE", "60"))

# --- Background work (greencert.web.tasks) ---
# A broker means a worker does the queued work and beat queues the periodic work; without
# one, a task runs in the process that asks for it, and the server runs the periodic work.
_BROKER = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL") or ""
CELERY_TASK_ALWAYS_EAGER = not _BROKER
CELERY_BROKER_URL = _BROKER or "memory://"  # never reached without a broker: tasks run eagerly
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True  # nothing waits for a result: tasks write what they do
# A task is acknowledged when done, not when taken: a worker killed in the middle leaves it
# to another (tasks are written to be run twice safely), and takes one at a time.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# How often waiting survey answers become responses (seconds), and when reminders go out.
SURVEY_DRAIN_SECONDS = float(os.environ.get("SURVEY_DRAIN_SECONDS", "5"))
REMINDERS_AT = os.environ.get("REMINDERS_AT", "07:00")  # local time, daily
# How long a document made in the background is kept for the person who asked (hours).
EXPORT_KEEP_HOURS = int(os.environ.get("EXPORT_KEEP_HOURS", "24"))
# A confirmed workbook import at least this large (bytes), or with at least this many
# evaluation sheets, is applied by a task (its state shown on the project page).
IMPORT_BACKGROUND_BYTES = int(os.environ.get("IMPORT_BACKGROUND_BYTES", str(1024 * 1024)))
IMPORT_BACKGROUND_EVALUATIONS = int(os.environ.get("IMPORT_BACKGROUND_EVALUATIONS", "40"))
CELERY_BEAT_SCHEDULE = {
    "drain-surveys": {
        "task": "greencert.surveys.drain",
        "schedule": SURVEY_DRAIN_SECONDS,
        "options": {"expires": SURVEY_DRAIN_SECONDS * 4},  # a backlog of drains is one drain
    },
    "send-reminders": {
        "task": "greencert.certification.send_reminders",
        "schedule": crontab(
            hour=int(REMINDERS_AT.split(":")[0]), minute=int(REMINDERS_AT.split(":")[1])
        ),
    },
    # The regulator's report brought up to date, and its reminder before the 10th.
    "regulator-daily": {
        "task": "greencert.regulator.daily",
        "schedule": crontab(
            hour=int(REMINDERS_AT.split(":")[0]), minute=int(REMINDERS_AT.split(":")[1])
        ),
    },
    "remove-expired-exports": {
        "task": "greencert.documents.remove_expired_exports",
        "schedule": crontab(minute=17),  # hourly
    },
    "certificate-expiry": {
        "task": "greencert.certification.certificate_expiry",
        "schedule": crontab(
            hour=int(REMINDERS_AT.split(":")[0]), minute=int(REMINDERS_AT.split(":")[1])
        ),
    },
}
# How many days before the regulator's deadline (the 10th) the administrators are reminded.
REGULATOR_REMINDER_DAYS = int(os.environ.get("REGULATOR_REMINDER_DAYS", "3"))

# --- Webhooks (greencert.web.webhooks): decisions and certificate changes sent to other systems ---
# Receivers must be public https addresses.  WEBHOOK_ALLOW_LOOPBACK=1 also accepts this machine's
# own loopback addresses, over http or https (a receiver beside GreenCert, the tests); private,
# link-local and other reserved addresses are always refused.
WEBHOOK_ALLOW_LOOPBACK = envbool("WEBHOOK_ALLOW_LOOPBACK")
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "10"))
# A failed delivery is tried again after 30 s, 1 min, 2 min … (doubled each time), at most
# WEBHOOK_MAX_ATTEMPTS times in all; the log of deliveries is kept WEBHOOK_LOG_DAYS days.
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "8"))
WEBHOOK_RETRY_BASE_SECONDS = int(os.environ.get("WEBHOOK_RETRY_BASE_SECONDS", "30"))
WEBHOOK_LOG_DAYS = int(os.environ.get("WEBHOOK_LOG_DAYS", "30"))
WEBHOOK_RETRY_SWEEP_SECONDS = float(os.environ.get("WEBHOOK_RETRY_SWEEP_SECONDS", "15"))
CELERY_BEAT_SCHEDULE |= {
    "retry-webhooks": {
        "task": "greencert.webhooks.deliver_due",
        "schedule": WEBHOOK_RETRY_SWEEP_SECONDS,
        "options": {"expires": WEBHOOK_RETRY_SWEEP_SECONDS * 4},
    },
    "prune-webhook-log": {"task": "greencert.webhooks.prune_log", "schedule": crontab(minute=17)},
}

CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- Accounts: invitations, passwords, lockout, second factor, sessions (greencert.web.accounts) ---
INSTALLED_APPS += [
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]
_after_auth = MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1
MIDDLEWARE[_after_auth:_after_auth] = [
    "django_otp.middleware.OTPMiddleware",
    "greencert.web.accounts.middleware.SessionLimitsMiddleware",
    "greencert.web.accounts.middleware.SecondFactorMiddleware",
]
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # last: it turns a lockout into its page
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked account before the password
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout per account whatever the address, kept in the database so every process sees it.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 warns that User-Agent rotation could dodge a lockout keyed on more than the
# user name; keyed on the user name alone, the database handler adds up every row of it.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOCKOUT_MINUTES", "30")))
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "greencert.web.net.client_ip"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Roles that must confirm a TOTP code (or a recovery code) after the password.
SECOND_FACTOR_ROLES = envlist("SECOND_FACTOR_ROLES", "admin,technical_reviewer,decision_maker")
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "GreenCert")
RECOVERY_CODE_COUNT = 10
# A session ends after this long without a request, and this long after the log-in in any case.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_MAX_HOURS = int(os.environ.get("SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
# Signing a review or decision, issuing, suspending or withdrawing a certificate and changing
# roles need a password or second-factor check this recent.
REAUTH_MINUTES = int(os.environ.get("REAUTH_MINUTES", "5"))
INVITATION_VALID_HOURS = int(os.environ.get("INVITATION_VALID_HOURS", "72"))
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_HOURS", "2")) * 3600

# --- Customer experience surveys (greencert.web.surveys) ---
# Public survey submissions allowed per client address and minute (django-ratelimit).
SURVEY_RATE_PER_MINUTE = int(os.environ.get("SURVEY_RATE_PER_MINUTE", "20"))
# A questionnaire sent sooner than this after the page was shown is flagged.
SURVEY_MIN_SECONDS = int(os.environ.get("SURVEY_MIN_SECONDS", "30"))
# This many responses from one /24 (IPv4) or /48 (IPv6) network within the minutes are flagged.
SURVEY_BURST_COUNT = int(os.environ.get("SURVEY_BURST_COUNT", "5"))
SURVEY_BURST_MINUTES = int(os.environ.get("SURVEY_BURST_MINUTES", "10"))
SURVEY_COMMENT_MAX_CHARS = int(os.environ.get("SURVEY_COMMENT_MAX_CHARS", "1000"))
SURVEY_MAX_BODY_BYTES = int(os.environ.get("SURVEY_MAX_BODY_BYTES", str(16 * 1024)))
SURVEY_FORM_MAX_AGE_HOURS = int(os.environ.get("SURVEY_FORM_MAX_AGE_HOURS", "24"))

# --- Prometheus metrics (last: its middleware wraps all the others) ---
# Metrics at /metrics, only when METRICS_TOKEN is set, and only to a scraper
# that sends it (Authorization: Bearer …).  Several worker processes: set
# PROMETHEUS_MULTIPROC_DIR to an empty folder so that every process is counted.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
if METRICS_TOKEN:
    INSTALLED_APPS.append("django_prometheus")
    MIDDLEWARE.insert(0, "django_prometheus.middleware.PrometheusBeforeMiddleware")
    MIDDLEWARE.append("django_prometheus.middleware.PrometheusAfterMiddleware")
