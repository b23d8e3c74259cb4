"""The one owner of a project's state: the moves allowed, who makes them, the audit entry.

Nothing else writes ``Project.state``.  Each move is made under the
project's row lock; the certification app makes the moves that belong to
its records (freezing the result, the technical review, the decision) by
calling :func:`move_project` with the way it takes.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from greencert.core.exceptions import InputError, Problem
from greencert.web.audit.services import record
from greencert.web.projects.errors import NotEditable
from greencert.web.projects.models import Assessment, Project
from greencert.web.text_limits import length_problems

State = Project.State

# The ways a move is made: on the project's state page; by marking the
# evaluation complete (the result is frozen with it); by a recorded
# technical review; by a recorded certification decision.
PAGE, FREEZE, REVIEW, DECISION = "page", "freeze", "review", "decision"

MOVES: dict[tuple[str, str], frozenset[str]] = {
    (State.PLANNED, State.IN_PROGRESS): frozenset({PAGE}),
    (State.PLANNED, State.CANCELLED): frozenset({PAGE}),
    (State.IN_PROGRESS, State.EVALUATION_COMPLETE): frozenset({FREEZE}),
    (State.IN_PROGRESS, State.CANCELLED): frozenset({PAGE}),
    (State.EVALUATION_COMPLETE, State.IN_PROGRESS): frozenset({PAGE, REVIEW}),
    (State.EVALUATION_COMPLETE, State.UNDER_REVIEW): frozenset({REVIEW}),
    (State.UNDER_REVIEW, State.IN_PROGRESS): frozenset({PAGE}),
    (State.UNDER_REVIEW, State.DECIDED): frozenset({DECISION}),
    # The review of an appeal against the decision (ISO/IEC 17065 §7.13).
    (State.DECIDED, State.UNDER_REVIEW): frozenset({REVIEW}),
    (State.DECIDED, State.IN_PROGRESS): frozenset({REVIEW}),
}

# Reached only through a recorded review or decision, on their own pages.
RECORDED_STATES = {State.UNDER_REVIEW, State.DECIDED}


# The steps of the state page taken only from a confirmation page that says what
# they do: those that stop, freeze or undo work (starting the assessment is not one).
CONFIRMED_STEPS = frozenset(
    {
        (State.PLANNED, State.CANCELLED),
        (State.IN_PROGRESS, State.CANCELLED),
        (State.IN_PROGRESS, State.EVALUATION_COMPLETE),
        (State.EVALUATION_COMPLETE, State.IN_PROGRESS),
        (State.UNDER_REVIEW, State.IN_PROGRESS),
    }
)


def needs_confirmation(state: str, to: str) -> bool:
    return (state, to) in CONFIRMED_STEPS


def page_steps(state: str) -> list[str]:
    """The states the state page may offer from *state*, in the machine's order."""
    return [to for to in State.values if MOVES.get((state, to), frozenset()) & {PAGE, FREEZE}]


def move_project(
    *,
    actor,
    project: Project,
    to: str,
    way: str = PAGE,
    reason: str = "",
    action: str = "greencert.project.state_changed",
    target=None,
    details: dict | None = None,
) -> Project:
    """Move *project* to *to* the *way* given, with one audit entry, in one transaction.

    The entry is the state change itself, or — for a review or a decision —
    the caller's record (*action*, *target*, *details*) with the state
    before and after.  A move the table does not allow raises
    :class:`NotEditable` and changes nothing.  Cancelling needs its *reason*
    (kept on the project and in the entry); for other moves it is an optional note.
    """
    reason = reason.strip()
    if to == State.CANCELLED:
        _check_cancellation_reason(reason)
    with transaction.atomic():
        if way == PAGE and to in RECORDED_STATES:
            raise NotEditable(_("Review and decision are recorded on their own pages."))
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if way not in MOVES.get((locked.state, to), frozenset()):
            raise NotEditable(
                _("A project cannot go from “%(from)s” to “%(to)s”.")
                % {"from": locked.get_state_display(), "to": State(to).label}
            )
        before = locked.state
        changes = {"state": to}
        if to == State.CANCELLED:
            changes["cancellation_reason"] = reason
        Project.objects.filter(pk=project.pk).update(**changes)
        for name, value in changes.items():
            setattr(project, name, value)
        after = {"state": to} | ({"reason": reason} if reason else {}) | (details or {})
        record(
            actor=actor,
            action=action,
            target=target if target is not None else project,
            project=project,
            before={"state": before},
            after=after,
        )
    return project


def _check_cancellation_reason(reason: str) -> None:
    if not reason:
        raise InputError(
            Problem(field="reason", message=_("Give the reason for cancelling the project."))
        )
    if problems := length_problems(Project, {"cancellation_reason": reason}):
        raise InputError([p.at(field="reason") for p in problems])


def check_project_open(project_id: int) -> None:
    """Refuse unless the project is still open; called inside the writing transaction.

    The project row is locked and read afresh, so nothing slips in while the
    team leader marks the evaluation complete (which takes the same lock).
    """
    project = Project.objects.select_for_update().get(pk=project_id)
    if not project.is_open:
        raise NotEditable(
            _("The project is “%(state)s”: its sheets can no longer change.")
            % {"state": project.get_state_display()}
        )


def check_assessment_open(assessment: Assessment) -> None:
    """An official assessment follows its project; a self-assessment is always open."""
    if assessment.project_id:
        check_project_open(assessment.project_id)
