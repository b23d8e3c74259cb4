"""The server side of the concurrency test: seed a SQLite data folder, and read it back.

Run in a child process with the server's environment (``GREENCERT_DATA_DIR``,
no ``DATABASE_URL``), so it writes the very file gunicorn serves:

    python -m tests.web.live_sqlite seed      # migrate, set up through the services, log in
    python -m tests.web.live_sqlite inspect   # what was stored, as JSON
    python -m tests.web.live_sqlite files     # the sheets, evidence and media files (fault test)

Both print one JSON object.  Sessions are created here, server-side, as
Django's ``login`` would after a password check: the test never posts to the
login page, so its rate limit is not in the way.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import django


def _session(user) -> str:
    from django.contrib.auth import login
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpRequest

    request = HttpRequest()
    request.session = SessionStore()
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session.save()
    return request.session.session_key


def seed() -> dict:
    from django.core.management import call_command

    from greencert.web.certification.services.project_states import change_state
    from greencert.web.projects.models import Project
    from tests.web.certification.certificate_support import certify
    from tests.web.conftest import build_world
    from tests.web.sheet_helpers import add_evaluation

    call_command("migrate", verbosity=0)
    world = build_world()
    # world.project: open for sheets, with one sheet (version 0) everyone will save at once.
    change_state(actor=world.leader, project=world.project, to=Project.State.IN_PROGRESS)
    shared = add_evaluation(world.project.assessment, world.leader, every="0.9", code="E0")
    # beta's project: granted AAAA, its certificate not issued yet.
    decision = certify(world, world.beta_project)
    return {
        "project": world.project.pk,
        "evaluation": shared.pk,
        "decision": decision.pk,
        "leader": _session(world.leader),
        "pm": _session(world.pm),
    }


def inspect(evaluation_id: int, decision_id: int) -> dict:
    from greencert.web.audit.models import AuditEntry
    from greencert.web.certification.models import Certificate, CertificateEvent
    from greencert.web.projects.models import Evaluation

    shared = Evaluation.objects.get(pk=evaluation_id)
    created = dict(Evaluation.objects.filter(code__startswith="C").values_list("pk", "code"))
    return {
        "codes": sorted(created.values()),
        "created_entries": AuditEntry.objects.filter(
            action="greencert.evaluation.created", object_id__in=[str(pk) for pk in created]
        ).count(),
        "shared_version": shared.version,
        "shared_alphas": sorted({str(r.alpha) for r in shared.ratings.all()}),
        "shared_changes": AuditEntry.objects.filter(
            action="greencert.evaluation.changed", object_id=str(evaluation_id)
        ).count(),
        "certificates": Certificate.objects.filter(decision_id=decision_id).count(),
        "issued_events": CertificateEvent.objects.filter(kind="issued").count(),
    }


def sheets_and_files() -> dict:
    """The evaluations and evidence stored, the audit trail's state, and the files in the
    media folder that no row names (the journals of unfinished saves listed apart)."""
    from django.conf import settings

    from greencert.web.audit.models import AuditEntry
    from greencert.web.audit.verification import verify_trail
    from greencert.web.projects.models import Evaluation, Evidence, ItemRating

    media = Path(settings.MEDIA_ROOT)
    named = set(Evidence.objects.values_list("file", flat=True))
    on_disk = {str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()}
    journals = {name for name in on_disk if name.startswith(".uploading/")}
    verdict = verify_trail()
    return {
        "codes": sorted(Evaluation.objects.values_list("code", flat=True)),
        "ratings": ItemRating.objects.count(),
        "evidence": sorted(Evidence.objects.values_list("original_name", flat=True)),
        "files": sorted(on_disk - journals),
        "unnamed_files": sorted(on_disk - journals - named),
        "missing_files": sorted(named - on_disk),
        "journals": sorted(journals),
        "evidence_entries": AuditEntry.objects.filter(action="greencert.evidence.added").count(),
        "trail_intact": verdict.broken is None,
    }


if __name__ == "__main__":
    django.setup()
    if sys.argv[1] == "seed":
        print(json.dumps(seed()))
    elif sys.argv[1] == "files":
        print(json.dumps(sheets_and_files()))
    else:
        print(json.dumps(inspect(int(sys.argv[2]), int(sys.argv[3]))))
