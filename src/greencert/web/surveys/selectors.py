"""Reads: how many answers wait, and a survey's tallies.

Nothing here writes: answers still waiting to become responses are counted
(:func:`waiting`), never handled, on a page.  Who may see what is
:mod:`greencert.web.surveys.access`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

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


@dataclass(frozen=True)
class ReviewGroup:
    """Responses shown together on the review page: those of one device (a repeat, with the
    device's earlier answers), or a single flagged or reviewed response."""

    device: str  # the device hash when the responses share one, else ""
    responses: list

    @property
    def pending(self) -> bool:
        return any(r.status == SurveyResponse.Status.HELD for r in self.responses)


FLAGGED = Q(too_fast=True) | Q(same_answers=True) | Q(duplicate_device=True) | Q(network_burst=True)


def review_groups(survey: Survey) -> list[ReviewGroup]:
    """What the review page lists: every flagged or reviewed response, and with a repeat the
    device's earlier answers too, grouped by device; groups awaiting a decision first."""
    repeated = survey.responses.filter(duplicate_device=True).exclude(device="")
    responses = (
        survey.responses.filter(
            FLAGGED | Q(reviewed_at__isnull=False) | Q(device__in=repeated.values("device"))
        )
        .select_related("evaluation", "reviewed_by")
        .prefetch_related("evaluation__ratings")
        .order_by("id")
    )
    by_device: dict[str, list] = {}
    groups: list[ReviewGroup] = []
    for response in responses:
        if response.device and response.device in by_device:
            by_device[response.device].append(response)
            continue
        group = ReviewGroup(device=response.device, responses=[response])
        if response.device:
            by_device[response.device] = group.responses
        groups.append(group)
    groups = [g if len(g.responses) > 1 else ReviewGroup("", g.responses) for g in groups]
    return sorted(groups, key=lambda g: not g.pending)  # stable: by first response otherwise


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
