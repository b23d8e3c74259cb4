"""Who may join an audit team: the check made when someone is added (ISO/IEC 17065 §6.1, §4.2).

On the audit's dates (the actual ones where recorded, else the planned: ``Project.audit_dates``)
the person must hold a qualification valid from the first day to the last that covers the
project's scheme (a team leader an auditor's or senior auditor's), a signed impartiality
declaration valid over the same days, and no declared conflict of interest with the organisation
overlapping them.  Each refusal names the person, the dates and what is missing; the team page
shows the same check for every member, since the dates may change after they joined.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from greencert.core.exceptions import Problem
from greencert.web.accounts.models import Qualification
from greencert.web.projects.models import Project, TeamMember

LEADER_KINDS = {Qualification.Kind.AUDITOR, Qualification.Kind.SENIOR_AUDITOR}


def assignment_problems(*, project: Project, user, role: str) -> list[Problem]:
    """Why *user* may not be on *project*'s team in *role*; empty when they may."""
    start, end = project.audit_dates
    figures = {"person": user, "start": start.isoformat(), "end": end.isoformat()}
    messages = [
        _qualification_problem(project, user, role, figures),
        _declaration_problem(user, start, end, figures),
        *_conflict_problems(project, user, figures),
    ]
    return [Problem(field="user", message=m) for m in messages if m]


def covering_qualification(project: Project, user, role: str) -> Qualification | None:
    """The qualification that lets *user* take *role* on *project*'s audit dates, if any."""
    start, end = project.audit_dates
    return next((q for q in _fitting(project, user, role) if q.covers(start, end)), None)


def _fitting(project: Project, user, role: str) -> list[Qualification]:
    held = [q for q in user.qualifications.all() if q.covers_scheme(project.scheme_label)]
    if role == TeamMember.Role.LEADER:
        held = [q for q in held if q.kind in LEADER_KINDS]
    return held


def _qualification_problem(project: Project, user, role: str, figures: dict) -> str | None:
    held = _fitting(project, user, role)
    start, end = project.audit_dates
    if any(q.covers(start, end) for q in held):
        return None
    if held:
        latest = max(held, key=lambda q: q.valid_until)
        return _(
            "%(person)s's qualification %(number)s is valid from %(from)s to %(until)s: it does "
            "not cover the audit from %(start)s to %(end)s (ISO/IEC 17065 §6.1)."
        ) % (
            figures
            | {
                "number": latest.registration_number,
                "from": latest.valid_from.isoformat(),
                "until": latest.valid_until.isoformat(),
            }
        )
    if role == TeamMember.Role.LEADER:
        message = _(
            "%(person)s holds no auditor's or senior auditor's qualification for the scheme "
            "%(scheme)s, which a team leader needs on the audit from %(start)s to %(end)s "
            "(ISO/IEC 17065 §6.1)."
        )
    else:
        message = _(
            "%(person)s holds no qualification for the scheme %(scheme)s valid on the audit "
            "from %(start)s to %(end)s (ISO/IEC 17065 §6.1)."
        )
    return message % (figures | {"scheme": project.scheme_label})


def _declaration_problem(user, start, end, figures: dict) -> str | None:
    if any(d.covers(start, end) for d in user.impartiality_declarations.all()):
        return None
    return (
        _(
            "%(person)s has no signed impartiality declaration valid from %(start)s to %(end)s "
            "(ISO/IEC 17065 §4.2)."
        )
        % figures
    )


def _conflict_problems(project: Project, user, figures: dict) -> list[str]:
    start, end = project.audit_dates
    conflicts = user.declared_conflicts.filter(organisation=project.organisation)
    found = []
    for conflict in conflicts:
        if not conflict.overlaps(start, end):
            continue
        details = figures | {
            "organisation": project.organisation,
            "declared": conflict.declared_on.isoformat(),
            "ends": conflict.ends_on.isoformat() if conflict.ends_on else "",
        }
        if conflict.ends_on:
            message = _(
                "%(person)s declared a conflict of interest with %(organisation)s from "
                "%(declared)s to %(ends)s, which overlaps the audit from %(start)s to %(end)s "
                "(ISO/IEC 17065 §4.2)."
            )
        else:
            message = _(
                "%(person)s declared a conflict of interest with %(organisation)s from "
                "%(declared)s with no end, which overlaps the audit from %(start)s to %(end)s "
                "(ISO/IEC 17065 §4.2)."
            )
        found.append(message % details)
    return found
