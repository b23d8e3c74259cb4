"""Who may see and do what with a project's surveys (anyone else gets 404, as if the survey
did not exist).  One owner per step, named on the survey page:

* opening, closing, reopening and accepting a survey: administrators and project managers;
* including or excluding responses, and importing paper questionnaires: the project's team
  (the evaluators know the service and the site), and administrators;
* all of them see the survey pages, the review page included: a project manager sees what
  awaits the team before accepting, without deciding it; the public page needs no login;
* the client users of the project's organisation print the poster of an open survey.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import pgettext

from greencert.web.accounts.models import Role
from greencert.web.projects.access import is_on_team, project_for
from greencert.web.surveys.models import Survey


def may_manage(user) -> bool:
    return user.manages


def may_review(user, project) -> bool:
    return user.role == Role.ADMIN or is_on_team(user, project)


def project_for_surveys(user, pk):
    """The project whose surveys *user* may see: managers, and its team."""
    project = project_for(user, pk)
    if not (may_manage(user) or may_review(user, project)):
        raise Http404
    return project


def survey_for(user, pk, *, manage: bool = False, review: bool = False) -> Survey:
    survey = get_object_or_404(
        Survey.objects.select_related("project__organisation", "project__assessment", "site"),
        pk=pk,
    )
    project_for_surveys(user, survey.project_id)
    if manage and not may_manage(user):
        raise Http404
    if review and not may_review(user, survey.project):
        raise Http404
    return survey


def reviewers(project) -> str:
    """The names of the people who decide on the project's responses (its team, leader first),
    as the survey pages show them ("" without a team)."""
    team = sorted(project.team.select_related("user"), key=lambda m: (m.role != "leader", m.pk))
    return pgettext("list separator", ", ").join(str(member.user) for member in team)


def poster_survey_for(user, pk) -> Survey:
    """The poster: everyone who sees the survey, and the client users of the project's
    organisation while the survey is open (they put the poster up at their sites)."""
    if user.is_authenticated and user.is_client:
        return get_object_or_404(
            Survey.objects.select_related("project__organisation", "site"),
            pk=pk,
            project__organisation_id=user.organisation_id,
            state=Survey.State.OPEN,
        )
    return survey_for(user, pk)
