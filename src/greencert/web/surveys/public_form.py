"""The public questionnaire's hidden fields and the checks of a posted one.

Each rendering of the page carries a *ticket*, signed with
:mod:`django.core.signing` so it cannot be forged or moved: the survey it
was drawn for, a random submission token (stored with a unique
constraint: a double tap or a resend stores one response) and the time
it was shown (to flag answers sent implausibly fast).
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _

from greencert.core.scheme import Scheme
from greencert.web.surveys.answers import Answers, comment_problem, read_level

SALT = "greencert.surveys.ticket"
PREFIX = "q_"  # radio group names: q_1.1 … q_7.1
HONEYPOT = "website"  # a field people never see; bots fill it in


@dataclass(frozen=True)
class Ticket:
    survey_id: int
    nonce: str
    shown_at: float

    def dumps(self) -> str:
        payload = {"s": self.survey_id, "n": self.nonce, "t": int(self.shown_at)}
        return signing.dumps(payload, salt=SALT)


def new_ticket(survey_id: int) -> Ticket:
    return Ticket(survey_id, secrets.token_urlsafe(24), time.time())


@dataclass
class Refused(Exception):
    """The post cannot be stored; *problems* say why (per question where possible)."""

    problems: list[dict]  # {"item": item id or None, "text": message}
    status: int = 400
    fresh_ticket: bool = False  # the posted ticket is unusable: render a new one
    kept: dict[str, str] = field(default_factory=dict)  # answers to show again
    comment: str = ""


def question_numbers(scheme: Scheme) -> dict[str, int]:
    return {item_id: n for n, item_id in enumerate(scheme.items, start=1)}


def read_ticket(raw: str, survey_id: int) -> tuple[Ticket | None, str | None]:
    """The posted ticket, or the reason it is refused."""
    try:
        data = signing.loads(raw or "", salt=SALT)
        ticket = Ticket(int(data["s"]), str(data["n"]), float(data["t"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None, _(
            "The form was changed or damaged on the way. Nothing was stored: "
            "please answer again on this freshly loaded page."
        )
    if ticket.survey_id != survey_id:
        return None, _(
            "This form belongs to another survey. Nothing was stored: "
            "please answer again on this page."
        )
    if time.time() - ticket.shown_at > settings.SURVEY_FORM_MAX_AGE_HOURS * 3600:
        return None, _(
            "This page was opened too long ago. Nothing was stored: "
            "please send your answers again from this page."
        )
    return ticket, None


def read_post(scheme: Scheme, survey_id: int, post) -> tuple[Ticket, Answers]:
    """Check everything posted; raise :class:`Refused` listing every problem."""
    numbers = question_numbers(scheme)
    kept = {k[len(PREFIX) :]: post.get(k, "") for k in post if k.startswith(PREFIX)}
    comment = (post.get("comment") or "").strip()
    problems: list[dict] = []
    ticket, ticket_problem = read_ticket(post.get("ticket", ""), survey_id)
    if ticket_problem:
        problems.append({"item": None, "text": ticket_problem})
    for item_id in kept:
        if item_id not in scheme.items:
            problems.append(
                {
                    "item": None,
                    "text": _(
                        "The form holds a question that is not in this survey (“%(item)s”). "
                        "Nothing was stored."
                    )
                    % {"item": item_id[:20]},
                }
            )
    likert: dict[str, int] = {}
    for item_id, n in numbers.items():
        value = kept.get(item_id, "")
        if value == "":
            text = _("Question %(n)d is not answered.") % {"n": n}
        elif (level := read_level(scheme, value)) is None:
            text = _("Question %(n)d: level %(value)s is not one of 1–%(top)d.") % {
                "n": n,
                "value": value[:10],
                "top": len(scheme.likert),
            }
        else:
            likert[item_id] = level
            continue
        problems.append({"item": item_id, "text": text})
    if comment_problem(comment):
        limit = settings.SURVEY_COMMENT_MAX_CHARS
        text = _("Your comment is longer than %(limit)d characters.") % {"limit": limit}
        problems.append({"item": None, "text": text})
    if problems:
        kept = {k: v for k, v in kept.items() if k in scheme.items}
        raise Refused(problems, fresh_ticket=ticket is None, kept=kept, comment=comment)
    return ticket, Answers(likert, comment)


def honeypot_filled(post) -> bool:
    return bool((post.get(HONEYPOT) or "").strip())
