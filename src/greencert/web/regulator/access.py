"""Who files the report to the regulator: the administrators.

The audit-plan sheet carries the auditors' ID-document numbers, which only
administrators may see (ISO/IEC 17065 §4.5, personal data), so the report's
pages, its file and the reminder are theirs; anyone else gets 404.
"""

from __future__ import annotations

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404

from greencert.web.accounts.access import role_required
from greencert.web.accounts.models import Role
from greencert.web.regulator.models import ReportPeriod

FILING_ROLES = (Role.ADMIN,)
filing_required = role_required(*FILING_ROLES)


def files_reports(user) -> bool:
    return user.is_authenticated and user.is_active and user.role in FILING_ROLES


def period_for(user, month: str) -> ReportPeriod:
    """The period named ``YYYY-MM``; out of reach (or not a month) is a 404."""
    queryset = ReportPeriod.objects.all() if files_reports(user) else ReportPeriod.objects.none()
    try:
        year, number = (int(part) for part in month.split("-"))
        first = datetime.date(year, number, 1)
    except ValueError:
        raise Http404 from None
    return get_object_or_404(queryset, month=first)
