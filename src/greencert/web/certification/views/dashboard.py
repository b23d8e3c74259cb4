"""The staff dashboard: where the work stands and what is late.

Everything is counted or listed with one query per block, whatever the
number of rows (aggregates and select_related, no query per row).  Each
person sees what they may see elsewhere: an auditor the projects of their
teams, and so on.
"""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from greencert.core.registry import default_scheme
from greencert.web.accounts.access import sees_insights, staff_required
from greencert.web.certification.access import visible_certificates, visible_complaints
from greencert.web.certification.models import Certificate, Nonconformity
from greencert.web.certification.selectors import certificates_to_issue
from greencert.web.certification.services.certificates import overdue_visits
from greencert.web.certification.views.complaints import flag, overdue_q
from greencert.web.projects.access import visible_projects
from greencert.web.projects.models import Project

EXPIRY_WINDOW_DAYS = 90
LIST_LENGTH = 20


def _projects_by_state(user) -> list[dict]:
    counts = dict(
        visible_projects(user)
        .order_by()
        .values_list("state")
        .annotate(n=Count("id", distinct=True))
    )
    return [
        {"state": state, "label": label, "count": counts.get(state, 0)}
        for state, label in Project.State.choices
    ]


def _grades(valid) -> list[dict]:
    """Valid certificates by grade, highest grade first (the scheme's order), zeros shown."""
    counts = dict(valid.order_by().values_list("grade").annotate(n=Count("id", distinct=True)))
    names = [row.grade for row in default_scheme().grades]
    names += sorted(set(counts) - set(names))  # a grade of an older scheme version
    return [{"grade": g, "count": counts.get(g, 0)} for g in names]


@staff_required
@require_safe
def dashboard(request):
    user = request.user
    today = timezone.localdate()
    projects = visible_projects(user)
    certificates = visible_certificates(user)
    valid = certificates.filter(status=Certificate.Status.VALID, expires_on__gte=today)

    late_ncs = (
        Nonconformity.objects.filter(project__in=projects.values("pk"), due_date__lt=today)
        .exclude(status=Nonconformity.Status.CLOSED)
        .select_related("project__organisation")
        .order_by("due_date", "id")
    )
    late_visits = (
        overdue_visits(today)
        .filter(certificate__in=certificates.values("pk"))
        .order_by("due_on", "id")
    )
    late_complaints = visible_complaints(user).filter(overdue_q(today)).order_by("resolve_by")
    expiring = valid.filter(
        expires_on__lte=today + datetime.timedelta(days=EXPIRY_WINDOW_DAYS)
    ).order_by("expires_on", "id")

    context = {
        "today": today,
        "by_state": _projects_by_state(user),
        "late_ncs": list(late_ncs[:LIST_LENGTH]),
        "late_ncs_total": late_ncs.count(),
        "late_visits": list(late_visits[:LIST_LENGTH]),
        "late_visits_total": late_visits.count(),
        "late_complaints": [flag(c, today) for c in late_complaints[:LIST_LENGTH]],
        "late_complaints_total": late_complaints.count(),
        "expiring": list(expiring[:LIST_LENGTH]),
        "expiring_total": expiring.count(),
        "grades": _grades(valid),
        "valid_total": valid.count(),
        "window": EXPIRY_WINDOW_DAYS,
        "list_length": LIST_LENGTH,
        "sees_insights": sees_insights(user),  # the insights pages' own permission
    }
    if user.manages:
        context["awaiting"] = list(certificates_to_issue()[:LIST_LENGTH])
    return render(request, "certification/dashboard.html", context)
