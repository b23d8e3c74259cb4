"""The audit trail names fields and stored codes in the reader's language, by the kind of record.

A nonconformity's ``status: open`` is not a survey's ``state: open``: each record kind's
codes are named by its own choices (registered as ``"nonconformity.status"``).
"""

from __future__ import annotations

import pytest
from django.utils import translation

from greencert.web.audit import labels
from greencert.web.audit.display import changes
from greencert.web.audit.models import AuditEntry


def entry(action: str, before=None, after=None) -> AuditEntry:
    return AuditEntry(action=action, before=before, after=after)


def shown(action, before=None, after=None, lang="zh-hans") -> list[tuple[str, str, str]]:
    with translation.override(lang):
        return [
            (r["field"], r["before"], r["after"]) for r in changes(entry(action, before, after))
        ]


def test_a_nonconformity_raised_is_read_in_chinese():
    rows = shown("greencert.nonconformity.raised", after={"severity": "minor", "status": "open"})
    assert ("严重程度", "—", "一般") in rows
    assert ("状态", "—", "待处理：等待客户回复") in rows


def test_the_same_field_of_another_record_is_named_by_that_records_codes():
    assert shown("greencert.survey.closed", {"state": "open"}, {"state": "closed"}) == [
        ("调查状态", "开放", "已关闭")
    ]
    assert shown("greencert.certificate.issued", after={"status": "valid"}, lang="en") == [
        ("status", "—", "Valid")
    ]
    assert shown(
        "greencert.survey_response.excluded",
        {"status": "held", "flags": ["too_fast", "same_answers"]},
        {"status": "excluded"},
        lang="en",
    ) == [
        ("status", "Flagged, awaiting review", "Excluded"),
        ("flags", "completed too fast, the same answer on every item", "—"),
    ]


def test_a_code_no_record_kind_names_is_shown_as_stored():
    """A value outside the choices (an old record's) is shown as it is, never guessed."""
    assert shown("greencert.nonconformity.raised", after={"severity": "grave"}) == [
        ("严重程度", "—", "grave")
    ]


@pytest.mark.parametrize(
    "action",
    [
        "greencert.complaint.handler_refused",
        "greencert.complaint.close_refused",
        "greencert.survey.opened",
        "greencert.review.recorded",
    ],
)
def test_every_action_has_a_name(action):
    with translation.override("zh-hans"):
        assert action in labels.ACTIONS and "greencert" not in str(labels.ACTIONS[action])


def test_kind_of_an_action():
    assert labels.kind_of("greencert.nonconformity.raised") == "nonconformity"
    assert labels.lookup({"status": 1, "nonconformity.status": 2}, "greencert.x.y", "status") == 1
    assert (
        labels.lookup(
            {"status": 1, "nonconformity.status": 2}, "greencert.nonconformity.y", "status"
        )
        == 2
    )
