"""Technical review and certification decision through their pages.

The grades are those of ``fill_sheets`` (worked out by hand in conftest):
90.0 and 五级 (116) → AAAA; AAAAA is out of reach because 90.0 < 95.0.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from greencert.web.certification.models import Complaint, Decision, RefusedAttempt, Review
from greencert.web.certification.services import complaints
from greencert.web.projects.models import ClauseRating, ItemRating, Project, TeamMember
from greencert.web.projects.services.team import add_team_member
from tests.web.certification.findings_support import (
    DAY,
    browser,
    complete,
    grant,
    recommend,
    url,
)
from tests.web.projects_support import rows, text
from tests.web.sheet_helpers import maturity, sheet

State = Project.State


def options(response, name: str) -> list[str]:
    """The values offered by the <select name=...> of the page."""
    import re

    page = response.content.decode()
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"', select)


# ---------------------------------------------------------------------------- review


def test_reviewer_sees_the_frozen_result_and_recommends(filled, client):
    w = filled
    complete(w)
    http = browser(client, w.reviewer)
    page = http.get(url("project_review", w.project.pk))
    shown = text(page)
    assert "Snapshot #1, frozen on" in shown and "by Leader" in shown
    assert "AAAA" in shown and "n = 2" in shown and "116" in shown
    response = http.post(
        url("project_review", w.project.pk), {"outcome": "recommend", "comment": "资料完整"}
    )
    assert response.status_code == 302
    w.project.refresh_from_db()
    assert w.project.state == State.UNDER_REVIEW
    review = Review.objects.get(project=w.project)
    assert (review.reviewer, review.outcome, review.snapshot.number) == (
        w.reviewer,
        "recommend",
        1,
    )
    follow = text(http.get(response["Location"]))
    assert "Technical review recorded: Recommend the decision." in follow
    assert "Reviewed, awaiting decision" in follow


def test_review_needs_outcome_and_comment(filled, client):
    w = filled
    complete(w)
    response = browser(client, w.reviewer).post(url("project_review", w.project.pk), {})
    assert response.status_code == 200
    assert "Outcome: choose recommend or return" in text(response)
    response = browser(client, w.reviewer).post(
        url("project_review", w.project.pk), {"outcome": "recommend"}
    )
    assert "Comment: the review needs a comment" in text(response)
    assert not Review.objects.exists()


def test_a_reviewer_who_was_on_the_team_is_refused_and_logged(filled, client):
    w = filled
    TeamMember.objects.create(project=w.project, user=w.reviewer, role=TeamMember.Role.EXPERT)
    complete(w)
    response = browser(client, w.reviewer).post(
        url("project_review", w.project.pk), {"outcome": "recommend", "comment": "资料完整"}
    )
    # Not a missing page: the form again, with the reason.
    assert response.status_code == 409
    shown = text(response)
    assert "Reviewer took part in evaluating GC-2026-0001 and may not review or decide it." in shown
    assert "Record the review" in shown and "资料完整</textarea>" in response.content.decode()
    attempt = RefusedAttempt.objects.get()
    assert (attempt.user, attempt.action, attempt.project) == (
        w.reviewer,
        "greencert.review.refused",
        w.project,
    )
    assert not Review.objects.exists()
    w.project.refresh_from_db()
    assert w.project.state == State.EVALUATION_COMPLETE


def test_an_administrator_on_the_team_may_not_review(filled, client):
    w = filled
    add_team_member(actor=w.pm, project=w.project, user=w.admin, role=TeamMember.Role.EXPERT)
    complete(w)
    response = browser(client, w.admin).post(
        url("project_review", w.project.pk), {"outcome": "recommend", "comment": "ok"}
    )
    assert response.status_code == 409
    assert RefusedAttempt.objects.filter(user=w.admin, action="greencert.review.refused").exists()


def test_returning_sends_the_project_back_and_keeps_the_snapshot(filled, client):
    w = filled
    complete(w)
    response = browser(client, w.reviewer).post(
        url("project_review", w.project.pk), {"outcome": "return", "comment": "补充 E2 的证据"}
    )
    assert response.status_code == 302
    w.project.refresh_from_db()
    assert w.project.state == State.IN_PROGRESS
    assert w.project.snapshots.count() == 1
    # The team works again; marking complete freezes snapshot #2, which is what is reviewed next.
    complete(w)
    page = text(browser(client, w.reviewer).get(url("project_review", w.project.pk)))
    assert "Snapshot #2" in page
    history = rows(browser(client, w.reviewer).get(url("project_review", w.project.pk)), "reviews")
    assert [(r[1], r[2], r[3]) for r in history[1:]] == [("Reviewer", "#1", "Return to the team")]


@pytest.mark.parametrize("state", [State.IN_PROGRESS, State.UNDER_REVIEW, State.DECIDED])
def test_review_in_a_state_with_nothing_to_review_is_refused(filled, client, state):
    w = filled
    if state != State.IN_PROGRESS:
        complete(w)
        recommend(w)
    if state == State.DECIDED:
        grant(w)
    http = browser(client, w.admin)
    page = text(http.get(url("project_review", w.project.pk)))
    label = State(state).label
    assert f"The project is “{label}”: there is nothing to review." in page
    assert "Record the review" not in page
    reviews = Review.objects.count()
    response = http.post(
        url("project_review", w.project.pk), {"outcome": "recommend", "comment": "ok"}
    )
    assert response.status_code == 409
    assert f"GC-2026-0001 is “{label}”: there is nothing to review." in text(response)
    assert Review.objects.count() == reviews
    w.project.refresh_from_db()
    assert w.project.state == state


# -------------------------------------------------------------------------- decision


@pytest.fixture
def reviewed(filled):
    complete(filled)
    recommend(filled)
    return filled


def test_the_decision_page_offers_grades_up_to_the_computed_one(reviewed, client):
    w = reviewed
    page = browser(client, w.decider).get(url("project_decision", w.project.pk))
    assert "Computed grade of the reviewed result:" in text(page)
    assert "<strong data-computed>AAAA</strong>" in page.content.decode()
    assert options(page, "grade") == ["", "AAAA", "AAA"]  # never AAAAA
    assert "资料完整，建议批准" in text(page)  # the review it rests on
    assert f'value="{timezone.localdate().isoformat()}"' in page.content.decode()


def test_decider_grants_the_computed_grade(reviewed, client):
    w = reviewed
    http = browser(client, w.decider)
    response = http.post(
        url("project_decision", w.project.pk),
        {"outcome": "grant", "grade": "AAAA", "reason": "", "decided_on": "2026-06-01"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("decision_detail", w.project.pk, 1)
    w.project.refresh_from_db()
    assert w.project.state == State.DECIDED
    page = http.get(response["Location"])
    shown = text(page)
    assert "Certification decision, revision 1" in shown
    assert "Decision revision 1 recorded." in shown
    assert "Grant certification" in shown and "Decider" in shown and "2026-06-01" in shown
    assert rows(page, "decision-history")[1] == [
        "1",
        "2026-06-01",
        "Grant certification",
        "AAAA",
        "AAAA",
        "Decider",
    ]


def test_a_grade_above_the_computed_one_is_refused_and_logged(reviewed, client):
    w = reviewed
    response = browser(client, w.decider).post(
        url("project_decision", w.project.pk),
        {"outcome": "grant", "grade": "AAAAA", "decided_on": "2026-06-01"},
    )
    assert response.status_code == 409
    assert "AAAAA is above the computed grade AAAA: a decision can never grant more." in text(
        response
    )
    assert RefusedAttempt.objects.filter(
        user=w.decider, action="greencert.decision.refused"
    ).exists()
    assert not Decision.objects.exists()
    w.project.refresh_from_db()
    assert w.project.state == State.UNDER_REVIEW


def test_a_lower_grade_or_a_refusal_needs_a_reason(reviewed, client):
    w = reviewed
    http = browser(client, w.decider)
    response = http.post(
        url("project_decision", w.project.pk),
        {"outcome": "grant", "grade": "AAA", "decided_on": "2026-06-01"},
    )
    assert response.status_code == 200
    assert "Reason: granting a lower grade than the computed AAAA needs a written reason" in text(
        response
    )
    response = http.post(
        url("project_decision", w.project.pk), {"outcome": "refuse", "decided_on": "2026-06-01"}
    )
    assert "Reason: a refusal needs its reason" in text(response)
    response = http.post(
        url("project_decision", w.project.pk), {"outcome": "grant", "grade": "AAAA"}
    )
    assert "Decision date: give the decision date" in text(response)
    assert not Decision.objects.exists()

    response = http.post(
        url("project_decision", w.project.pk),
        {
            "outcome": "grant",
            "grade": "AAA",
            "reason": "投诉较多，降级授予",
            "decided_on": "2026-06-01",
        },
    )
    assert response.status_code == 302
    shown = text(http.get(response["Location"]))
    decision = Decision.objects.get()
    assert (decision.computed_grade, decision.grade) == ("AAAA", "AAA")
    assert "投诉较多，降级授予" in shown


def test_refusing_certification(reviewed, client):
    w = reviewed
    response = browser(client, w.admin).post(
        url("project_decision", w.project.pk),
        {
            "outcome": "refuse",
            "grade": "AAAA",
            "reason": "现场发现重大安全隐患",
            "decided_on": "2026-06-02",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.outcome, decision.grade, decision.decided_by) == ("refuse", "", w.admin)


def test_a_decider_who_was_on_the_team_is_refused_and_logged(filled, client):
    w = filled
    TeamMember.objects.create(project=w.project, user=w.decider, role=TeamMember.Role.EXPERT)
    complete(w)
    recommend(w)
    response = browser(client, w.decider).post(
        url("project_decision", w.project.pk),
        {"outcome": "grant", "grade": "AAAA", "decided_on": "2026-06-01"},
    )
    assert response.status_code == 409
    assert "Decider took part in evaluating GC-2026-0001 and may not review or decide it." in text(
        response
    )
    assert RefusedAttempt.objects.filter(
        user=w.decider, action="greencert.decision.refused"
    ).exists()
    assert not Decision.objects.exists()


@pytest.mark.parametrize("state", [State.IN_PROGRESS, State.EVALUATION_COMPLETE, State.DECIDED])
def test_a_decision_the_state_does_not_allow_is_refused(filled, client, state):
    w = filled
    if state != State.IN_PROGRESS:
        complete(w)
    if state == State.DECIDED:
        recommend(w)
        grant(w)
    http = browser(client, w.decider)
    page = text(http.get(url("project_decision", w.project.pk)))
    assert "no decision is waiting" in page and "Record the decision" not in page
    decisions = Decision.objects.count()
    response = http.post(
        url("project_decision", w.project.pk),
        {"outcome": "grant", "grade": "AAAA", "decided_on": "2026-06-01"},
    )
    assert response.status_code == 409
    label = State(state).label
    assert (
        f"GC-2026-0001 is “{label}”: a decision needs a recommending technical review first."
        in text(response)
    )
    assert Decision.objects.count() == decisions


# ------------------------------------------------------------ frozen after the decision


def test_sheet_edits_after_the_decision_are_refused_and_nothing_changes(reviewed, client):
    w = reviewed
    grant(w)
    evaluation = w.project.assessment.evaluations.get(code="E1")
    ratings = list(ItemRating.objects.filter(evaluation=evaluation).values_list("item_id", "alpha"))
    http = browser(client, w.leader)
    response = http.post(
        url("evaluation_edit", w.project.pk, evaluation.pk),
        sheet(every="0.5", code="E1", version=str(evaluation.version)),
    )
    assert response.status_code == 409
    assert "The project is “Decided”: its sheets can no longer change." in text(response)
    assert (
        list(ItemRating.objects.filter(evaluation=evaluation).values_list("item_id", "alpha"))
        == ratings
    )
    levels = list(ClauseRating.objects.values_list("clause_id", "level"))
    response = http.post(
        url("maturity_edit", w.project.pk),
        maturity(every=1, version=w.project.assessment.maturity_version),
    )
    assert response.status_code == 409
    assert list(ClauseRating.objects.values_list("clause_id", "level")) == levels


def test_a_decided_project_cannot_be_moved_back_by_the_state_page(reviewed, client):
    w = reviewed
    grant(w)
    response = browser(client, w.pm).post(
        url("project_state", w.project.pk), {"to": State.IN_PROGRESS}, follow=True
    )
    assert "A project cannot go from “Decided” to “Assessment in progress”." in text(response)
    w.project.refresh_from_db()
    assert w.project.state == State.DECIDED


# ------------------------------------------------------------------ appeal, correction


def test_an_appeal_leads_to_a_corrected_decision_revision(reviewed, client):
    w = reviewed
    first = grant(w)
    appeal = complaints.register(
        actor=w.pm,
        kind=Complaint.Kind.APPEAL,
        received_on=DAY,
        complainant="绿源服务有限公司",
        subject="对评定等级有异议",
        decision=first,
    )
    review_url = url("project_review", w.project.pk) + f"?appeal={appeal.pk}"

    # The reviewer of the decision under appeal is not independent of it: refused, logged.
    response = browser(Client(), w.reviewer).post(
        review_url, {"outcome": "recommend", "comment": "复核"}
    )
    assert response.status_code == 409
    assert "already reviewed or decided GC-2026-0001" in text(response)
    assert RefusedAttempt.objects.filter(user=w.reviewer).count() == 1

    # The administrator took no part: reviews the appeal.
    http = browser(client, w.admin)
    page = text(http.get(review_url))
    assert f"Review of appeal {appeal.reference} against decision revision 1" in page
    response = http.post(review_url, {"outcome": "recommend", "comment": "申诉理由成立，重新决定"})
    assert response.status_code == 302
    assert Review.objects.get(appeal=appeal).reviewer == w.admin
    w.project.refresh_from_db()
    assert w.project.state == State.UNDER_REVIEW

    # The earlier decision maker may not decide the correction.
    response = browser(Client(), w.decider).post(
        url("project_decision", w.project.pk),
        {"outcome": "grant", "grade": "AAA", "reason": "x", "decided_on": "2026-07-01"},
    )
    assert response.status_code == 409
    assert "an appeal needs someone independent" in text(response)

    page = http.get(url("project_decision", w.project.pk))
    assert "This decision corrects revision 1" in text(page)
    response = http.post(
        url("project_decision", w.project.pk),
        {
            "outcome": "grant",
            "grade": "AAA",
            "reason": "申诉复核后降级",
            "decided_on": "2026-07-01",
        },
    )
    assert response.status_code == 302, text(response)
    assert response["Location"] == url("decision_detail", w.project.pk, 2)
    second = Decision.objects.get(revision=2)
    assert second.supersedes == first
    page = http.get(response["Location"])
    assert "corrects revision 1" in text(page)
    assert [r[:5] for r in rows(page, "decision-history")[1:]] == [
        ["2", "2026-07-01", "Grant certification", "AAAA", "AAA"],
        ["1", "2026-06-01", "Grant certification", "AAAA", "AAAA"],
    ]
    # The first revision is kept, marked as superseded.
    old = text(http.get(url("decision_detail", w.project.pk, 1)))
    assert "Superseded by revision 2." in old
    first.refresh_from_db()
    assert first.grade == "AAAA"


def test_an_appeal_of_another_project_is_not_found(reviewed, client):
    w = reviewed
    decision = grant(w)
    appeal = complaints.register(
        actor=w.pm,
        kind=Complaint.Kind.APPEAL,
        received_on=DAY,
        complainant="x",
        subject="y",
        decision=decision,
    )
    http = browser(client, w.admin)
    assert (
        http.get(url("project_review", w.beta_project.pk) + f"?appeal={appeal.pk}").status_code
        == 404
    )
    assert http.get(url("project_review", w.project.pk) + "?appeal=abc").status_code == 404


def _labels(response) -> list[str]:
    """The text of every <label> and <legend> of the page's form, tags stripped."""
    import re

    form = re.search(r"<form method=\"post\".*?</form>", response.content.decode(), re.S).group(0)
    found = re.findall(r"<(label|legend)[^>]*>(.*?)</\1>", form, re.S)
    return [re.sub(r"<[^>]+>", "", inner).strip() for _tag, inner in found]


@pytest.mark.parametrize(
    "language, review, decision",
    [
        ("en", ["Outcome", "Comment"], ["Decision", "Grade granted", "Reason", "Decision date"]),
        ("zh-hans", ["结论", "意见"], ["认证决定", "批准的认证等级", "理由", "决定日期"]),
    ],
)
def test_review_and_decision_forms_label_their_fields_in_words(
    filled, client, language, review, decision
):
    """Each field is named as a person reads it (capitalised in English, no field name, no
    colon after the label in either language); the radio choices are labels too."""
    w = filled
    complete(w)
    http = browser(client, w.reviewer)
    http.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    labels = _labels(http.get(url("project_review", w.project.pk)))
    assert [label for label in labels if label in review] == review
    assert not [label for label in labels if label.endswith((":", "："))]
    recommend(w)
    http = browser(client, w.decider)
    http.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    labels = _labels(http.get(url("project_decision", w.project.pk)))
    assert [label for label in labels if label in decision] == decision
    assert not [label for label in labels if label.endswith((":", "："))]
