"""A rater's stable identity: the account that rated, as the core's ``rater`` text.

The core tells raters apart by an evaluation's ``rater`` (else its typed evaluator name):
agreement between the raters of a site and each auditor's calibration (issue 18 §2, §4).
An evaluation rated by a staff account gives ``user:<pk>``: the primary key never changes
nor is reused, where a username or a display name may be edited after a result is frozen
(and a frozen input, or a stored deviation, keeps the text it was given).  The prefix keeps
an account apart from a typed name.

For people the id is shown as the account's display name; when two raters shown together
would read the same (two accounts, or an account and a typed name), the username follows.

>>> rater_id(7)
'user:7'
>>> account_pk("user:7"), account_pk("王芳"), account_pk("user:x")
(7, None, None)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from django.contrib.auth import get_user_model

PREFIX = "user:"
_ACCOUNT = re.compile(r"user:([1-9][0-9]{0,18})")


def rater_id(pk: int) -> str:
    """The core's ``rater`` of an evaluation rated by account *pk*."""
    return f"{PREFIX}{pk}"


def account_pk(rater: str) -> int | None:
    """The account a ``rater`` text names, or ``None`` for a typed name."""
    found = _ACCOUNT.fullmatch(rater)
    return int(found[1]) if found else None


def rater_names(raters: Iterable[str]) -> dict[str, str]:
    """Each rater text as people read it: an account by its display name, a typed name as
    typed; a name two of *raters* share is followed by the account's username.  An id
    whose account is not found is shown as it is (one query for all)."""
    raters = list(dict.fromkeys(raters))
    pks = {r: account_pk(r) for r in raters}
    users = get_user_model().objects.in_bulk({pk for pk in pks.values() if pk is not None})
    names = {r: str(users[pk]) if pk in users else r for r, pk in pks.items()}
    shared = Counter(names.values())
    return {
        r: f"{name} ({users[pks[r]].username})" if shared[name] > 1 and pks[r] in users else name
        for r, name in names.items()
    }
