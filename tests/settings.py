"""Settings for the test suite: the product's settings, with a throw-away data folder."""

import os
import tempfile

os.environ.setdefault("GREENCERT_DATA_DIR", tempfile.mkdtemp(prefix="greencert-test-"))
os.environ.setdefault("SECRET_KEY", "only-for-tests-" + "x" * 40)

from greencert.web.settings import *  # noqa: F403

# Argon2 is the product's hasher (tested in tests/web/test_settings.py); the
# suite logs in hundreds of times, so it hashes its own test passwords fast.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = os.path.join(os.environ["GREENCERT_DATA_DIR"], "media")

# The second factor is required of administrators, reviewers and decision makers in the
# product; the suite's personas log in with force_login, so it is switched on only by the
# tests about it (tests/web/accounts/), which set SECOND_FACTOR_ROLES themselves.
SECOND_FACTOR_ROLES: list[str] = []

# Django's test client's login() authenticates without a request, which django-axes's backend
# refuses; many tests log in that way, so the suite authenticates with Django's backend alone
# and the lockout tests (tests/web/accounts/test_lockout*.py) put the product's list back.
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
# ... and axes's check that its backend is listed would say so on every run.
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "axes.W003"]  # noqa: F405

# Tasks run in the process that queues them (as on the embedded default), whatever the
# environment says; tests/web/test_tasks_worker.py starts a real worker against Redis.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
