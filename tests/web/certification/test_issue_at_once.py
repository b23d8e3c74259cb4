"""Two issues of one decision at once (a double submission, two managers) give one
certificate: the deletion of the decision's waiting row is the check, and the second
deletion waits for the first's row lock, then finds the row gone.

Meaningful on PostgreSQL (DATABASE_URL=postgres://…): the first issue is held inside its
transaction until the second has passed the checks made before it, so both really meet
at the row.  SQLite has one writer at a time: there the two take turns (see
``tests/web/surveys/test_concurrency.py``'s ``together``) and the same outcome is checked.
"""

from __future__ import annotations

import threading
import time
from unittest import mock

import pytest
from django.db import connection
from django.utils import translation

from greencert.web.certification.models import (
    AwaitingCertificate,
    Certificate,
    CertificateEvent,
    Decision,
)
from greencert.web.certification.services import Refused, certificates, to_issue
from tests.web.certification.certificate_support import DAY, certify
from tests.web.surveys.test_concurrency import together


@pytest.mark.django_db(transaction=True)
def test_two_issues_of_one_decision_at_once_give_one_certificate(world):
    decision = certify(world)
    racing = connection.vendor != "sqlite"
    checked = threading.Barrier(2)
    check, issue_new = certificates._check_issuable, certificates._issue_new

    def check_then_meet(*args):
        check(*args)  # both pass the checks made before the transaction ...
        if racing:
            checked.wait(timeout=10)  # ... before either goes on

    def slow_issue_new(*args):
        time.sleep(0.3)  # the row claimed and held: the other issue's deletion waits
        return issue_new(*args)

    def issue(_i):
        fresh = Decision.objects.get(pk=decision.pk)
        with translation.override("en"):
            try:
                return certificates.issue_certificate(
                    actor=world.pm, decision=fresh, granted_on=DAY
                )
            except Refused as exc:
                return str(exc)

    with (
        mock.patch.object(certificates, "_check_issuable", check_then_meet),
        mock.patch.object(certificates, "_issue_new", slow_issue_new),
    ):
        results = together(2, issue)

    issued = [r for r in results if isinstance(r, Certificate)]
    assert len(issued) == 1, results
    assert "A certificate was already issued for this decision." in results
    assert Certificate.objects.filter(decision=decision).count() == 1
    assert CertificateEvent.objects.filter(kind="issued").count() == 1
    assert not AwaitingCertificate.objects.filter(decision=decision).exists()


@pytest.mark.django_db
def test_a_decision_is_claimed_for_issuing_once(world):
    """The check itself, on either engine: the first claim ends the wait, the second finds
    nothing waiting (on SQLite the race above never reaches it)."""
    decision = certify(world)
    assert AwaitingCertificate.objects.filter(decision=decision).exists()
    assert to_issue.claim_issue(decision) is True
    assert to_issue.claim_issue(decision) is False
    assert not AwaitingCertificate.objects.filter(decision=decision).exists()
