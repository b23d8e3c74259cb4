"""The one comparison behind the import preview: stored data against a read workbook."""

from __future__ import annotations

import doctest
from decimal import Decimal

from greencert.workbook import changes as module
from greencert.workbook.changes import Changed, changes
from greencert.workbook.reader import Reading


def test_the_docstring_examples_hold():
    assert doctest.testmod(module).failed == 0


def test_verdicts_and_reasons_compare_row_by_row_and_blank_rows_keep_what_is_stored():
    stored = Reading(
        {"qms": {"4.4": "out_of_scope", "7.1.5": "conforms", "8.2": "minor"}},
        {"qms": {"4.4": "无外包过程"}},
    )
    book = Reading(
        {"qms": {"4.4": "conforms", "7.1.5": "conforms"}, "specific": {"2.1": "major"}}, {}
    )
    found = changes(stored, book)
    assert found.changed == (
        Changed("qms", "4.4", "verdict", "out_of_scope", "conforms"),
        Changed("qms", "4.4", "reason", "无外包过程", None),  # the reason would be cleared
        Changed("specific", "2.1", "verdict", None, "major"),
    )
    assert found.unchanged == 1  # 7.1.5; 8.2 is not in the workbook, so it is kept, not counted


def test_ids_are_ordered_as_read_not_as_text():
    stored = Reading({"maturity": {}})
    book = Reading({"maturity": {"2.10": 1, "2.9": 2, "10.1": 3, "1.1": 4}})
    assert [c.key for c in changes(stored, book).changed] == ["1.1", "2.9", "2.10", "10.1"]


def test_parts_never_imported_are_named_and_a_workbook_of_them_only_is_blank():
    book = Reading({"nonconformities": [{"id": "NC1"}], "exemption": {"clauses": ["7.1.5"]}})
    found = changes(Reading({}), book)
    assert found.ignored == ("nonconformities", "exemption")
    assert found.blank and not found.any


def test_the_same_alpha_at_another_precision_is_unchanged():
    entry = {"id": "E1", "source": "auditor", "alpha": {"1.1": Decimal("0.80")}}
    found = changes(Reading({"evaluations": [entry]}), Reading({"evaluations": [
        {"id": "E1", "alpha": {"1.1": Decimal("0.8")}}
    ]}))  # fmt: skip
    assert found.changed == () and found.unchanged == 2  # the source (auditor) and 1.1
