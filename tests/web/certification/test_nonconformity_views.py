"""Nonconformity pages: raise, answer, return, accept, close — and what each person sees."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client

from greencert.web.certification.models import Nonconformity
from greencert.web.projects.models import Project
from tests.web.certification.findings_support import (
    LATER,
    answer_nc,
    browser,
    complete,
    raise_nc,
    url,
)
from tests.web.projects_support import rows, text

ANSWER = {
    "correction": "已组织应急演练",
    "root_cause": "演练未列入年度计划",
    "action_plan": "纳入年度计划，每半年演练一次",
    "due_date": LATER.isoformat(),
}

# The buttons of each step, as they read on the page.
ANSWER_BUTTON = "Send the answer"
ACCEPT_BUTTON = "Accept the plan"
CLOSE_BUTTON = "Close the nonconformity"


def page_of(client, user, nc) -> str:
    return text(browser(client, user).get(url("nonconformity_detail", nc.project_id, nc.pk)))


def test_team_member_raises_a_nonconformity_through_the_form(filled, client):
    w = filled
    http = browser(client, w.evaluator)
    form = http.get(url("nonconformity_create", w.project.pk))
    page = form.content.decode()
    # One list, grouped: 19 Appendix 1 items, 21 Appendix 3/4 clauses, the 40 rows of the pinned
    # GB/T 19001 checklist (4.1 … 10.3) and the 7 of §4.2.2 (1, 2.1 … 2.5, 3), and the empty one.
    assert page.count('<option value="') == 1 + 19 + 21 + 40 + 7
    groups = re.findall(r'<optgroup label="([^"]*)"', page)
    assert groups == [
        "Appendix 1 service items",
        "Appendix 3/4 management clauses",
        "GB/T 19001 clauses",
        "§4.2.2 specific requirements",
    ]
    assert '<option value="clause:5.2">Appendix 3 5.2 Emergency preparedness and response' in page
    assert (
        '<option value="item:1.2">Appendix 1 1.2 Functionality · Equipment and facilities' in page
    )
    assert (
        '<option value="qms:8.5.1">GB/T 19001 8.5.1 Control of production and service provision'
        in page
    )
    assert '<option value="specific:2.3">§4.2.2 2)③ Ensure the resources' in page
    response = http.post(
        url("nonconformity_create", w.project.pk),
        {
            "reference": "clause:5.2",
            "severity": "major",
            "description": "应急预案未演练",
            "evidence": "2025 年无演练记录",
        },
    )
    nc = Nonconformity.objects.get(project=w.project)
    assert response.status_code == 302
    assert response["Location"] == url("nonconformity_detail", w.project.pk, nc.pk)
    assert (nc.code, nc.ref_kind, nc.ref_id, nc.severity, nc.raised_by) == (
        "NC1",
        "clause",
        "5.2",
        "major",
        w.evaluator,
    )
    shown = text(http.get(response["Location"]))
    assert "Nonconformity NC1" in shown
    assert "Open: awaiting the client's answer" in shown
    assert "Appendix 3 5.2 Emergency preparedness and response" in shown
    assert "应急预案未演练" in shown and "2025 年无演练记录" in shown
    assert "Evaluator" in shown  # raised by (display name)
    assert "Nonconformity raised" in shown  # the history


def test_the_form_reads_in_chinese_first(filled, client):
    client.force_login(filled.leader)  # no language cookie: the site's first language
    page = client.get(url("nonconformity_create", filled.project.pk)).content.decode()
    groups = re.findall(r'<optgroup label="([^"]*)"', page)
    assert groups == ["附录1 服务项目", "附录3/4 管理条款", "GB/T 19001 条款", "§4.2.2 特定要求"]
    assert '<option value="qms:8.5.1">GB/T 19001 8.5.1 生产和服务提供的控制</option>' in page
    assert '<option value="item:3.1">附录1 3.1 时间性 · 人员</option>' in page


def test_a_checklist_link_picks_its_row(filled, client):
    """The checklist page's finding links here with ?ref=kind:id: that row is chosen."""
    http = browser(client, filled.leader)
    page = http.get(url("nonconformity_create", filled.project.pk) + "?ref=qms:8.5.1")
    assert re.search(r'<option value="qms:8.5.1" selected>', page.content.decode())
    assert page.content.decode().count(" selected>") == 1
    # A reference the project may not cite is named, and nothing is chosen.
    page = http.get(url("nonconformity_create", filled.project.pk) + "?ref=qms:9.9")
    assert "“qms:9.9” is not a reference this project may cite." in text(page)
    assert re.findall(r"<option value=\"([^\"]*)\" selected>", page.content.decode()) == [""]


def test_raising_names_the_missing_fields_and_stores_nothing(filled, client):
    w = filled
    response = browser(client, w.leader).post(
        url("nonconformity_create", w.project.pk),
        {"reference": "clause:5.2", "severity": "minor", "description": "  ", "evidence": ""},
    )
    assert response.status_code == 200
    shown = text(response)
    assert "description: describe the nonconformity" in shown
    assert "objective evidence: give the objective evidence" in shown
    assert not Nonconformity.objects.exists()


@pytest.mark.parametrize("posted", ["clause:9.9", "qms:8.5.9", "specific:2.9", "item:8.1", "x:1"])
def test_a_reference_outside_the_scheme_and_checklists_is_refused_naming_it(filled, client, posted):
    w = filled
    response = browser(client, w.leader).post(
        url("nonconformity_create", w.project.pk),
        {"reference": posted, "severity": "minor", "description": "x", "evidence": "y"},
    )
    assert response.status_code == 200
    assert f"reference: “{posted}” is not a reference this project may cite." in text(response)
    assert not Nonconformity.objects.exists()


def test_nonconformities_are_raised_only_while_the_project_is_open(filled, client):
    w = filled
    complete(w)
    http = browser(client, w.leader)
    page = http.get(url("nonconformity_create", w.project.pk))
    assert "nonconformities are raised while the assessment is in progress" in text(page)
    assert 'name="reference"' not in page.content.decode()  # no form to fill in
    response = http.post(
        url("nonconformity_create", w.project.pk),
        {"reference": "clause:5.2", "severity": "minor", "description": "x", "evidence": "y"},
    )
    assert response.status_code == 409
    assert "Evaluation complete" in text(response)
    assert not Nonconformity.objects.exists()
    # The list offers no "raise" button either.
    assert "Raise a nonconformity" not in text(http.get(url("nonconformity_list", w.project.pk)))


def test_the_whole_flow_and_what_each_person_sees(filled):
    """raise → answer → return → answer again → accept → close, each step by its person."""
    w = filled
    nc = raise_nc(w, severity="minor")
    leader, evaluator, client, pm, reviewer = (Client() for _ in range(5))

    # Open: only the client may act (answer); the team and the others only read.
    client_page = page_of(client, w.client, nc)
    assert ANSWER_BUTTON in client_page
    assert ACCEPT_BUTTON not in client_page and CLOSE_BUTTON not in client_page
    leader_page = page_of(leader, w.leader, nc)
    assert ANSWER_BUTTON not in leader_page and ACCEPT_BUTTON not in leader_page
    assert "Not answered yet." in leader_page

    # The client answers.
    response = client.post(url("nonconformity_answer", w.project.pk, nc.pk), ANSWER)
    assert response.status_code == 302
    nc.refresh_from_db()
    assert nc.status == "answered" and nc.answered_by == w.client
    client_page = page_of(client, w.client, nc)
    assert "Answered: awaiting the auditor" in client_page
    assert ANSWER_BUTTON not in client_page  # nothing more to do for now
    team_page = page_of(evaluator, w.evaluator, nc)
    assert "纳入年度计划，每半年演练一次" in team_page
    assert LATER.isoformat() in team_page
    assert ACCEPT_BUTTON in team_page and CLOSE_BUTTON in team_page
    for staff, user in ((pm, w.pm), (reviewer, w.reviewer)):
        shown = page_of(staff, user, nc)
        assert "纳入年度计划，每半年演练一次" in shown
        assert ACCEPT_BUTTON not in shown and CLOSE_BUTTON not in shown  # read only

    # Returning needs a comment: refused without one, named, nothing changed.
    response = leader.post(url("nonconformity_review", w.project.pk, nc.pk), {"decision": "return"})
    assert response.status_code == 200
    assert "auditor's comment: say why the answer is returned" in text(response)
    nc.refresh_from_db()
    assert nc.status == "answered"
    response = leader.post(
        url("nonconformity_review", w.project.pk, nc.pk),
        {"decision": "return", "comment": "根本原因分析不充分"},
    )
    assert response.status_code == 302
    nc.refresh_from_db()
    assert nc.status == "returned"
    client_page = page_of(client, w.client, nc)
    assert "Returned to the client" in client_page
    assert "根本原因分析不充分" in client_page
    assert ANSWER_BUTTON in client_page
    assert "Your answer was returned" in client_page
    # The earlier answer is offered again to improve.
    form = client.get(url("nonconformity_detail", w.project.pk, nc.pk)).content.decode()
    assert "纳入年度计划，每半年演练一次</textarea>" in form

    # The client answers again, the leader accepts the plan.
    client.post(
        url("nonconformity_answer", w.project.pk, nc.pk),
        ANSWER | {"root_cause": "应急管理职责未落实到人"},
    )
    response = leader.post(
        url("nonconformity_review", w.project.pk, nc.pk),
        {"decision": "accept", "comment": "计划可行"},
    )
    assert response.status_code == 302
    nc.refresh_from_db()
    assert (nc.status, nc.root_cause, nc.review_comment) == (
        "plan_accepted",
        "应急管理职责未落实到人",
        "计划可行",
    )
    leader_page = page_of(leader, w.leader, nc)
    assert "Corrective-action plan accepted" in leader_page
    assert ACCEPT_BUTTON not in leader_page and CLOSE_BUTTON in leader_page

    # Closing without verification is refused, naming the field; nothing changes.
    response = leader.post(url("nonconformity_close", w.project.pk, nc.pk), {"verification": "   "})
    assert response.status_code == 200
    assert "verification evidence: closing a nonconformity needs verification evidence" in text(
        response
    )
    nc.refresh_from_db()
    assert nc.status == "plan_accepted" and nc.closed_at is None

    response = leader.post(
        url("nonconformity_close", w.project.pk, nc.pk),
        {"verification": "现场查看 2026-05 演练记录"},
    )
    assert response.status_code == 302
    nc.refresh_from_db()
    assert nc.status == "closed" and nc.closed_by == w.leader
    shown = page_of(client, w.client, nc)
    assert "现场查看 2026-05 演练记录" in shown
    assert CLOSE_BUTTON not in shown and ANSWER_BUTTON not in shown

    # The history lists every step, oldest first, with who did it.
    history = rows(leader.get(url("nonconformity_detail", w.project.pk, nc.pk)), "nc-history")
    steps = [(r[1], r[2], r[3]) for r in history[1:]]
    assert steps == [
        ("Leader", "Nonconformity raised", "Open: awaiting the client's answer"),
        (
            "Client",
            "Answered by the client",
            "Open: awaiting the client's answer → Answered: awaiting the auditor",
        ),
        (
            "Leader",
            "Answer returned to the client",
            "Answered: awaiting the auditor → Returned to the client",
        ),
        (
            "Client",
            "Answered by the client",
            "Returned to the client → Answered: awaiting the auditor",
        ),
        (
            "Leader",
            "Corrective-action plan accepted",
            "Answered: awaiting the auditor → Corrective-action plan accepted",
        ),
        ("Leader", "Closed after verification", "Corrective-action plan accepted → Closed"),
    ]
    assert history[3][4] == "根本原因分析不充分"


@pytest.mark.parametrize(
    "step, who, data, status",
    [
        ("nonconformity_close", "leader", {"verification": "ok"}, "open"),
        ("nonconformity_review", "leader", {"decision": "accept"}, "open"),
        ("nonconformity_review", "evaluator", {"decision": "return", "comment": "x"}, "closed"),
        ("nonconformity_answer", "client", ANSWER, "answered"),
        ("nonconformity_answer", "client", ANSWER, "closed"),
        ("nonconformity_close", "leader", {"verification": "again"}, "closed"),
    ],
)
def test_a_step_the_state_does_not_allow_is_refused_and_changes_nothing(
    filled, client, step, who, data, status
):
    w = filled
    nc = raise_nc(w)
    if status in ("answered", "closed"):
        nc = answer_nc(w, nc)
    if status == "closed":
        from greencert.web.certification.services import nonconformities

        nc = nonconformities.close(actor=w.leader, nc=nc, verification="已验证")
    before = Nonconformity.objects.filter(pk=nc.pk).values().get()
    response = browser(client, getattr(w, who)).post(url(step, w.project.pk, nc.pk), data)
    assert response.status_code == 409
    label = Nonconformity.Status(status).label
    assert f"Nonconformity NC1 is “{label}”: this step is not possible now." in text(response)
    assert Nonconformity.objects.filter(pk=nc.pk).values().get() == before


def test_an_answer_with_a_past_due_date_names_the_field(filled, client):
    w = filled
    nc = raise_nc(w)
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    response = browser(client, w.client).post(
        url("nonconformity_answer", w.project.pk, nc.pk),
        ANSWER | {"due_date": yesterday.isoformat(), "correction": ""},
    )
    assert response.status_code == 200
    shown = text(response)
    assert "due date: the due date is in the past" in shown
    assert "correction: this field is required" in shown
    nc.refresh_from_db()
    assert nc.status == "open" and nc.action_plan == ""


def test_the_list_shows_each_nonconformity_with_its_status(filled, client):
    w = filled
    first = raise_nc(w, severity="major", ref="clause:5.2")
    answer_nc(w, first)
    raise_nc(w, severity="minor", ref="item:1.2")
    raise_nc(w, severity="minor", ref="qms:8.5.1")
    raise_nc(w, severity="major", ref="specific:3")
    table = rows(
        browser(client, w.pm).get(url("nonconformity_list", w.project.pk)), "nonconformities"
    )
    assert [r[:4] for r in table[1:]] == [
        [
            "NC1",
            "Appendix 3 5.2 Emergency preparedness and response",
            "Major",
            "Answered: awaiting the auditor",
        ],
        [
            "NC2",
            "Appendix 1 1.2 Functionality · Equipment and facilities",
            "Minor",
            "Open: awaiting the client's answer",
        ],
        [
            "NC3",
            "GB/T 19001 8.5.1 Control of production and service provision",
            "Minor",
            "Open: awaiting the client's answer",
        ],
        [
            "NC4",
            "§4.2.2 3) Control every externally provided process or service chosen by the "
            "organisation that affects service conformity; the type and degree of that control "
            "are set in the quality management system.",
            "Major",
            "Open: awaiting the client's answer",
        ],
    ]
    assert table[1][4] == LATER.isoformat()


def test_the_project_state_does_not_stop_the_client_from_answering(filled, client):
    """Corrective action goes on after the evaluation is closed (it is verified later)."""
    w = filled
    nc = raise_nc(w)
    complete(w)
    assert w.project.state == Project.State.EVALUATION_COMPLETE
    response = browser(client, w.client).post(
        url("nonconformity_answer", w.project.pk, nc.pk), ANSWER
    )
    assert response.status_code == 302
    nc.refresh_from_db()
    assert nc.status == "answered"
