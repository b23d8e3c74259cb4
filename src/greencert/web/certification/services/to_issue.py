"""The certificates to issue: one row per granting decision still waiting for its certificate.

Decisions are never changed, so whether one still waits is kept beside it
(:class:`~greencert.web.certification.models.AwaitingCertificate`) and moved only
here, inside the transactions of the decision and certificate services: a grant
adds its row and a new revision removes the row of the decision it supersedes
(ISO/IEC 17065 §7.6: the later decision stands); the issue or reissue removes it
(§7.7).  A refusal waits for nothing.
"""

from __future__ import annotations

from greencert.web.certification.models import AwaitingCertificate, Decision


def decision_taken(decision: Decision) -> None:
    """Called in the transaction that writes *decision*."""
    if decision.supersedes_id is not None:
        AwaitingCertificate.objects.filter(decision_id=decision.supersedes_id).delete()
    if decision.outcome == Decision.Outcome.GRANT:
        AwaitingCertificate.objects.create(decision=decision)


def claim_issue(decision: Decision) -> bool:
    """End *decision*'s wait, first in the transaction that issues or reissues its certificate;
    False if it was not waiting (issued already, or superseded meanwhile).

    The deletion's count is the check: of two issues at once, the second's deletion waits
    for the first's lock on the row and then finds it gone (or back, had the first failed).
    """
    deleted, _ = AwaitingCertificate.objects.filter(decision=decision).delete()
    return deleted > 0
