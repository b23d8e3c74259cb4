"""The landing page: each person's worklists, by the parts they play."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from greencert.web.worklists.lists import ROWS_SHOWN, counts, lists_for


@login_required
@require_safe
def home(request):
    user = request.user
    lists = lists_for(user, timezone.localdate())
    counted = counts(user, lists)
    request.worklist_counts = counted  # the navigation's count reads it instead of counting again
    shown = [
        {
            "key": w.key,
            "title": w.title,
            "empty": w.empty,
            "total": counted[w.key],
            "more": w.more,
            "items": [w.item(row) for row in w.rows[:ROWS_SHOWN]] if counted[w.key] else [],
        }
        for w in lists
    ]
    return render(request, "worklists/home.html", {"lists": shown, "rows_shown": ROWS_SHOWN})
