"""OpenAPI links: where an answer gives the id another operation takes (a project → its
nonconformities, a certificate → its status change), so that a program — and Schemathesis'
stateful tests — can go from one to the next.

Each link names its target by path and method; the schema's own operation id is looked up
when the schema is built, so a renamed function cannot leave a link pointing nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass

PREFIX = "/api/v1"
FIRST = "$response.body#/results/0/id"  # the first row of a list's page
ID = "$response.body#/id"


@dataclass(frozen=True)
class Link:
    name: str
    source: tuple[str, str]  # (method, path) whose 200 answer carries the id
    target: tuple[str, str]
    parameters: dict[str, str]


def _get(path: str) -> tuple[str, str]:
    return ("get", PREFIX + path)


def _post(path: str) -> tuple[str, str]:
    return ("post", PREFIX + path)


PROJECT = "/projects/{project_id}"
NC = PROJECT + "/nonconformities"
NC_ONE = NC + "/{nonconformity_id}"
SURVEY = "/surveys/{survey_id}"
CERTIFICATE = "/certificates/{certificate_id}"
OF_NC = {"project_id": "$response.body#/project_id", "nonconformity_id": ID}

LINKS = [
    Link("Organisation", _get("/organisations"), _get("/organisations/{organisation_id}"),
         {"organisation_id": FIRST}),
    Link("Application", _get("/applications"), _get("/applications/{application_id}"),
         {"application_id": FIRST}),
    Link("Project", _get("/projects"), _get(PROJECT), {"project_id": FIRST}),
    Link("AuditTrail", _get(PROJECT), _get(PROJECT + "/audit"), {"project_id": ID}),
    Link("StateMove", _get(PROJECT), _post(PROJECT + "/state"), {"project_id": ID}),
    Link("Nonconformities", _get(PROJECT), _get(NC), {"project_id": ID}),
    Link("Surveys", _get(PROJECT), _get(PROJECT + "/surveys"), {"project_id": ID}),
    Link("Report", _get(PROJECT), _get(PROJECT + "/report.pdf"), {"project_id": ID}),
    Link("Nonconformity", _get(NC), _get(NC_ONE),
         {"project_id": "$request.path.project_id", "nonconformity_id": FIRST}),
    Link("Answer", _get(NC_ONE), _post(NC_ONE + "/answer"), OF_NC),
    Link("Review", _get(NC_ONE), _post(NC_ONE + "/review"), OF_NC),
    Link("Close", _get(NC_ONE), _post(NC_ONE + "/close"), OF_NC),
    Link("Survey", _get(PROJECT + "/surveys"), _get(SURVEY), {"survey_id": FIRST}),
    Link("Responses", _get(SURVEY), _get(SURVEY + "/responses"), {"survey_id": ID}),
    Link("ResponseReview", _get(SURVEY + "/responses"),
         _post(SURVEY + "/responses/{response_id}/review"),
         {"survey_id": "$request.path.survey_id", "response_id": FIRST}),
    Link("Certificate", _get("/certificates"), _get(CERTIFICATE), {"certificate_id": FIRST}),
    Link("StatusChange", _get(CERTIFICATE), _post(CERTIFICATE + "/status"),
         {"certificate_id": ID}),
    Link("CertificatePdf", _get(CERTIFICATE), _get(CERTIFICATE + "/certificate.pdf"),
         {"certificate_id": ID}),
]  # fmt: skip


def add_links(schema: dict) -> dict:
    """*schema* with :data:`LINKS` on their sources' 200 answers (changed in place)."""
    paths = schema["paths"]
    for link in LINKS:
        method, path = link.target
        target = paths[path][method]["operationId"]
        method, path = link.source
        responses = paths[path][method]["responses"]
        answer = responses[200 if 200 in responses else "200"]
        answer.setdefault("links", {})[link.name] = {
            "operationId": target,
            "parameters": link.parameters,
        }
    return schema
