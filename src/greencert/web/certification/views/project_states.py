"""A project's state page: the steps of the assessment (start, mark the evaluation
complete, reopen, cancel), taken by managers or the team leader.

The weighty steps (cancel, mark complete, reopen, send back) are taken only
from their confirmation page, which says what the step will do and asks for
the reason (required to cancel).  A POST of such a step without the page's
``confirmed`` marker changes nothing and leads to that page.

It lives in certification because marking the evaluation complete freezes the
result (:mod:`greencert.web.certification.services.project_states`).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from greencert.core.exceptions import GreenCertError, InputError
from greencert.web.certification import consequences
from greencert.web.certification.next_steps import project_facts
from greencert.web.certification.services.project_states import change_state
from greencert.web.confirmation import ConfirmWithReason
from greencert.web.form_errors import add_problems, error_summary, problem_lines
from greencert.web.next_steps import with_next_step
from greencert.web.projects.access import may_move, state_project_for
from greencert.web.projects.errors import NotEditable
from greencert.web.projects.models import Project
from greencert.web.projects.services.states import needs_confirmation

State = Project.State


def _form(to: str, data=None) -> ConfirmWithReason:
    if to == State.CANCELLED:
        return ConfirmWithReason(
            data,
            required=True,
            label=_("Reason for cancelling"),
            required_message=_("Give the reason for cancelling the project."),
            help_text=_("Kept on the project and in its audit trail."),
        )
    return ConfirmWithReason(
        data,
        required=False,
        label=_("Note (optional)"),
        help_text=_("Kept in the project's audit trail."),
    )


# The confirmation page's title and button, by step.
TITLES = {
    (State.PLANNED, State.CANCELLED): gettext_lazy("Cancel the project"),
    (State.IN_PROGRESS, State.CANCELLED): gettext_lazy("Cancel the project"),
    (State.IN_PROGRESS, State.EVALUATION_COMPLETE): gettext_lazy("Close the evaluation"),
    (State.EVALUATION_COMPLETE, State.IN_PROGRESS): gettext_lazy("Reopen the evaluation"),
    (State.UNDER_REVIEW, State.IN_PROGRESS): gettext_lazy("Send back to the team"),
}


def _confirmation(request, project: Project, to: str, form: ConfirmWithReason, status: int = 200):
    context = {
        "project": project,
        "to": to,
        "title": TITLES[(project.state, to)],
        "danger": to == State.CANCELLED,
        "consequences": consequences.project_step(project, to),
        "form": form,
        "errors": error_summary(form) if form.is_bound else [],
    }
    return render(request, "certification/project_state_confirm.html", context, status=status)


@login_required
@require_safe
def project_state_confirm(request, pk, step):
    """What the step to the state *step* will do, and the form that takes it."""
    to = step
    project, is_leader = state_project_for(request.user, pk)
    if not (
        to in State.values
        and needs_confirmation(project.state, to)
        and may_move(request.user, project, to, is_leader)
    ):
        # No such page: a step this person may not take from here, or one without confirmation.
        raise Http404
    return _confirmation(request, project, to, _form(to))


@login_required
@require_POST
def project_state(request, pk):
    project, is_leader = state_project_for(request.user, pk)
    to = request.POST.get("to", "")
    if to not in State.values:
        messages.error(request, _("“%(to)s” is not a project state.") % {"to": to})
        return redirect("project_detail", pk=project.pk)
    if not may_move(request.user, project, to, is_leader):
        messages.error(
            request,
            _("You may not move this project to “%(to)s”.") % {"to": State(to).label},
        )
        return redirect("project_detail", pk=project.pk)
    reason = ""
    if confirmed := needs_confirmation(project.state, to):
        if request.POST.get("confirmed") != "yes":
            messages.warning(request, _("Read what this step will do, then confirm it."))
            return redirect("project_state_confirm", pk=project.pk, step=to)
        form = _form(to, request.POST)
        if not form.is_valid():
            return _confirmation(request, project, to, form, status=400)
        reason = form.cleaned_data["reason"]
    try:
        project = change_state(actor=request.user, project=project, to=to, reason=reason)
    except InputError as exc:
        if not confirmed:
            messages.error(request, "; ".join(problem_lines(exc.problems)))
            return redirect("project_detail", pk=project.pk)
        # The reason refused, or a sheet the core refuses: said on the page that asked.
        add_problems(form, exc)
        return _confirmation(request, project, to, form, status=400)
    except NotEditable as exc:
        messages.error(request, str(exc))
    except GreenCertError as exc:
        # Freezing scores the sheets: a sheet the core refuses keeps the project open.
        messages.error(request, "; ".join(problem_lines(exc.problems)))
    else:
        done = _("The project is now “%(state)s”.") % {"state": project.get_state_display()}
        messages.success(request, with_next_step(done, project_facts(project)))
    return redirect("project_detail", pk=project.pk)
