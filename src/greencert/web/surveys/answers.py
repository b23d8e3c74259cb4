"""Reading a questionnaire's answers: the same rules online and for a paper row.

Each item of the scheme is one question answered with a Likert level;
whether a value is a level is the core's rule (:func:`parse_likert`), and
the final gate is the core's :func:`parse_evaluation` (every item rated).
Messages name the question, as a customer sees it, or the workbook cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from greencert.core.assessment_input import Evaluation
from greencert.core.exceptions import InputError
from greencert.core.ratings import Rating, parse_likert
from greencert.core.scheme import Scheme


@dataclass(frozen=True)
class Answers:
    likert: dict[str, int]  # item id → level, every item of the scheme
    comment: str

    @property
    def same_everywhere(self) -> bool:
        """The same level on every item (straight-lining): flagged, not refused."""
        return len(set(self.likert.values())) == 1


def read_level(scheme: Scheme, value: object) -> int | None:
    """A Likert level 1–5 as the scheme defines it, or None."""
    try:
        return parse_likert(value, scheme)
    except InputError:
        return None


def level_problem(scheme: Scheme, value: object) -> str:
    top = len(scheme.likert)
    return _("level %(value)s is not one of 1–%(top)d") % {"value": value, "top": top}


def comment_too_long(limit: int) -> str:
    return _("the comment is longer than %(limit)d characters") % {"limit": limit}


def comment_problem(comment: str) -> str | None:
    limit = settings.SURVEY_COMMENT_MAX_CHARS
    return comment_too_long(limit) if len(comment) > limit else None


def check_complete(scheme: Scheme, code: str, likert: dict[str, int]) -> None:
    """The core's own check of a complete sheet (every item rated): the last gate."""
    ratings = {item_id: Rating.of_likert(level, scheme) for item_id, level in likert.items()}
    Evaluation.of(code, ratings, scheme, source="customer")
