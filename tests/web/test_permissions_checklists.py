"""Who may open the checklist audit pages and the §5.2.2 exemption record (every view × persona).

Checklists: the project's team (leader, evaluator) and administrators judge
rows; other staff who see the project look; auditors off the team and
clients get 404.  Exemption record: staff who see the project look; project
managers, administrators and the team leader record it; the rest get 404.
Each allowed write is checked for its effect, each refused one for none (tests.web.matrix).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from greencert.web.projects.models import ChecklistVerdict, VerdictEvidence
from greencert.web.projects.services.checklists import record_verdict
from greencert.web.projects.urls import checklists
from tests.web import matrix
from tests.web.matrix import NOTHING, get_reading_only, post_checked, undone, writes
from tests.web.sheet_helpers import browser
from tests.web.test_checklists import DAY

PERSONAS = ["anonymous", *matrix.PERSONAS]
EDITORS = {"admin", "leader", "evaluator"}
VIEWERS = EDITORS | {"pm", "reviewer", "decider"}
RECORDERS = {"admin", "pm", "leader"}


@dataclass
class Objects:
    project: int
    evidence: int
    beta_evidence: int


def _judged_with_file(assessment, user) -> VerdictEvidence:
    verdict = record_verdict(
        actor=user,
        assessment=assessment,
        kind="qms",
        clause_id="4.1",
        verdict="conforms",
        date=DAY,
        expected_version=0,
    )
    return VerdictEvidence.objects.create(
        verdict=verdict,
        file=ContentFile(b"evidence", name="e.txt"),
        original_name="e.txt",
        uploaded_by=user,
    )


@pytest.fixture
def objects(world) -> Objects:
    return Objects(
        project=world.project.pk,
        evidence=_judged_with_file(world.project.assessment, world.leader).pk,
        beta_evidence=_judged_with_file(world.beta_project.assessment, world.admin).pk,
    )


VERDICT_POST = {"verdict": "minor", "notes": "n", "date": "2026-05-10", "version": "0"}
EXEMPTION_POST = {
    "certificate_number": "Q-1",
    "issuer": "CQC",
    "accredited": "yes",
    "certificate_scope": "物业服务",
    "certificate_expires": "2027-03-31",
    "audit_date": "2026-05-10",
    "scope_covers_service": "yes",
    "surveillance_status": "正常",
    "clauses": ["7.1.5"],
    "reason": "风险低",
    "version": "0",
}


JUDGED = writes(
    "projects.ChecklistVerdict",
    audit="greencert.checklist.judged",
    check=lambda: ChecklistVerdict.objects.filter(clause_id="8.5.1", verdict="minor").exists(),
)
RECORDED = writes("projects.ExemptionRecord", audit="greencert.exemption.recorded")

# (url name, arguments, method, data, {persona: status}, what an allowed POST changes)
CASES = [
    ("checklist", lambda o: (o.project, "qms"), "get", None, dict.fromkeys(VIEWERS, 200), None),
    ("checklist", lambda o: (o.project, "specific"), "get", None, dict.fromkeys(VIEWERS, 200), None),
    ("checklist", lambda o: (o.project, "other"), "get", None, {}, None),
    ("checklist", lambda o: (o.project, "qms"), "post", {}, dict.fromkeys(EDITORS, 405), NOTHING),
    ("checklist_verdict", lambda o: (o.project, "qms", "8.5.1"), "get", None, dict.fromkeys(EDITORS, 200), None),
    ("checklist_verdict", lambda o: (o.project, "qms", "8.5.1"), "post", VERDICT_POST, dict.fromkeys(EDITORS, 302), JUDGED),
    ("checklist_verdict", lambda o: (o.project, "qms", "99.9"), "get", None, {}, None),
    ("checklist_evidence", lambda o: (o.project, o.evidence), "get", None, dict.fromkeys(VIEWERS, 200), None),
    # Another project's file under this project's URL: nobody finds it.
    ("checklist_evidence", lambda o: (o.project, o.beta_evidence), "get", None, {}, None),
    ("project_exemption", lambda o: (o.project,), "get", None, dict.fromkeys(VIEWERS, 200), None),
    ("project_exemption", lambda o: (o.project,), "post", EXEMPTION_POST, dict.fromkeys(RECORDERS, 302), RECORDED),
]  # fmt: skip


def _id(case) -> str:
    name, _, method, _, allowed, _ = case
    return f"{method.upper()} {name} → {','.join(sorted(allowed)) or 'nobody'}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_who_may_open_the_checklist_pages(world, objects, case):
    """Every persona from the same data: what one of them writes is undone for the next."""
    name, args, method, data, allowed, effect = case
    url = reverse(name, args=args(objects))
    users = world.users()
    for persona in PERSONAS:
        client = Client()
        if persona != "anonymous":
            browser(client, users[persona])
        may = persona in allowed
        with undone():
            if method == "get":
                response = get_reading_only(client, url)
            else:
                response = post_checked(client, url, data, allowed=may, effect=effect)
        expected = 302 if persona == "anonymous" else allowed.get(persona, 404)
        assert response.status_code == expected, (persona, response.content[:500])
        if persona == "anonymous":
            assert response["Location"].startswith(reverse("login"))


def test_every_checklist_view_is_in_the_matrix():
    assert {p.name for p in checklists.urlpatterns} == {case[0] for case in CASES}
