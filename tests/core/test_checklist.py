"""The audit checklists beside the scheme (§4.2.1, §5.2.1, §4.2.2): read, identified, refused."""

from __future__ import annotations

import pytest

from greencert.core import registry
from greencert.core.checklist import load_checklist, verdicts_for
from greencert.core.exceptions import SchemeError
from greencert.core.registry import default_scheme, qms_checklist_for, specific_checklist_for

# GB/T 19001-2016 clauses 4.1 … 10.3 at the level an auditor judges: chapter 4 has 4 rows, 5 has 3,
# 6 has 3, 7 has 6 (7.1.1–7.1.6) + 4, 8 has 4 + 6 (8.5.1–8.5.6) + 2, 9 has 3 (9.1.1–9.1.3) + 2,
# 10 has 3: 4 + 3 + 3 + 10 + 12 + 5 + 3 = 40.
QMS_ROWS = 40


def test_the_gbt_19001_checklist_runs_from_4_1_to_10_3():
    qms = qms_checklist_for(default_scheme())
    ids = list(qms.clauses)
    assert len(ids) == QMS_ROWS
    assert ids[0] == "4.1" and ids[-1] == "10.3"
    assert [c.id for c in qms.chapters] == ["4", "5", "6", "7", "8", "9", "10"]
    assert qms.clauses["8.4"].title == "外部提供的过程、产品和服务的控制"
    assert all(c.note and c.note_en and c.title_en for c in qms.clauses.values())
    assert qms.identity["label"] == "GB/T 19001-2016 GC1" and len(qms.hash) == 64


def test_the_specific_checklist_is_the_schemes_own_section_4_2_2():
    specific = specific_checklist_for(default_scheme())
    assert specific.scheme == default_scheme().label
    assert list(specific.clauses) == ["1", "2.1", "2.2", "2.3", "2.4", "2.5", "3"]
    assert specific.clauses["2.1"].title.startswith("识别可提供的接触点")
    assert specific.clauses["2.1"].cite == "§4.2.2 2)①"


def test_exempted_is_a_verdict_for_gbt_19001_rows_only():
    assert "exempted" in verdicts_for("qms")
    assert "exempted" not in verdicts_for("specific")


GOOD = """
[checklist]
code = "QMS-X"
version = "1"
kind = "qms"
title = "x"
title_en = "x"

[[chapters]]
id = "4"
title = "t"
title_en = "t"

[[chapters.clauses]]
id = "4.1"
title = "t"
title_en = "t"
note = "n"
note_en = "n"
cite = "4.1"
"""


def test_a_bad_checklist_is_refused_naming_each_key():
    bad = GOOD.replace('kind = "qms"', 'kind = "iso"').replace('note_en = "n"\n', "")
    with pytest.raises(SchemeError) as refused:
        load_checklist(bad, source="x.toml")
    text = str(refused.value)
    assert "x.toml checklist.kind: must be one of qms, specific" in text
    assert "chapters[0].clauses[0].note_en: is missing" in text


def test_a_clause_listed_twice_is_refused():
    twice = GOOD + GOOD[GOOD.index("[[chapters.clauses]]") :]
    with pytest.raises(SchemeError, match=r"clause 4\.1 is listed twice"):
        load_checklist(twice)


def test_comments_do_not_change_the_hash_but_content_does():
    assert load_checklist("# note\n" + GOOD).hash == load_checklist(GOOD).hash
    assert (
        load_checklist(GOOD.replace('note = "n"', 'note = "m"')).hash != load_checklist(GOOD).hash
    )


@pytest.fixture
def operator_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("GREENCERT_SCHEME_DIRS", str(tmp_path))
    registry.reload()
    yield tmp_path
    monkeypatch.delenv("GREENCERT_SCHEME_DIRS")
    registry.reload()


def test_an_operator_checklist_loads_beside_the_bundled_ones(operator_folder):
    (operator_folder / "qms-x.toml").write_text(GOOD, encoding="utf-8")
    registry.reload()
    assert registry.get_checklist("QMS-X 1").clauses["4.1"].note == "n"
    assert registry.get_checklist("GB/T 19001-2016 GC1").kind == "qms"
    with pytest.raises(SchemeError, match="unknown checklist 'QMS-X 2'"):
        registry.get_checklist("QMS-X 2")


def test_the_same_label_with_other_content_is_refused(operator_folder):
    changed = GOOD.replace('code = "QMS-X"', 'code = "GB/T 19001-2016"').replace(
        'version = "1"', 'version = "GC1"'
    )
    (operator_folder / "clash.toml").write_text(changed, encoding="utf-8")
    registry.reload()
    with pytest.raises(SchemeError, match=r"GB/T 19001-2016 GC1 is defined twice"):
        registry.available_checklists()
