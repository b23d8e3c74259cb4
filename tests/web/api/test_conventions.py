"""The API's conventions: tokens (read-only, revoked, expired), the browser's session with
CSRF, problem details naming the field, cursor pagination and filters, Idempotency-Key."""

from __future__ import annotations

import datetime

import time_machine
from django.test import Client
from django.utils import timezone

from greencert.web.accounts.api_tokens import revoke_token
from greencert.web.accounts.models import AccessToken
from greencert.web.audit.models import AuditEntry
from greencert.web.projects.models import Project
from tests.web.api.support import call, planned_project, token_for

State = Project.State


def test_a_read_only_token_reads_but_may_not_write(world):
    project = planned_project(world)
    token = token_for(world.pm, writes=False)
    assert call("GET", f"/projects/{project.pk}", token).status_code == 200
    refused = call("POST", f"/projects/{project.pk}/state", token, {"to": "in_progress"})
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    assert (
        refused.json()["detail"] == "此令牌只能读取。"
    )  # in the reader's language (Chinese first)
    project.refresh_from_db()
    assert project.state == State.PLANNED


def test_a_revoked_or_expired_token_no_longer_works(world):
    token = token_for(world.pm)
    assert call("GET", "/projects", token).status_code == 200
    stored = AccessToken.objects.get(prefix=token[4:12])
    assert stored.last_used_at is not None  # the account page shows it
    revoke_token(actor=world.pm, token=stored)
    assert call("GET", "/projects", token).status_code == 401
    later = token_for(world.pm)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        assert call("GET", "/projects", later).status_code == 401
    assert call("GET", "/projects", later[:-1] + "x").status_code == 401  # one character off


def test_only_the_digest_is_stored(world):
    token = token_for(world.pm)
    stored = AccessToken.objects.get(prefix=token[4:12])
    assert token[12:] not in stored.digest and len(stored.digest) == 64
    assert not AccessToken.objects.filter(digest__contains=token[13:30]).exists()


def test_the_browsers_session_works_and_needs_csrf_to_write(world):
    project = planned_project(world)
    http = Client(enforce_csrf_checks=True)
    http.force_login(world.pm)
    assert http.get(f"/api/v1/projects/{project.pk}").json()["code"] == project.code
    url = f"/api/v1/projects/{project.pk}/state"
    refused = http.post(url, {"to": "in_progress"}, content_type="application/json")
    assert refused.status_code == 403
    project.refresh_from_db()
    assert project.state == State.PLANNED
    http.get("/accounts/me/")  # the page sets the CSRF cookie
    csrf = http.cookies["csrftoken"].value
    done = http.post(
        url, {"to": "in_progress"}, content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )
    assert done.status_code == 200, done.content
    assert done.json()["state"] == "in_progress"
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert entry.action == "greencert.project.state_changed" and entry.actor == world.pm
    assert "via_token" not in entry.after  # the person's own act, not a program's


def test_a_refusal_names_the_field(world):
    project = planned_project(world)
    token = token_for(world.pm)
    response = call("POST", f"/projects/{project.pk}/state", token, {"to": "flying"})
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "body.to" and "flying" in error["detail"]
    missing = call("POST", f"/projects/{project.pk}/state", token, {"reason": "x"})
    assert missing.status_code == 422
    assert [e["field"] for e in missing.json()["errors"]] == ["body.to"]
    # Cancelling needs its reason: the service's own rule, named by its field.
    cancel = call("POST", f"/projects/{project.pk}/state", token, {"to": "cancelled"})
    assert cancel.status_code == 422
    assert [e["field"] for e in cancel.json()["errors"]] == ["reason"]
    # A move the state machine does not allow is a conflict with the project's state.
    frozen = call("POST", f"/projects/{project.pk}/state", token, {"to": "evaluation_complete"})
    assert frozen.status_code == 409
    project.refresh_from_db()
    assert project.state == State.PLANNED


def test_lists_are_paged_by_cursor_and_filtered(world):
    extra = [planned_project(world) for _ in range(3)]
    token = token_for(world.pm)
    first = call("GET", "/projects?page_size=2", token).json()
    assert len(first["results"]) == 2 and first["next"]
    assert "cursor=" in first["next"]  # the address of the next page, as given
    second = call("GET", first["next"].split("/api/v1", 1)[1], token).json()
    seen = [p["id"] for p in first["results"] + second["results"]]
    assert (
        seen == sorted({world.project.pk, world.beta_project.pk, *(p.pk for p in extra)})[::-1][:4]
    )
    assert first["results"][0]["planned_start"] == "2026-05-20"  # ISO dates
    only_beta = call("GET", f"/projects?organisation={world.beta.pk}", token).json()["results"]
    assert [p["id"] for p in only_beta] == [world.beta_project.pk]
    by_state = call("GET", "/projects?state=in_progress", token).json()["results"]
    assert by_state == []
    bad = call("GET", "/projects?state=flying", token)
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "query.state"
    broken = call("GET", "/projects?cursor=%%%", token)
    assert broken.status_code == 422


def test_an_idempotency_key_replays_the_first_answer(world):
    project = planned_project(world)
    token = token_for(world.leader)
    url = f"/projects/{project.pk}/state"
    key = {"HTTP_IDEMPOTENCY_KEY": "move-1"}
    first = call("POST", url, token, {"to": "in_progress"}, **key)
    assert first.status_code == 200 and first.json()["state"] == "in_progress"
    entries = AuditEntry.objects.count()
    again = call("POST", url, token, {"to": "in_progress"}, **key)
    assert again.status_code == 200 and again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert AuditEntry.objects.count() == entries  # not done twice
    other = call("POST", url, token, {"to": "cancelled", "reason": "改期"}, **key)
    assert other.status_code == 422
    assert other.json()["errors"][0]["field"] == "header.Idempotency-Key"
    project.refresh_from_db()
    assert project.state == State.IN_PROGRESS
    # Without the key the same request is made again, and refused: the leader's steps from
    # "in progress" do not include staying there.
    assert call("POST", url, token, {"to": "in_progress"}).status_code == 403


def test_a_key_sent_again_to_another_operation_is_refused_naming_the_key(world):
    """Stripe's rule: a key stands for one request.  Sent again to another operation (here
    the same step on another project, with the same body) it is refused, and the refusal
    names the key and says why, apart from the same operation with another body."""
    first, second = planned_project(world), planned_project(world)
    token = token_for(world.leader)
    key = {"HTTP_IDEMPOTENCY_KEY": "move-7"}
    body = {"to": "in_progress"}
    assert call("POST", f"/projects/{first.pk}/state", token, body, **key).status_code == 200
    entries = AuditEntry.objects.count()
    other = call("POST", f"/projects/{second.pk}/state", token, body, **key)
    assert other.status_code == 422
    assert other.json()["errors"][0]["field"] == "header.Idempotency-Key"
    assert other.json()["detail"] == "Idempotency-Key “move-7” 已用于另一个操作。"
    second.refresh_from_db()
    assert second.state == State.PLANNED and AuditEntry.objects.count() == entries
    changed = call("POST", f"/projects/{first.pk}/state", token, {"to": "cancelled"}, **key)
    assert changed.status_code == 422
    assert changed.json()["detail"] == "Idempotency-Key “move-7” 曾随另一个不同的请求体发送过。"
    english = call(
        "POST",
        f"/projects/{second.pk}/state",
        token,
        body,
        HTTP_ACCEPT_LANGUAGE="en",
        **key,
    )
    assert english.json()["detail"] == (
        "The Idempotency-Key “move-7” was used for another operation."
    )


def test_another_caller_with_the_same_key_is_not_given_the_answer(world):
    project = planned_project(world)
    url = f"/projects/{project.pk}/state"
    key = {"HTTP_IDEMPOTENCY_KEY": "shared"}
    assert (
        call("POST", url, token_for(world.leader), {"to": "in_progress"}, **key).status_code == 200
    )
    response = call("POST", url, token_for(world.pm), {"to": "in_progress"}, **key)
    assert response.status_code == 409  # acted on (and refused), not replayed


def test_the_schema_is_openapi_3_1_in_both_languages(world):
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    state = schema["paths"]["/api/v1/projects/{project_id}/state"]["post"]
    assert "项目经理" in state["description"] and "managers" in state["description"]
    problem = state["responses"]["404"]["content"]
    assert list(problem) == ["application/problem+json"]
    assert "bearer" in str(schema["components"]["securitySchemes"]).lower()


def test_the_schema_links_an_answer_to_the_operations_its_ids_open(world):
    schema = Client().get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    by_id = {op["operationId"]: (m, p) for p, ops in paths.items() for m, op in ops.items()}
    project = paths["/api/v1/projects/{project_id}"]["get"]["responses"]["200"]["links"]
    assert by_id[project["Nonconformities"]["operationId"]] == (
        "get",
        "/api/v1/projects/{project_id}/nonconformities",
    )
    assert project["Nonconformities"]["parameters"] == {"project_id": "$response.body#/id"}
    certificate = paths["/api/v1/certificates/{certificate_id}"]["get"]["responses"]["200"]
    change = certificate["links"]["StatusChange"]
    assert by_id[change["operationId"]] == ("post", "/api/v1/certificates/{certificate_id}/status")
    # Every link names an operation of the schema and only parameters that operation takes.
    for path, ops in paths.items():
        for op in ops.values():
            for link in op["responses"].get("200", {}).get("links", {}).values():
                method, target = by_id[link["operationId"]]
                taken = {p["name"] for p in paths[target][method].get("parameters", [])}
                assert set(link["parameters"]) <= taken, (path, link)


def test_an_organisation_filter_beyond_any_id_is_refused_by_name(world):
    # Found by Schemathesis: a 37-digit id reached SQLite's driver through the foreign key (500).
    token = token_for(world.pm)
    for path in ("/certificates", "/projects", "/applications"):
        response = call("GET", f"{path}?organisation={10**36}", token)
        assert response.status_code == 422, path
        assert response.json()["errors"][0]["field"] == "query.organisation"
        assert call("GET", f"{path}?organisation={2**63 - 1}", token).json()["results"] == []
