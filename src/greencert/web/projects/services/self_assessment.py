"""A client's own self-assessment: one per organisation, never mixed with the official one."""

from __future__ import annotations

from greencert.core.registry import get_scheme
from greencert.web.projects.models import Assessment


def ensure_self_assessment(*, organisation) -> Assessment:
    scheme = get_scheme(None)
    assessment, _created = Assessment.objects.get_or_create(
        kind=Assessment.Kind.SELF,
        organisation=organisation,
        defaults={"scheme_label": scheme.label, "scheme_hash": scheme.hash},
    )
    return assessment
