"""What comes next, and for whom: one table from an application's or a project's state.

Every page and message that says "下一步：项目经理颁发证书" reads it from
:func:`next_step`, so the answer is the same on the project page, the
application page and after each act.  The facts come from the apps that own
them (:class:`Facts` holds plain values only, so that every layer may build
it): the application's status from ``clients``, the project's state and team
from ``projects``, the decision, certificate and surveillance from
``certification`` (:func:`greencert.web.certification.next_steps.project_facts`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Who takes the step: a person's role, or their place on the project's team.
PROJECT_MANAGER = "project_manager"
TEAM_LEADER = "team_leader"
TECHNICAL_REVIEWER = "technical_reviewer"
DECISION_MAKER = "decision_maker"
CLIENT = "client"

WHO = {
    PROJECT_MANAGER: _("Project manager"),
    TEAM_LEADER: _("Team leader"),
    TECHNICAL_REVIEWER: _("Technical reviewer"),
    DECISION_MAKER: _("Decision maker"),
    CLIENT: _("The client organisation"),
}


@dataclass(frozen=True)
class Facts:
    """What the next step depends on; a field not known is left at its default."""

    application_id: int | None = None
    application_status: str = ""  # submitted, accepted, refused; "" without an application
    project_id: int | None = None
    project_state: str = ""  # "" while the accepted application has no project
    has_leader: bool = False
    decision_id: int | None = None  # the latest decision revision
    decision_outcome: str = ""  # grant, refuse
    certificate_issued: bool = False  # the latest decision has issued its certificate
    certificate_id: int | None = None
    surveillance_due_on: datetime.date | None = None  # the next visit not yet started


@dataclass(frozen=True)
class Step:
    """One row of :data:`STEPS`: who, what, and the page where it is done."""

    who: str
    what: object  # a lazy translation; may name %(date)s
    url_name: str
    arg: str  # the Facts field that is the URL's argument
    query: str = ""  # appended to the URL (``?application=<id>``)


@dataclass(frozen=True)
class NextStep:
    stage: str
    who: str
    who_label: str
    what: str
    url_name: str
    url_args: tuple
    query: str = ""

    @property
    def sentence(self) -> str:
        """The line shown on the pages and after the acts: 下一步：项目经理颁发证书."""
        return gettext("Next step: %(who)s %(what)s") % {"who": self.who_label, "what": self.what}


# Stage → the step.  A stage missing here ends the path: nothing comes next.
STEPS: dict[str, Step] = {
    "application_submitted": Step(
        PROJECT_MANAGER, _("reviews the application"), "application_detail", "application_id"
    ),
    "application_accepted": Step(
        PROJECT_MANAGER,
        _("creates the project and forms the assessment team"),
        "project_create",
        "",
        query="application",
    ),
    "planned_without_team": Step(
        PROJECT_MANAGER, _("forms the assessment team"), "project_team", "project_id"
    ),
    "planned": Step(TEAM_LEADER, _("starts the assessment"), "project_detail", "project_id"),
    "in_progress": Step(
        TEAM_LEADER,
        _("completes the sheets and closes the evaluation"),
        "project_detail",
        "project_id",
    ),
    "evaluation_complete": Step(
        TECHNICAL_REVIEWER, _("carries out the technical review"), "project_review", "project_id"
    ),
    "under_review": Step(
        DECISION_MAKER, _("takes the certification decision"), "project_decision", "project_id"
    ),
    "certificate_to_issue": Step(
        PROJECT_MANAGER, _("issues the certificate"), "certificate_issue", "decision_id"
    ),
    "surveillance_due": Step(
        PROJECT_MANAGER,
        _("plans the surveillance audit due on %(date)s"),
        "certificate_follow_up",
        "certificate_id",
    ),
}

# The stages with nothing after them, named so that a test can walk every stage.
ENDS = ("application_refused", "refused", "certified", "cancelled")


def stage(facts: Facts) -> str:
    """Where the application or project stands, as a key of :data:`STEPS` or :data:`ENDS`."""
    if not facts.project_state:
        return f"application_{facts.application_status}"
    state = facts.project_state
    if state == "planned":
        return "planned" if facts.has_leader else "planned_without_team"
    if state != "decided":
        return state
    if facts.decision_outcome != "grant":
        return "refused"
    if not facts.certificate_issued:
        return "certificate_to_issue"
    return "surveillance_due" if facts.surveillance_due_on else "certified"


def next_step(facts: Facts) -> NextStep | None:
    """The step that comes next (who, what, where), or None when the path has ended."""
    name = stage(facts)
    step = STEPS.get(name)
    if step is None:
        return None
    what = str(step.what)
    if facts.surveillance_due_on is not None and "%(date)s" in what:
        what = what % {"date": facts.surveillance_due_on.isoformat()}
    query = f"?{step.query}={facts.application_id}" if step.query else ""
    return NextStep(
        stage=name,
        who=step.who,
        who_label=str(WHO[step.who]),
        what=what,
        url_name=step.url_name,
        url_args=(getattr(facts, step.arg),) if step.arg else (),
        query=query,
    )


def with_next_step(message: str, facts: Facts) -> str:
    """*message*, followed by the next step when there is one (the success message after an act)."""
    step = next_step(facts)
    return f"{message} {step.sentence}" if step else message
