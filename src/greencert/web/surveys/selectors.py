"""Reads: how many answers wait, and a survey's tallies.

Nothing here writes: answers still waiting to become responses are counted
(:func:`waiting`), never handled, on a page.  Who may see what is
:mod:`greencert.web.surveys.access`.
"""

from __future__ import annotations

from django.db.models import Count, QuerySet

from greencert.web.projects.models import Evaluation
from greencert.web.surveys.models import Submission, Survey, SurveyResponse


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


def open_surveys(organisation_id: int, today) -> QuerySet[Survey]:
    """Surveys taking answers today at the organisation's sites: their link and poster."""
    return (
        Survey.objects.filter(
            project__organisation_id=organisation_id,
            state=Survey.State.OPEN,
            opens_on__lte=today,
            closes_on__gte=today,
        )
        .select_related("site", "project")
        .order_by("closes_on", "id")
    )
