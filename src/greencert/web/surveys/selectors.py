"""Reads: which surveys a person may reach, their tallies, and the score by source.

Who may do what (anyone else gets 404, as if the survey did not exist):

* administrators and project managers open, close and accept surveys;
* the project's team (and administrators) review flags and import paper;
* all of them see the survey pages; the public page needs no login.

Nothing here writes: answers still waiting to become responses are counted
(:func:`waiting`), never handled, on a page.
"""

from __future__ import annotations

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404

from greencert.web.accounts.models import Role
from greencert.web.projects.access import is_on_team, project_for
from greencert.web.projects.models import Evaluation
from greencert.web.surveys.models import Submission, Survey, SurveyResponse


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


def waiting(survey: Survey) -> int:
    """Answers posted to the survey and not yet turned into responses.

    Pages show this count and change nothing: the answers become responses
    with the next staff action on the survey or the periodic ``drain_surveys``
    run (:mod:`greencert.web.surveys.inbox`).
    """
    return Submission.objects.filter(survey=survey, drained=False).count()


def waiting_in_project(project) -> int:
    """:func:`waiting`, over all the project's surveys (for the project page)."""
    return Submission.objects.filter(survey__project=project, drained=False).count()


def tally(survey: Survey) -> dict[str, int]:
    """Responses by status, online and on paper, and how many count now."""
    counts = dict.fromkeys(SurveyResponse.Status.values, 0)
    rows = survey.responses.order_by().values("status").annotate(n=Count("pk"))
    for row in rows:
        counts[row["status"]] = row["n"]
    counts["total"] = sum(counts[s] for s in SurveyResponse.Status.values)
    counts["offline"] = survey.responses.filter(channel=SurveyResponse.Channel.OFFLINE).count()
    counts["counted"] = Evaluation.objects.filter(
        survey_response__survey=survey, counts=True
    ).count()
    return counts
