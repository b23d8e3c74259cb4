"""``{% findings_panel project as panel %}``: what the project page shows of findings,
frozen results, reviews and decisions, and which of their pages this person may use.

Used by the partial ``certification/_project_panel.html``, which the
project page includes; the rules are those of
:mod:`greencert.web.certification.access`.
"""

from __future__ import annotations

from django import template

from greencert.web.certification import access, references
from greencert.web.certification.services.certificates import issued_for
from greencert.web.projects.models import Project

register = template.Library()

State = Project.State
# The path of a project from the assessment to the decision, as the panel draws it.
FLOW = [State.IN_PROGRESS, State.EVALUATION_COMPLETE, State.UNDER_REVIEW, State.DECIDED]


def _flow(project: Project) -> list[dict]:
    here = FLOW.index(project.state) if project.state in FLOW else -1
    return [
        {"state": s, "label": State(s).label, "current": i == here, "done": i < here}
        for i, s in enumerate(FLOW)
    ]


@register.simple_tag(takes_context=True)
def findings_panel(context, project: Project) -> dict:
    user = context["request"].user
    # The project page has read the team already and says whether this person is on it.
    if "on_team" in context:
        is_team = not user.is_client and context["on_team"]  # as access.on_team
    else:
        is_team = access.on_team(user, project)
    ncs = list(project.nonconformities.select_related("project"))
    checklists = references.checklists_of(project.assessment) if ncs else None
    ncs = [
        {
            "nc": nc,
            "reference": references.label(nc.reference, checklists),
            "answer": access.may_answer(user, nc),
            "review": access.may_review_nc(is_team, nc),
            "close": access.may_close(is_team, nc),
        }
        for nc in ncs
    ]
    panel = {
        "ncs": ncs,
        "may_raise": access.may_raise(user, project, is_team=is_team),
        "staff": not user.is_client,
        "flow": _flow(project),
    }
    if panel["staff"]:
        panel |= {
            "snapshots": list(project.snapshots.select_related("created_by").order_by("-number")),
            "reviews": list(project.reviews.select_related("reviewer", "snapshot")),
            "decisions": list(project.decisions.select_related("decided_by").order_by("-revision")),
            "may_review": access.may_open_review(user)
            and project.state == State.EVALUATION_COMPLETE,
            "may_decide": access.may_open_decision(user) and project.state == State.UNDER_REVIEW,
            "certificates": list(project.certificates.all()),
        }
        latest = panel["decisions"][0] if panel["decisions"] else None
        # A granting decision that has not issued its certificate yet: managers issue it here.
        panel["to_issue"] = (
            latest
            if latest is not None
            and user.manages
            and latest.outcome == latest.Outcome.GRANT
            and not issued_for(latest)
            else None
        )
    return panel
