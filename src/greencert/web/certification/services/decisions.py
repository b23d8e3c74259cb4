"""Technical review and certification decision (ISO/IEC 17065 §7.5, §7.6).

The reviewer and the decision maker must not have taken part in the
evaluation (the same person may do both).  The decision grants at most the
computed grade of the frozen snapshot — a lower grade needs a written
reason — or refuses certification with a reason.  A decided project is
frozen; a correction is a new decision revision that supersedes the last.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from greencert.core.exceptions import InputError, Problem
from greencert.core.grade import grade_rank
from greencert.web.certification import signals, tasks
from greencert.web.certification.models import Complaint, Decision, Review
from greencert.web.certification.services import Refused
from greencert.web.certification.services.figures import record_decision
from greencert.web.certification.services.impartiality import check_independent, deciders_of, refuse
from greencert.web.certification.services.results import latest_snapshot
from greencert.web.certification.services.to_issue import decision_taken
from greencert.web.date_limits import Event, today, window_problems
from greencert.web.projects.models import Project
from greencert.web.projects.scoring import scheme_of
from greencert.web.projects.services.states import DECISION, REVIEW, move_project
from greencert.web.text_limits import check_lengths, length_problems

State = Project.State


def review(
    *, actor, project: Project, outcome: str, comment: str, appeal: Complaint | None = None
) -> Review:
    """Record a technical review of the latest snapshot.

    Recommending moves the project to the decision; returning reopens the
    evaluation (the snapshot stays).  An appeal's review must be made by
    someone who neither evaluated, reviewed nor decided the project before.
    """
    if outcome not in Review.Outcome.values:
        raise InputError(Problem(field="outcome", message=_("choose recommend or return")))
    if not comment.strip():
        raise InputError(Problem(field="comment", message=_("the review needs a comment")))
    check_lengths(Review, comment=comment.strip())
    expected = State.DECIDED if appeal else State.EVALUATION_COMPLETE
    if project.state != expected:
        raise Refused(
            _("%(project)s is “%(state)s”: there is nothing to review.")
            % {"project": project.code, "state": project.get_state_display()}
        )
    if appeal and (
        appeal.kind != Complaint.Kind.APPEAL or appeal.decision.project_id != project.pk
    ):
        raise Refused(_("That appeal is not about this project's decision."))
    check_independent(
        user=actor,
        project=project,
        action="greencert.review.refused",
        also_excluded=deciders_of(project) if appeal else set(),
    )
    snapshot = latest_snapshot(project)
    with transaction.atomic():
        # Two reviews posted at once: the second finds the state already moved on.
        if Project.objects.select_for_update().get(pk=project.pk).state != expected:
            raise Refused(
                _("Someone else recorded a review of %(project)s a moment ago.")
                % {"project": project.code}
            )
        entry = Review.objects.create(
            project=project,
            snapshot=snapshot,
            reviewer=actor,
            outcome=outcome,
            comment=comment.strip(),
            appeal=appeal,
        )
        move_project(
            actor=actor,
            project=project,
            to=State.UNDER_REVIEW if outcome == Review.Outcome.RECOMMEND else State.IN_PROGRESS,
            way=REVIEW,
            action="greencert.review.recorded",
            target=entry,
            details={"outcome": outcome, "snapshot": snapshot.number, "comment": entry.comment},
        )
    return entry


def decide(
    *,
    actor,
    project: Project,
    outcome: str,
    grade: str = "",
    reason: str = "",
    decided_on: datetime.date,
) -> Decision:
    """Grant the computed grade (or a lower one, with a reason), or refuse with a reason."""
    last_review, snapshot = _reviewed_result(project)
    previous = project.decisions.order_by("-revision").first()
    excluded = set()
    if last_review.appeal_id:
        # After an appeal, nobody who decided before decides again.
        excluded = set(project.decisions.values_list("decided_by_id", flat=True))
    check_independent(
        user=actor, project=project, action="greencert.decision.refused", also_excluded=excluded
    )
    grade = _granted_grade(
        actor=actor,
        project=project,
        computed=snapshot.grade,
        outcome=outcome,
        grade=grade,
        reason=reason,
        decided_on=decided_on,
    )
    with transaction.atomic():
        if Project.objects.select_for_update().get(pk=project.pk).state != State.UNDER_REVIEW:
            raise Refused(
                _("Someone else recorded a decision on %(project)s a moment ago.")
                % {"project": project.code}
            )
        decision = Decision.objects.create(
            project=project,
            revision=(previous.revision + 1) if previous else 1,
            snapshot=snapshot,
            review=last_review,
            decided_by=actor,
            decided_on=decided_on,
            outcome=outcome,
            computed_grade=snapshot.grade,
            grade=grade,
            reason=reason.strip(),
            supersedes=previous,
        )
        decision_taken(decision)
        _move_to_decided(actor, project, decision)
        record_decision(snapshot=snapshot, granted_grade=grade, year=decided_on.year)
        if last_review.appeal_id:
            Complaint.objects.filter(pk=last_review.appeal_id).update(
                status=Complaint.Status.IN_HANDLING
            )
    signals.announce_decision(decision)
    transaction.on_commit(lambda: tasks.decision_made.delay(decision.pk))
    return decision


def _reviewed_result(project: Project):
    """The last technical review and the snapshot it reviewed; refused unless both are current."""
    if project.state != State.UNDER_REVIEW:
        raise Refused(
            _("%(project)s is “%(state)s”: a decision needs a recommending technical review first.")
            % {"project": project.code, "state": project.get_state_display()}
        )
    last_review = project.reviews.order_by("-reviewed_at", "-id").first()
    snapshot = latest_snapshot(project)
    if last_review is None or last_review.snapshot_id != snapshot.pk:
        raise Refused(_("The latest result has not been reviewed."))
    return last_review, snapshot


def _granted_grade(
    *, actor, project: Project, computed: str, outcome: str, grade: str, reason: str, decided_on
) -> str:
    """The grade the decision records ("" for a refusal), after every check of the input.

    Granting more than the computed grade, or anything when nothing was
    computed, is refused (and logged); missing fields are problems.
    """
    problems = []
    if outcome == Decision.Outcome.GRANT:
        problems += _grant_problems(actor, project, computed, grade, reason)
    elif outcome == Decision.Outcome.REFUSE:
        grade = ""
        if not reason.strip():
            problems.append(Problem(field="reason", message=_("a refusal needs its reason")))
    else:
        problems.append(Problem(field="outcome", message=_("choose grant or refuse")))
    if decided_on is None:
        problems.append(Problem(field="decided_on", message=_("give the decision date")))
    problems += length_problems(Decision, {"reason": reason.strip()})
    problems += window_problems(
        decided_on,
        field="decided_on",
        label=_("The decision date"),
        after=[last_work_day(project)],
        before=[today()],
    )
    if problems:
        raise InputError(problems)
    return grade


def last_work_day(project: Project) -> Event:
    """The day the assessment decided on ended: its last evaluation or checklist verdict (the
    planned start when there is neither).  A decision comes after it (ISO/IEC 17065 §7.6)."""
    assessment = project.assessment
    days = [
        assessment.evaluations.aggregate(day=Max("date"))["day"],
        assessment.verdicts.aggregate(day=Max("date"))["day"],
    ]
    day = max((d for d in days if d is not None), default=None)
    if day is None:
        return Event(project.planned_start, _("the planned start of the assessment"))
    return Event(day, _("the last evaluation or audit of the assessment"))


def _grant_problems(actor, project: Project, computed: str, grade: str, reason: str) -> list:
    def refused(why: str):
        refuse(user=actor, action="greencert.decision.refused", project=project, reason=why)

    if not computed:
        refused(_("The computed result is “not certified”: certification cannot be granted."))
    scheme = scheme_of(project.assessment)
    if grade not in [row.grade for row in scheme.grades]:
        return [Problem(field="grade", message=_("choose a grade"))]
    if grade_rank(scheme, grade) > grade_rank(scheme, computed):
        refused(
            _(
                "%(grade)s is above the computed grade %(computed)s: a decision can never grant more."
            )
            % {"grade": grade, "computed": computed}
        )
    if grade != computed and not reason.strip():
        return [
            Problem(
                field="reason",
                message=_(
                    "granting a lower grade than the computed %(computed)s needs a written reason"
                )
                % {"computed": computed},
            )
        ]
    return []


def _move_to_decided(actor, project: Project, decision: Decision) -> None:
    move_project(
        actor=actor,
        project=project,
        to=State.DECIDED,
        way=DECISION,
        action="greencert.decision.made",
        target=decision,
        details={
            "revision": decision.revision,
            "outcome": decision.outcome,
            "grade": decision.grade,
            "computed": decision.computed_grade,
            "reason": decision.reason,
            "decided_on": decision.decided_on,
        },
    )


def current_decision(project: Project) -> Decision | None:
    return project.decisions.order_by("-revision").first()
