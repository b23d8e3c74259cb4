"""Who may call every API operation, generated from the schema: an operation in openapi.json
without an entry in :data:`REACH` fails the first test, so a new operation cannot come
without its permission test.

Each entry says who gets the answer; everyone else signed in gets 404 (the object is out of
their reach, as on the pages) — or, for a list, an answer without the object — and an
anonymous caller 401, the public operations aside.  What an allowed call shows or does is
checked too (the object in the answer; a write's stored change and its audit entry naming
the token); a refused write changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from greencert.web.api.main import api
from greencert.web.api.preconditions import evaluation_etag, maturity_etag
from greencert.web.audit.models import AuditEntry
from greencert.web.clients.models import Contact
from greencert.web.projects.models import ClauseRating, Evaluation, ItemRating, Project
from tests.web.api.support import Findings, call, findings, planned_project, token_for
from tests.web.certification.certificate_support import clear_rate_limit, issue
from tests.web.matrix import undone
from tests.web.sheet_helpers import ITEMS, add_evaluation
from tests.web.test_applications import submitted

PERSONAS = ["admin", "pm", "leader", "evaluator", "auditor_off", "reviewer", "decider"]
PERSONAS += ["client", "beta_client"]
EVERYONE = frozenset(PERSONAS)
STAFF_ON_ALPHA = frozenset({"admin", "pm", "leader", "evaluator", "reviewer", "decider"})
ALPHA = STAFF_ON_ALPHA | {"client"}  # who reaches organisation alpha and its project
MANAGERS_AND_CLIENT = frozenset({"admin", "pm", "client"})


@dataclass
class Things:
    world: object
    certificate: object  # alpha's, issued (alpha's first project is decided)
    application: object  # alpha's
    planned: Project  # alpha's second project, planned, same team
    tokens: dict[str, str] = field(default_factory=dict)
    evaluation: object = None  # E1 of the planned project, version 0
    built: Findings | None = None

    @property
    def findings(self) -> Findings:
        """A project in progress with its nonconformities and survey, made when first named
        (before the personas' calls, which are each rolled back)."""
        if self.built is None:
            self.built = findings(self.world)
        return self.built


def _ids(response, key="id") -> set:
    data = response.json()
    return {row[key] for row in data.get("results", data if isinstance(data, list) else [])}


@dataclass(frozen=True)
class Reach:
    allowed: frozenset[str]
    path: Callable[[Things], dict] = lambda t: {}
    shows: Callable[[Things, object], bool] = lambda t, r: True  # the allowed answer is right
    body: dict | None = None
    listed: bool = False  # a list: the others get it too, without the object
    public: bool = False  # anonymous callers too
    writes: Callable[[Things], bool] | None = None  # a write: true once it is done
    headers: Callable[[Things], dict] = lambda t: {}  # e.g. If-Match
    status: int = 200  # of the allowed answer


def _moved(t: Things) -> bool:
    t.planned.refresh_from_db()
    return t.planned.state == Project.State.IN_PROGRESS


EXAMPLE_BODY = {"evaluations": []}  # nothing to score: the caller's right is what is tried

REACH: dict[tuple[str, str], Reach] = {
    ("POST", "/api/v1/score"): Reach(
        EVERYONE, body=EXAMPLE_BODY, shows=lambda t, r: r.json()["grade"] is None
    ),
    ("GET", "/api/v1/verify/{number}"): Reach(
        EVERYONE,
        public=True,
        path=lambda t: {"number": t.certificate.number},
        shows=lambda t, r: r.json()["organisation"] == "绿源服务有限公司",
    ),
    ("GET", "/api/v1/organisations"): Reach(
        ALPHA, listed=True, shows=lambda t, r: t.world.alpha.pk in _ids(r)
    ),
    ("GET", "/api/v1/organisations/{organisation_id}"): Reach(
        ALPHA,
        path=lambda t: {"organisation_id": t.world.alpha.pk},
        shows=lambda t, r: r.json()["sites"][0]["name"] == "红谷滩服务中心",
    ),
    ("GET", "/api/v1/applications"): Reach(
        MANAGERS_AND_CLIENT, listed=True, shows=lambda t, r: t.application.pk in _ids(r)
    ),
    ("GET", "/api/v1/applications/{application_id}"): Reach(
        MANAGERS_AND_CLIENT,
        path=lambda t: {"application_id": t.application.pk},
        shows=lambda t, r: r.json()["organisation"]["name"] == "绿源服务有限公司",
    ),
    ("GET", "/api/v1/projects"): Reach(
        ALPHA, listed=True, shows=lambda t, r: t.planned.pk in _ids(r)
    ),
    ("GET", "/api/v1/projects/{project_id}"): Reach(
        ALPHA,
        path=lambda t: {"project_id": t.planned.pk},
        shows=lambda t, r: r.json()["code"] == t.planned.code,
    ),
    ("GET", "/api/v1/projects/{project_id}/audit"): Reach(
        STAFF_ON_ALPHA,
        path=lambda t: {"project_id": t.planned.pk},
        shows=lambda t, r: "greencert.team.added" in _ids(r, "action"),
    ),
    ("POST", "/api/v1/projects/{project_id}/state"): Reach(
        frozenset({"admin", "pm", "leader"}),
        path=lambda t: {"project_id": t.planned.pk},
        body={"to": "in_progress"},
        writes=_moved,
    ),
    ("GET", "/api/v1/certificates"): Reach(
        ALPHA, listed=True, shows=lambda t, r: t.certificate.pk in _ids(r)
    ),
    ("GET", "/api/v1/certificates/{certificate_id}"): Reach(
        ALPHA,
        path=lambda t: {"certificate_id": t.certificate.pk},
        shows=lambda t, r: r.json()["number"] == t.certificate.number,
    ),
}

# Nonconformities, surveys, certificate status, documents (issue 17, second part).
TEAM = frozenset({"leader", "evaluator"})
SURVEY_READERS = frozenset({"admin", "pm"}) | TEAM  # managers and the project's team
MANAGERS = frozenset({"admin", "pm"})
NC = "/api/v1/projects/{project_id}/nonconformities"
DUE = datetime.date.today() + datetime.timedelta(days=30)  # well after any time zone's today


def _nc(t: Things, which: str) -> dict:
    nc = getattr(t.findings, which)
    return {"project_id": t.findings.project.pk, "nonconformity_id": nc.pk}


def _nc_status(t: Things, which: str) -> str:
    nc = getattr(t.findings, which)
    nc.refresh_from_db()
    return nc.status


def _response_status(t: Things) -> str:
    t.findings.response.refresh_from_db()
    return t.findings.response.status


def _certificate_status(t: Things) -> str:
    t.certificate.refresh_from_db()
    return t.certificate.status


def _file(content_type: str, name_ends: str):
    def shows(t: Things, r) -> bool:
        content = b"".join(r.streaming_content)
        magic = b"%PDF-" if content_type == "application/pdf" else b"PK"  # a zip: xlsx
        return (
            r["Content-Type"] == content_type
            and r["Content-Disposition"].endswith(f'{name_ends}"')
            and content.startswith(magic)
        )

    return shows


REACH |= {
    ("GET", NC): Reach(
        ALPHA,
        path=lambda t: {"project_id": t.findings.project.pk},
        shows=lambda t, r: _ids(r) == {t.findings.open_nc.pk, t.findings.answered_nc.pk},
    ),
    ("GET", NC + "/{nonconformity_id}"): Reach(
        ALPHA,
        path=lambda t: _nc(t, "answered_nc"),
        shows=lambda t, r: r.json()["root_cause"] == "未列入年度计划",
    ),
    ("POST", NC + "/{nonconformity_id}/answer"): Reach(
        frozenset({"client"}),
        path=lambda t: _nc(t, "open_nc"),
        body={
            "correction": "已组织演练",
            "root_cause": "未列入年度计划",
            "action_plan": "纳入年度计划",
            "due_date": DUE.isoformat(),
        },
        writes=lambda t: _nc_status(t, "open_nc") == "answered",
    ),
    ("POST", NC + "/{nonconformity_id}/review"): Reach(
        TEAM,
        path=lambda t: _nc(t, "answered_nc"),
        body={"decision": "return", "comment": "根本原因分析不充分"},
        shows=lambda t, r: r.json()["review_comment"] == "根本原因分析不充分",
        writes=lambda t: _nc_status(t, "answered_nc") == "returned",
    ),
    ("POST", NC + "/{nonconformity_id}/close"): Reach(
        TEAM,
        path=lambda t: _nc(t, "answered_nc"),
        body={"verification": "现场查看演练记录"},
        writes=lambda t: _nc_status(t, "answered_nc") == "closed",
    ),
    ("GET", "/api/v1/projects/{project_id}/surveys"): Reach(
        SURVEY_READERS,
        path=lambda t: {"project_id": t.findings.project.pk},
        shows=lambda t, r: _ids(r) == {t.findings.survey.pk},
    ),
    ("GET", "/api/v1/surveys/{survey_id}"): Reach(
        SURVEY_READERS,
        path=lambda t: {"survey_id": t.findings.survey.pk},
        shows=lambda t, r: r.json()["tally"]["held"] == 1,
    ),
    ("GET", "/api/v1/surveys/{survey_id}/responses"): Reach(
        SURVEY_READERS,
        path=lambda t: {"survey_id": t.findings.survey.pk},
        shows=lambda t, r: r.json()["results"][0]["flags"] == ["same_answers"],
    ),
    ("POST", "/api/v1/surveys/{survey_id}/responses/{response_id}/review"): Reach(
        frozenset({"admin"}) | TEAM,
        path=lambda t: {"survey_id": t.findings.survey.pk, "response_id": t.findings.response.pk},
        body={"decision": "exclude", "reason": "每项答案相同"},
        shows=lambda t, r: r.json()["status"] == "excluded" and not r.json()["counts"],
        writes=lambda t: _response_status(t) == "excluded",
    ),
    ("POST", "/api/v1/certificates/{certificate_id}/status"): Reach(
        MANAGERS,
        path=lambda t: {"certificate_id": t.certificate.pk},
        body={"change": "suspend", "reason": "监督审核逾期未进行"},
        shows=lambda t, r: r.json()["status"] == "suspended",
        writes=lambda t: _certificate_status(t) == "suspended",
    ),
    ("GET", "/api/v1/projects/{project_id}/report.pdf"): Reach(
        STAFF_ON_ALPHA,  # its clients once decided: this project is in progress
        path=lambda t: {"project_id": t.findings.project.pk},
        shows=_file("application/pdf", "-report-draft.pdf"),
    ),
    ("GET", "/api/v1/certificates/{certificate_id}/certificate.pdf"): Reach(
        ALPHA,
        path=lambda t: {"certificate_id": t.certificate.pk},
        shows=lambda t, r: _file("application/pdf", f"{t.certificate.display_number}.pdf")(t, r),
    ),
    ("GET", "/api/v1/register.xlsx"): Reach(
        MANAGERS,
        shows=_file("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    ),
}


# --- An organisation's parts; a project's evaluations and maturity sheet (issue 17) ---------

STAFF_SHEETS = STAFF_ON_ALPHA  # the sheets: staff who see the project; clients get 404
SHEET_WRITERS = frozenset({"admin", "leader", "evaluator"})  # its team, and administrators
SHEET = {"evaluator": "赵测评", "date": "2026-05-21", "alpha": dict.fromkeys(ITEMS, "0.5")}


def _first_row(t: Things, r, key: str, value: str) -> bool:
    return r.json()["results"][0][key] == value


def _evaluation_path(t: Things) -> dict:
    return {"project_id": t.planned.pk, "evaluation_id": t.evaluation.pk}


def _evaluation_tag(t: Things) -> dict:
    return {"HTTP_IF_MATCH": evaluation_etag(t.evaluation.pk, 0, True)}


def _rewritten(t: Things) -> bool:
    halves = ItemRating.objects.filter(evaluation_id=t.evaluation.pk, alpha="0.50")
    return halves.count() == len(ITEMS)


def _deleted(t: Things) -> bool:
    return not Evaluation.objects.filter(pk=t.evaluation.pk).exists()


def _rated(t: Things) -> bool:
    ratings = ClauseRating.objects.filter(assessment__project=t.planned)
    return list(ratings.values_list("clause_id", "level")) == [("4.1", 3)]


REACH |= {
    ("GET", "/api/v1/organisations/{organisation_id}/sites"): Reach(
        ALPHA,
        path=lambda t: {"organisation_id": t.world.alpha.pk},
        shows=lambda t, r: _first_row(t, r, "name", "红谷滩服务中心"),
    ),
    ("GET", "/api/v1/organisations/{organisation_id}/services"): Reach(
        ALPHA,
        path=lambda t: {"organisation_id": t.world.alpha.pk},
        shows=lambda t, r: _first_row(t, r, "name", "绿色物业服务"),
    ),
    ("GET", "/api/v1/organisations/{organisation_id}/contacts"): Reach(
        ALPHA,
        path=lambda t: {"organisation_id": t.world.alpha.pk},
        shows=lambda t, r: _first_row(t, r, "phone", "0791-1234567"),
    ),
    ("GET", "/api/v1/projects/{project_id}/evaluations"): Reach(
        STAFF_SHEETS,
        path=lambda t: {"project_id": t.planned.pk},
        shows=lambda t, r: _first_row(t, r, "code", "E1"),
    ),
    ("GET", "/api/v1/projects/{project_id}/evaluations/{evaluation_id}"): Reach(
        STAFF_SHEETS,
        path=_evaluation_path,
        shows=lambda t, r: r.json()["alpha"]["7.1"] == "0.90" and r["ETag"],
    ),
    ("POST", "/api/v1/projects/{project_id}/evaluations"): Reach(
        SHEET_WRITERS,
        path=lambda t: {"project_id": t.planned.pk},
        body={**SHEET, "code": "E2"},
        writes=lambda t: t.planned.assessment.evaluations.filter(code="E2").exists(),
        status=201,
    ),
    ("PUT", "/api/v1/projects/{project_id}/evaluations/{evaluation_id}"): Reach(
        SHEET_WRITERS,
        path=_evaluation_path,
        body=SHEET,
        headers=_evaluation_tag,
        writes=_rewritten,
    ),
    ("DELETE", "/api/v1/projects/{project_id}/evaluations/{evaluation_id}"): Reach(
        SHEET_WRITERS,
        path=_evaluation_path,
        headers=_evaluation_tag,
        writes=_deleted,
        status=204,
    ),
    ("GET", "/api/v1/projects/{project_id}/maturity"): Reach(
        STAFF_SHEETS,
        path=lambda t: {"project_id": t.planned.pk},
        shows=lambda t, r: list(r.json()["clauses"])[:2] == ["1.1", "1.2"],
    ),
    ("PUT", "/api/v1/projects/{project_id}/maturity"): Reach(
        SHEET_WRITERS,
        path=lambda t: {"project_id": t.planned.pk},
        body={"clauses": {"4.1": {"level": 3}}},
        headers=lambda t: {"HTTP_IF_MATCH": maturity_etag(t.planned.assessment.pk, 0)},
        writes=_rated,
    ),
}


def operations() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return {(method.upper(), path) for path, ops in schema["paths"].items() for method in ops}


def test_every_operation_in_the_schema_has_its_reach():
    listed = operations()
    missing, stale = listed - REACH.keys(), REACH.keys() - listed
    assert not missing, f"operations without a permission entry in REACH: {sorted(missing)}"
    assert not stale, f"REACH names operations the schema does not have: {sorted(stale)}"


@pytest.fixture
def things(world) -> Things:
    clear_rate_limit()
    found = Things(world, issue(world), submitted(world), planned_project(world))
    found.evaluation = add_evaluation(found.planned.assessment, world.leader, code="E1")
    Contact.objects.create(organisation=world.alpha, name="张联系", phone="0791-1234567")
    found.tokens = {name: token_for(user) for name, user in world.users().items()}
    return found


def _try(reach: Reach, operation: tuple[str, str], things: Things, token: str | None):
    method, template = operation
    path = template.removeprefix("/api/v1").format(**reach.path(things))
    return call(method, path, token, reach.body, **reach.headers(things))


def _check_refused_write(reach: Reach, operation, things: Things, token: str | None) -> int:
    last = AuditEntry.objects.count()
    status = _try(reach, operation, things, token).status_code
    assert not reach.writes(things), f"{operation} was done by a caller it refuses"
    assert AuditEntry.objects.count() == last
    return status


@pytest.mark.parametrize("operation", sorted(REACH), ids=" ".join)
def test_who_may_call_it_and_what_it_does(operation, things):
    reach = REACH[operation]
    reach.path(things)  # what the operation acts on is made now, not in a rolled-back call
    for persona in PERSONAS:
        token = things.tokens[persona]
        with undone():
            if reach.writes and persona not in reach.allowed:
                status = _check_refused_write(reach, operation, things, token)
                assert status == 404, (persona, status)
                continue
            response = _try(reach, operation, things, token)
            if persona in reach.allowed:
                assert response.status_code == reach.status, (persona, response.content[:500])
                assert reach.shows(things, response), (persona, response.content[:500])
                if reach.writes:
                    assert reach.writes(things), persona
                    entry = AuditEntry.objects.order_by("-sequence").first()
                    assert entry.after["via_token"].startswith(f"gct_{token[4:12]}…"), entry.after
            elif reach.listed:
                assert response.status_code == 200 and not reach.shows(things, response), persona
            else:
                assert response.status_code == 404, (persona, response.status_code)
                assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("operation", sorted(REACH), ids=" ".join)
def test_anonymous_callers_need_a_token(operation, things):
    reach = REACH[operation]
    response = _try(reach, operation, things, None)
    if reach.public:
        assert response.status_code == 200 and reach.shows(things, response)
    else:
        assert response.status_code == 401, response.status_code
        assert response["WWW-Authenticate"] == "Bearer"
        assert response.json()["status"] == 401
