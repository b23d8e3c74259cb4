"""The data side of the backup tests, run in a child process with the product's environment.

The environment names the database (``DATABASE_URL`` or the data folder's
SQLite) and the data folder, as ``greencert backup`` and ``restore`` see them:

    python -m tests.cli.backup_world seed               # migrate, the test world, evidence files
    python -m tests.cli.backup_world inspect            # what a person and the auditor see
    python -m tests.cli.backup_world add                # one evaluation more
    python -m tests.cli.backup_world write STOP_FILE    # evaluations, one after the other
    python -m tests.cli.backup_world slow-backup FILE   # greencert backup, pausing per table

Each prints one JSON object.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import random
import sys
import time
from pathlib import Path

import django

ITEM_ALPHA = "0.9"


def seed() -> dict:
    """The test world: a certificate issued (snapshot, review, decision), evidence files stored."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from greencert.web.certification.services.project_states import change_state
    from greencert.web.projects.models import Project, TeamMember
    from greencert.web.projects.services.checklists import record_verdict
    from greencert.web.projects.services.evidence import save_evaluation_sheet
    from greencert.web.projects.services.team import add_team_member
    from tests.web.certification.certificate_support import DAY, issue
    from tests.web.conftest import build_world

    call_command("migrate", verbosity=0)
    world = build_world()
    certificate = issue(world)
    project = world.beta_project
    add_team_member(actor=world.pm, project=project, user=world.leader, role=TeamMember.Role.LEADER)
    change_state(actor=world.pm, project=project, to=Project.State.IN_PROGRESS)
    rng = random.Random(12)
    evidence = {
        "1.1": SimpleUploadedFile("计量证书.pdf", b"%PDF-1.4\n" + rng.randbytes(40_000)),
        "2.1": SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0" + rng.randbytes(90_000)),
    }
    save_evaluation_sheet(
        actor=world.leader,
        assessment=project.assessment,
        header=header("EV"),
        ratings=ratings(),
        notes={},
        evidence=evidence,
    )
    record_verdict(
        actor=world.leader,
        assessment=project.assessment,
        kind="qms",
        clause_id="7.1.5",
        verdict="conforms",
        date=DAY,
        expected_version=0,
        files=[SimpleUploadedFile("校准记录.txt", "校准合格\n".encode() * 500)],
    )
    return {"certificate": certificate.number}


def header(code: str) -> dict:
    return {
        "code": code,
        "evaluator": "李明",
        "date": datetime.date(2026, 5, 11),
        "source": "auditor",
    }


def ratings() -> dict:
    from decimal import Decimal

    from greencert.core.ratings import Rating
    from greencert.core.registry import default_scheme

    scheme = default_scheme()
    return {item: Rating.of_alpha(Decimal(ITEM_ALPHA), scheme) for item in scheme.items}


def inspect() -> dict:
    """Row counts, stored files and their SHA-256, the audit chain, and what the pages show."""
    from django.core.files.storage import default_storage

    from greencert.web.audit.verification import verify_trail
    from greencert.web.backup.tables import archived_models

    verdict = verify_trail()
    return {
        "counts": {m._meta.db_table: m._base_manager.count() for m in archived_models()},
        "files": stored_files(default_storage),
        "audit": {"checked": verdict.checked, "hash": verdict.last_hash, "ok": not verdict.broken},
        "pages": pages(),
    }


def stored_files(storage, folder: str = "") -> dict[str, str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return {}
    found = {}
    for name in files:
        path = f"{folder}/{name}" if folder else name
        with storage.open(path, "rb") as stream:
            found[path] = hashlib.sha256(stream.read()).hexdigest()
    for sub in folders:
        found |= stored_files(storage, f"{folder}/{sub}" if folder else sub)
    return found


def pages() -> dict:
    """Each project's page (grade, service figures, evaluations) and each certificate's check."""
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from greencert.web.accounts.models import User
    from greencert.web.certification.models import Certificate
    from greencert.web.projects.models import Project
    from tests.web.projects_support import grade_shown, rows, text

    admin = User.objects.filter(username="admin").first()
    if admin is None:
        return {}  # nothing restored
    client = Client()
    # Looking changes nothing: the check's own log-in is kept out of axes's access log.
    with override_settings(AXES_DISABLE_ACCESS_LOG=True):
        client.force_login(admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    shown = {}
    for pk in Project.objects.order_by("pk").values_list("pk", flat=True):
        response = client.get(reverse("project_detail", args=[pk]))
        assert response.status_code == 200, (pk, response.status_code)
        shown[f"project {pk}"] = {
            "grade": grade_shown(response),
            "service": rows(response, "service-figures"),
            "evaluations": rows(response, "evaluations"),
        }
    for number in Certificate.objects.order_by("number").values_list("number", flat=True):
        response = Client().get(f"/verify/{number}")
        shown[f"certificate {number}"] = text(response)
    return shown


def write(stop_file: str) -> dict:
    """Store evaluations one after the other until *stop_file* exists; their times."""
    from greencert.web.projects.models import Project
    from greencert.web.projects.services.sheets import save_evaluation

    project = Project.objects.filter(state=Project.State.IN_PROGRESS).order_by("pk").first()
    lead = project.team.order_by("pk").first().user
    values, times = ratings(), []
    while not os.path.exists(stop_file):
        save_evaluation(
            actor=lead,
            assessment=project.assessment,
            header=header(f"W{len(times)}"),
            ratings=values,
        )
        times.append(time.time())
        time.sleep(0.02)
    return {"written": times}


def add() -> dict:
    """One evaluation more, stored through the service: its id and the chain after it."""
    from greencert.web.audit.verification import verify_trail
    from greencert.web.projects.models import Project
    from greencert.web.projects.services.sheets import save_evaluation

    project = Project.objects.filter(state=Project.State.IN_PROGRESS).order_by("pk").first()
    lead = project.team.order_by("pk").first().user
    evaluation = save_evaluation(
        actor=lead, assessment=project.assessment, header=header("NEW"), ratings=ratings()
    )
    verdict = verify_trail()
    return {"evaluation": evaluation.pk, "checked": verdict.checked, "ok": not verdict.broken}


def slow_backup(path: str) -> dict:
    """``greencert backup``, pausing after each table so that writers get in between."""
    from greencert.web.backup import dump

    write_table = dump.write_table

    def paused(*args, **kwargs):
        entry = write_table(*args, **kwargs)
        time.sleep(0.1)
        return entry

    dump.write_table = paused
    started = time.time()
    dump.write_backup(Path(path))
    return {"started": started, "finished": time.time()}


if __name__ == "__main__":
    django.setup()
    command, *rest = sys.argv[1:]
    run = {
        "seed": seed,
        "inspect": inspect,
        "add": add,
        "write": write,
        "slow-backup": slow_backup,
    }[command]
    print(json.dumps(run(*rest), ensure_ascii=False))
