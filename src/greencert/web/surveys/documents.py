"""A survey's printed documents, filled from the survey in the reader's language.

The documents themselves are built without Django: the A4 poster by
:mod:`greencert.reports.poster`, the blank paper questionnaire by
:mod:`greencert.workbook.questionnaires`.  Here their words are translated
and their values read from the survey.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from greencert.core.scheme import Scheme
from greencert.reports.poster import PosterText, build_poster
from greencert.web.surveys.models import Survey
from greencert.workbook.questionnaires import TemplateTexts
from greencert.workbook.questionnaires import write_template as write_questionnaire_template


def poster_pdf(survey: Survey, url: str, *, compress: bool = True) -> bytes:
    """The survey's poster as PDF bytes; *url* is the full public link the QR code encodes."""
    organisation = survey.project.organisation.name
    text = PosterText(
        organisation=organisation,
        site=survey.site.name,
        url=url,
        heading=_("How was our service today?"),
        instruction=_(
            "Scan the code with WeChat or your phone's camera and answer a few short questions."
        ),
        dates=_("Open from %(start)s to %(end)s. Anonymous: no name or phone number is asked.")
        % {"start": survey.opens_on.isoformat(), "end": survey.closes_on.isoformat()},
        footer=_(
            "Your answers are part of the green product service certification (%(scheme)s) by %(body)s."
        )
        % {"scheme": survey.project.scheme_label, "body": settings.CERTIFICATION_BODY},
        reference=f"{survey.project.code} {survey.code}",
        title=f"{survey.code} {organisation} {survey.site.name}",
        author=settings.CERTIFICATION_BODY,
    )
    return build_poster(text, compress=compress)


def write_template(scheme: Scheme, stream, *, title: str = "") -> None:
    """The blank paper questionnaire for *scheme* (*title* names the survey)."""
    texts = TemplateTexts(
        title=title,
        optional=_("optional"),
        level_error=_("A level from 1 to %(top)d") % {"top": len(scheme.likert)},
        one_row=_("One row per paper questionnaire, from row 3; every question needs a level."),
        date=_("Date: the day the questionnaire was filled in (YYYY-MM-DD)."),
        levels=_("Levels:"),
        comment=_("Comment: optional."),
    )
    write_questionnaire_template(scheme, stream, texts=texts)
