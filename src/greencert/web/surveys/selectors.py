"""Reads: which surveys a person may reach, their tallies, and the score by source.

Who may do what (anyone else gets 404, as if the survey did not exist):

* administrators and project managers open, close and accept surveys;
* the project's team (and administrators) review flags and import paper;
* all of them see the survey pages; the public page needs no login.

Nothing here writes: answers still waiting to become responses are counted
(:func:`waiting`), never handled, on a page.
"""

from __future__ import annotations

from dataclasses import replace

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from greencert.core.assessment import assess
from greencert.core.exceptions import GreenCertError
from greencert.core.inputs import parse_assessment
from greencert.web.accounts.models import Role
from greencert.web.projects import selectors as project_selectors
from greencert.web.projects.models import Evaluation
from greencert.web.projects.scoring import assessment_data, scheme_of
from greencert.web.surveys.models import Submission, Survey, SurveyResponse

SOURCES = ("auditor", "mystery_shopper", "customer")


def may_manage(user) -> bool:
    return user.manages


def may_review(user, project) -> bool:
    return user.role == Role.ADMIN or project_selectors.is_on_team(user, project)


def project_for_surveys(user, pk):
    """The project whose surveys *user* may see: managers, and its team."""
    project = project_selectors.project_for(user, pk)
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


def service_by_source(assessment, data: dict | None = None) -> dict:
    """The service score with and without customers, and per source, each computed by the core.

    Keys: ``all`` (every evaluation that counts), ``without_customers``, and
    one per source in :data:`SOURCES`; each value is the core's
    :class:`~greencert.core.assessment.Assessment` for that subset (its
    ``service`` is None when the subset is empty).  Held customer
    responses (``counts=False``) are in none of them.  *data* is the
    assessment's input contract when the caller already loaded it (the
    project page does), so the sheets are read once.
    """
    if data is None:
        data = assessment_data(assessment)
    scheme = scheme_of(assessment)
    parsed = parse_assessment(data, scheme)  # validated once; the subsets reuse it
    everything = parsed.evaluations or ()

    def subset(keep):
        chosen = tuple(e for e in everything if keep(e.source))
        return assess(scheme, replace(parsed, evaluations=chosen or None))

    results = {
        "all": subset(lambda source: True),
        "without_customers": subset(lambda source: source != Evaluation.Source.CUSTOMER),
    }
    results |= {source: subset(lambda s, wanted=source: s == wanted) for source in SOURCES}
    return results


def service_by_source_rows(assessment, data: dict | None = None) -> dict:
    """:func:`service_by_source` laid out for ``surveys/_service_by_source.html``."""
    labels = {
        "all": _("All evaluations that count"),
        "without_customers": _("Without customer responses"),
        "auditor": Evaluation.Source.AUDITOR.label,
        "mystery_shopper": Evaluation.Source.MYSTERY_SHOPPER.label,
        "customer": Evaluation.Source.CUSTOMER.label,
    }
    try:
        results = service_by_source(assessment, data)
    except GreenCertError as exc:
        return {"rows": [], "problems": [str(p) for p in exc.problems], "held": 0}
    rows = []
    for key, result in results.items():
        service = result.service
        rows.append(
            {
                "key": key,
                "label": labels[key],
                "n": service.n if service else 0,
                "score": service.score if service else None,
            }
        )
    held = assessment.evaluations.filter(
        source=Evaluation.Source.CUSTOMER, counts=False, survey_response__isnull=False
    ).count()
    return {"rows": rows, "problems": [], "held": held}
