"""The server side of the two-process lockout test: seed a SQLite data folder, read it back.

    python -m tests.web.accounts.live_accounts seed      # migrate, one auditor with a password
    python -m tests.web.accounts.live_accounts inspect   # the account's audit actions, as JSON

Run in a child process with the servers' environment, so it writes the file they serve.
"""

from __future__ import annotations

import json
import sys

import django

USERNAME = "li"
PASSWORD = "Jinggang-azalea-1927"


def seed() -> dict:
    from django.core.management import call_command

    from greencert.web.accounts.models import Role, User

    call_command("migrate", verbosity=0)
    user = User.objects.create_user(username=USERNAME, password=PASSWORD, role=Role.AUDITOR)
    return {"user": user.pk}


def inspect() -> dict:
    from greencert.web.audit.models import AuditEntry

    entries = AuditEntry.objects.filter(object_type="user").order_by("sequence")
    return {"actions": list(entries.values_list("action", flat=True))}


if __name__ == "__main__":
    django.setup()
    print(json.dumps(seed() if sys.argv[1] == "seed" else inspect()))
