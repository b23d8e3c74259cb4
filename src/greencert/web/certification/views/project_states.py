"""A project's state page: the steps of the assessment (start, mark the evaluation
complete, reopen, cancel), taken by managers or the team leader.

It lives in certification because marking the evaluation complete freezes the
result (:mod:`greencert.web.certification.services.project_states`).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from greencert.core.exceptions import GreenCertError
from greencert.web.certification.services.project_states import change_state
from greencert.web.form_errors import problem_lines
from greencert.web.projects.access import may_move, state_project_for
from greencert.web.projects.errors import NotEditable
from greencert.web.projects.models import Project


@login_required
@require_POST
def project_state(request, pk):
    project, is_leader = state_project_for(request.user, pk)
    to = request.POST.get("to", "")
    if to not in Project.State.values:
        messages.error(request, _("“%(to)s” is not a project state.") % {"to": to})
    elif not may_move(request.user, project, to, is_leader):
        messages.error(
            request,
            _("You may not move this project to “%(to)s”.") % {"to": Project.State(to).label},
        )
    else:
        try:
            project = change_state(actor=request.user, project=project, to=to)
        except NotEditable as exc:
            messages.error(request, str(exc))
        except GreenCertError as exc:
            # Freezing scores the sheets: a sheet the core refuses keeps the project open.
            messages.error(request, "; ".join(problem_lines(exc.problems)))
        else:
            messages.success(
                request,
                _("The project is now “%(state)s”.") % {"state": project.get_state_display()},
            )
    return redirect("project_detail", pk=project.pk)
