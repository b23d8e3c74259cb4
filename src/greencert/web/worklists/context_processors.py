"""The count of waiting work in the navigation of every page, read only when a page shows it."""

from __future__ import annotations

from functools import cached_property

from django.utils import timezone

from greencert.web.worklists.lists import counts, lists_for, work_total


class WorkCount:
    """Counted on first use in the template (one statement), then remembered for the request."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def total(self) -> int:
        counted = getattr(self.request, "worklist_counts", None)
        if counted is None:
            user = self.request.user
            counted = counts(user, lists_for(user, timezone.localdate()))
        return work_total(counted)


def worklist(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"worklist": WorkCount(request)}
