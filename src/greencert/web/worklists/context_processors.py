"""The count of waiting work in the navigation of every page, read only when a page shows it.

Composing the count's statement (a subquery per list) costs far more than running it, and
the count rarely changes between two pages, so each person's count is remembered for a
short while under a key that moves whenever the count may change: every act in the
product writes an audit entry, which moves the chain head's hash; survey answers become
evaluations without one, which moves the newest evaluation's id; the day is in the key
for the lists that follow the date.  The short lifetime bounds anything else.
"""

from __future__ import annotations

from functools import cached_property

from django.core.cache import cache
from django.db.models import Subquery
from django.utils import timezone

from greencert.web.audit.models import ChainHead
from greencert.web.projects.models import Evaluation
from greencert.web.worklists.lists import counts, lists_for, work_total

REMEMBERED_SECONDS = 60


def _changes_since() -> tuple[str, int | None] | None:
    """What moves when the waiting work may have changed (one statement); None without a head."""
    newest = Evaluation.objects.order_by("-pk").values("pk")[:1]
    return (
        ChainHead.objects.filter(pk=1)
        .annotate(newest=Subquery(newest))
        .values_list("hash", "newest")
        .first()
    )


def _counted(user) -> int:
    today = timezone.localdate()
    marks = _changes_since()
    key = None
    if marks is not None:
        key = "worklist-total:{}:{}:{}:{}:{}:{}".format(
            user.pk, user.role, user.organisation_id, today.isoformat(), *marks
        )
        total = cache.get(key)
        if total is not None:
            return total
    total = work_total(counts(user, lists_for(user, today)))
    if key is not None:
        cache.set(key, total, REMEMBERED_SECONDS)
    return total


class WorkCount:
    """Counted on first use in the template, then remembered for the request."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def total(self) -> int:
        counted = getattr(self.request, "worklist_counts", None)
        if counted is not None:  # the landing page has just counted every list
            return work_total(counted)
        return _counted(self.request.user)


def worklist(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"worklist": WorkCount(request)}
