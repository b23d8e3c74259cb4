"""``greencert demo`` data: loaded into the test database through the services."""

from __future__ import annotations

import datetime

from django.utils import timezone

from greencert.web.certification.models import Certificate
from greencert.web.demo import load_demo


def test_demo_has_valid_suspended_reissued_and_expired_certificates(db, tmp_path):
    logins = load_demo(tmp_path)
    assert {row[1] for row in logins} >= {"admin", "pm", "reviewer", "decider", "client"}
    today = timezone.localdate()
    shown = {
        c.organisation_name: (c.current_status(today), c.display_number)
        for c in Certificate.objects.all()
    }
    statuses = sorted(status for status, _ in shown.values())
    assert statuses == ["expired", "suspended", "valid", "valid"]
    # Stored as valid: expiry follows from the date (granted more than 3 years ago).
    expired = Certificate.objects.get(organisation_name="萍乡城市公交服务有限公司")
    assert expired.status == "valid"
    assert expired.granted_on < today - datetime.timedelta(days=3 * 365)
    assert expired.decision.decided_on == expired.granted_on
    # Two surveillances done: the same number, revision 2, history of three issues.
    surveilled = Certificate.objects.get(organisation_name="赣州客家文化旅游服务有限公司")
    assert surveilled.display_number.endswith("-R2")
    assert [e.kind for e in surveilled.events.all()] == ["issued", "reissued", "reissued"]
    suspended = Certificate.objects.get(status="suspended")
    assert suspended.events.last().reason.startswith("第 1 次监督审核逾期")
    # Loading again changes nothing.
    assert load_demo(tmp_path) == logins
    assert Certificate.objects.count() == 4
