"""What an event says: the public facts only.

A certificate is described by exactly what the public register shows
(``public_facts``, the register's and the verification page's own list):
no person, no reason for a suspension, no internal note.  A decision is
described by its project's number, the organisation, the outcome, the
grade and the date — not who decided nor why.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from greencert.web.certification.models import Certificate, Decision
from greencert.web.certification.views.public import public_facts


def _plain(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def certificate(certificate: Certificate) -> dict:
    facts = public_facts(certificate, timezone.localdate())
    facts.pop("status_label")  # a word for people, in one language; the code is enough
    return {
        **{key: _plain(value) for key, value in facts.items()},
        "revision": certificate.revision,
        "verify_url": settings.SITE_URL + reverse("verify", args=(certificate.number,)),
    }


def decision(decision: Decision) -> dict:
    project = decision.project
    return {
        "project": project.code,
        "project_kind": project.kind,
        "organisation": project.organisation.name,
        "scheme": project.scheme_label,
        "revision": decision.revision,
        "supersedes_revision": decision.supersedes.revision if decision.supersedes_id else None,
        "outcome": decision.outcome,
        "grade": decision.grade or None,
        "decided_on": decision.decided_on.isoformat(),
    }
