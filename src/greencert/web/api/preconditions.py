"""Optimistic locking over HTTP (RFC 9110 §13.1.1, RFC 6585 §3): each answer about a sheet
carries an ``ETag``; a change must send it back as ``If-Match``.

The tag is a strong validator made from the sheet's stored version (the same counter the
pages' hidden ``version`` field holds), so it changes with every save; the service
compares the version again inside its transaction, so two writers holding the same tag
cannot both win.  Without ``If-Match`` the answer is 428; with a tag that is no longer
current, 412, and nothing is stored.
"""

from __future__ import annotations

from django.utils.http import parse_etags
from django.utils.translation import gettext as _

from greencert.web.api.problems import problem_response

HEADER = "If-Match"
ETAG = {
    "description": "实体标签（强校验器），修改时以 If-Match 发回。"
    " Entity tag (strong validator): send it back as If-Match to change the sheet.",
    "required": True,
    "schema": {"type": "string"},
}
IF_MATCH = "修改时必需：读取时得到的 ETag。 Required to change: the ETag the sheet was read with."


class PreconditionRequired(Exception):
    """A change sent without ``If-Match``."""


class PreconditionFailed(Exception):
    """A change sent with a tag that is not the sheet's current one."""


def evaluation_etag(pk: int, version: int, counts: bool) -> str:
    """An evaluation's tag: its version, and whether it counts (a survey response's inclusion
    changes the answer without a new version)."""
    return f'"evaluation-{pk}-{version}-{int(counts)}"'


def maturity_etag(assessment_pk: int, version: int) -> str:
    return f'"maturity-{assessment_pk}-{version}"'


def require_match(if_match: str | None, current: str) -> None:
    """Refuse the change unless *if_match* names *current* (strong comparison; ``*``: any)."""
    if if_match is None or not if_match.strip():
        raise PreconditionRequired
    tags = parse_etags(if_match)
    if tags != ["*"] and current not in tags:  # a weak tag (W/"…") never matches
        raise PreconditionFailed


def on_required(request, exc: PreconditionRequired):
    return problem_response(
        428,
        _("Precondition required"),
        _(
            "Send the sheet's ETag as If-Match, so that a change made since you read it is not lost."
        ),
        [{"field": f"header.{HEADER}", "detail": _("Missing."), "code": None}],
    )


def on_failed(request, exc: PreconditionFailed):
    return problem_response(
        412,
        _("Precondition failed"),
        _(
            "The sheet was changed after you read it (its ETag is no longer the one you sent). "
            "Nothing was stored: read it again."
        ),
        [{"field": f"header.{HEADER}", "detail": _("Not the current ETag."), "code": None}],
    )


HANDLERS = [(PreconditionRequired, on_required), (PreconditionFailed, on_failed)]
