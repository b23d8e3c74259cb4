"""What accepting a survey will do, for the page that asks to confirm it.

Accepting is the one step of a survey that cannot be undone: its included
responses start counting in the project's service score at once.  The page
names the responses and the score before and after, scored by the same code
as the project page (nothing is written).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from greencert.core.exceptions import GreenCertError
from greencert.web.confirmation import Consequences
from greencert.web.projects import scoring
from greencert.web.projects.models import Evaluation
from greencert.web.surveys.models import Survey, SurveyResponse
from greencert.web.surveys.selectors import tally

Status = SurveyResponse.Status


def acceptance(survey: Survey) -> Consequences:
    counts = tally(survey)
    facts = {"survey": survey.code, "site": survey.site.name, "project": survey.project.code}
    lines = [
        _("Survey %(survey)s at %(site)s of project %(project)s will be accepted.") % facts,
        ngettext(
            "Its %(n)s included response will count at once as a customer evaluation.",
            "Its %(n)s included responses will count at once as customer evaluations.",
            counts[Status.INCLUDED],
        )
        % {"n": counts[Status.INCLUDED]},
    ]
    if score := _scores(survey):
        lines.append(
            _("The project's service score goes from %(before)s to %(after)s.")
            % {"before": score[0] or "—", "after": score[1] or "—"}
        )
    if counts[Status.HELD]:
        lines.append(
            ngettext(
                "%(n)s response awaiting review stays held; it counts once an auditor includes it.",
                "%(n)s responses awaiting review stay held; they count once an auditor "
                "includes them.",
                counts[Status.HELD],
            )
            % {"n": counts[Status.HELD]}
        )
    lines.append(_("The survey takes no more answers and cannot be reopened."))
    return Consequences(
        lines=lines,
        reversible=False,
        way_back=_(
            "This cannot be undone: an accepted survey is never reopened; while the project "
            "is open, a response may still be excluded on the review page, with its reason."
        ),
    )


def _scores(survey: Survey) -> tuple | None:
    """The service score now and with this survey's included responses counting."""
    assessment = survey.project.assessment
    counting = list(assessment.evaluations.filter(counts=True).select_related("site"))
    joining = Evaluation.objects.filter(
        survey_response__survey=survey, survey_response__status=Status.INCLUDED, counts=False
    ).select_related("site")
    try:
        before = scoring.score(assessment, counting)
        after = scoring.score(assessment, counting + list(joining))
    except GreenCertError:
        return None  # the project page says why the sheets cannot be scored
    return tuple(r.service.score if r.service else None for r in (before, after))
