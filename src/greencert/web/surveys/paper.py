"""Reading filled paper questionnaires, with every problem worded in the staff's language.

The workbook is read by :func:`greencert.workbook.questionnaires.read_questionnaires`
(no Django); its problems come back as codes with their figures
(:class:`~greencert.workbook.questionnaires.Issue`) and are worded here, each
naming its row and column ("row 7 column 3.2: level 6 is not one of 1–5").
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from greencert.core.exceptions import InputError, Problem
from greencert.core.scheme import Scheme
from greencert.web.surveys.answers import Answers, comment_too_long, level_problem
from greencert.workbook import questionnaires
from greencert.workbook.questionnaires import Issue, QuestionnaireIssues

MESSAGES = {
    "empty": gettext_noop("no questionnaire is filled in"),
    "not_a_question": gettext_noop("“%(label)s” is not a question of the scheme"),
    "repeated_column": gettext_noop("this column is repeated"),
    "missing_column": gettext_noop("the column %(column)s is missing"),
    "too_many_rows": gettext_noop("more than %(n)d rows"),
    "not_a_date": gettext_noop("“%(value)s” is not a date (YYYY-MM-DD)"),
    "future_date": gettext_noop("%(date)s is in the future"),
    "not_answered": gettext_noop("not answered (every question is required)"),
    "formula": gettext_noop("is a formula: type the level itself"),
}


@dataclass(frozen=True)
class PaperRow:
    row: int
    date: datetime.date
    answers: Answers


def _where(issue: Issue) -> str:
    if issue.row is None:
        return _("workbook")
    if issue.column is None:  # the header row as a whole
        return _("row 1")
    column = {"date": _("date"), "comment": _("comment")}.get(issue.column, issue.column)
    return _("row %(row)d column %(column)s") % {"row": issue.row, "column": column}


def problem(scheme: Scheme, issue: Issue) -> Problem:
    """One issue of the workbook, worded."""
    if issue.code == "bad_level":
        message = level_problem(scheme, issue.params["value"])
    elif issue.code == "comment_too_long":
        message = comment_too_long(issue.params["limit"])
    else:
        message = _(MESSAGES[issue.code]) % issue.params
    return Problem(field=_where(issue), message=message)


def read_questionnaires(scheme: Scheme, stream) -> list[PaperRow]:
    """Every filled row as a complete questionnaire; raises :class:`InputError` naming cells."""
    try:
        rows = questionnaires.read_questionnaires(
            scheme,
            stream,
            today=timezone.localdate(),
            comment_limit=settings.SURVEY_COMMENT_MAX_CHARS,
        )
    except QuestionnaireIssues as exc:
        raise InputError([problem(scheme, issue) for issue in exc.issues]) from exc
    return [PaperRow(r.row, r.date, Answers(r.likert, r.comment)) for r in rows]
