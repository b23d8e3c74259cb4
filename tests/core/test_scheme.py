"""The scheme as data: the bundled B/0, its validation, its identity, and a second version."""

from __future__ import annotations

from decimal import Decimal
from importlib import resources

import pytest
from conftest import (
    CLAUSE_IDS,
    ITEM_IDS,
    WORTH_10,
    bundled_text,
    conforming,
    edit,
    levels,
    sheet,
)

from greencert.core import registry
from greencert.core.assessment import assess, assess_data
from greencert.core.assessment_input import AssessmentInput
from greencert.core.exceptions import SchemeError
from greencert.core.grade import decide_grade
from greencert.core.inputs import parse_assessment
from greencert.core.scheme import load_scheme

SOURCE = "test.toml"


def problems_of(text: str) -> list[tuple[str, str]]:
    with pytest.raises(SchemeError) as caught:
        load_scheme(text, source=SOURCE)
    return [(p.where, p.message) for p in caught.value.problems]


def wheres(text: str) -> list[str]:
    return [where for where, _ in problems_of(text)]


# --- the bundled scheme ---------------------------------------------------------------------


def test_bundled_scheme_identity(scheme):
    assert scheme.code == "CTS TBSC041-2026"
    assert scheme.version == "B/0"
    assert scheme.label == "CTS TBSC041-2026 B/0"
    assert scheme.identity["code"] == "CTS TBSC041-2026"
    assert scheme.identity["version"] == "B/0"
    assert len(scheme.identity["hash"]) == 64
    int(scheme.identity["hash"], 16)  # hex


def test_bundled_scheme_has_7_characteristics_and_19_items(scheme):
    assert [c.id for c in scheme.characteristics] == ["1", "2", "3", "4", "5", "6", "7"]
    assert list(scheme.items) == ITEM_IDS
    assert len(scheme.items) == 19


def test_bundled_weights(scheme):
    # Appendix 1: 功能性 17 = 5 + 7 + 5; characteristics 2-6 are 5 + 5 + 5 = 15; 服务规范 8.
    weights = {c.id: c.weight for c in scheme.characteristics}
    assert weights == {"1": 17, "2": 15, "3": 15, "4": 15, "5": 15, "6": 15, "7": 8}
    assert [scheme.items[i].weight for i in ("1.1", "1.2", "1.3")] == [5, 7, 5]
    assert scheme.items["7.1"].weight == 8
    # 17 + 5 × 15 + 8 = 100
    assert sum(item.weight for item in scheme.items.values()) == 100


def test_bundled_clauses_and_worth(scheme):
    assert list(scheme.clauses) == CLAUSE_IDS
    assert len(scheme.clauses) == 21
    worth_10 = [cid for cid, clause in scheme.clauses.items() if clause.worth == 10]
    assert worth_10 == list(WORTH_10)
    assert all(c.worth == 5 for cid, c in scheme.clauses.items() if cid not in WORTH_10)
    assert scheme.clauses["1.1"].points == (1, 2, 3, 4, 5)
    assert scheme.clauses["4.1"].points == (2, 4, 6, 8, 10)


def test_bundled_likert_bands(scheme):
    bands = [(b.level, b.lower, b.upper, b.alpha) for b in scheme.likert]
    assert bands == [
        (1, Decimal("0"), Decimal("0.2"), Decimal("0.2")),
        (2, Decimal("0.2"), Decimal("0.4"), Decimal("0.4")),
        (3, Decimal("0.4"), Decimal("0.6"), Decimal("0.6")),
        (4, Decimal("0.6"), Decimal("0.8"), Decimal("0.8")),
        (5, Decimal("0.8"), Decimal("1"), Decimal("1")),
    ]


def test_bundled_management_bands_and_grades(scheme):
    bands = [(b.level, b.name, b.lower, b.upper) for b in scheme.management_levels]
    assert bands == [
        (1, "一级", 20, 45),
        (2, "二级", 45, 70),
        (3, "三级", 70, 95),
        (4, "四级", 95, 105),
        (5, "五级", 105, 145),
    ]
    rows = [(r.grade, r.min_service, r.min_management_level) for r in scheme.grades]
    assert rows == [
        ("AAAAA", Decimal("95.0"), 4),
        ("AAAA", Decimal("90.0"), 3),
        ("AAA", Decimal("80.0"), 2),
    ]


def test_bundled_text_loads_to_the_same_scheme(scheme):
    assert load_scheme(bundled_text()).hash == scheme.hash


# --- invalid variants: each names the key ----------------------------------------------------


def test_weights_not_summing_to_100():
    # 1.2 设备设施 7 → 6: 17 - 1 + 75 + 8 = 99
    text = edit(
        bundled_text(),
        'aspect_en = "Equipment and facilities"\nweight = 7',
        'aspect_en = "Equipment and facilities"\nweight = 6',
    )
    problems = problems_of(text)
    assert [w for w, _ in problems] == [f"{SOURCE} characteristics"]
    assert "99" in problems[0][1]
    assert "100" in problems[0][1]


def test_likert_band_not_contiguous():
    text = edit(
        bundled_text(),
        'label_en = "Meets expectations"\nlower = 0.4',
        'label_en = "Meets expectations"\nlower = 0.45',
    )
    problems = problems_of(text)
    assert [w for w, _ in problems] == [f"{SOURCE} likert[2].lower"]
    assert "contiguous" in problems[0][1]


def test_likert_bands_not_starting_at_0():
    text = edit(bundled_text(), "lower = 0.0\nupper = 0.2", "lower = 0.1\nupper = 0.2")
    assert wheres(text) == [f"{SOURCE} likert[0].lower"]


def test_likert_bands_not_reaching_1():
    text = edit(bundled_text(), "upper = 1.0\nalpha = 1.0", "upper = 0.9\nalpha = 0.9")
    assert wheres(text) == [f"{SOURCE} likert[4].upper"]


def test_likert_alpha_outside_its_band():
    text = edit(bundled_text(), "upper = 0.6\nalpha = 0.6", "upper = 0.6\nalpha = 0.7")
    assert wheres(text) == [f"{SOURCE} likert[2].alpha"]


def test_clause_points_not_rising():
    text = edit(
        bundled_text(),
        'title_en = "Resources"\nworth = 10\npoints = [2, 4, 6, 8, 10]',
        'title_en = "Resources"\nworth = 10\npoints = [2, 4, 4, 8, 10]',
    )
    problems = problems_of(text)
    assert [w for w, _ in problems] == [f"{SOURCE} clause 4.1.points"]
    assert "rise" in problems[0][1]


def test_grade_rows_out_of_order():
    # AAA asking 92.0 asks more than AAAA (90.0) above it
    text = edit(
        bundled_text(), 'grade = "AAA"\nmin_service = 80.0', 'grade = "AAA"\nmin_service = 92.0'
    )
    assert wheres(text) == [f"{SOURCE} grades[2]"]


def test_unknown_key_in_the_head():
    text = edit(bundled_text(), "alpha_places = 2", 'alpha_places = 2\ncolour = "green"')
    problems = problems_of(text)
    assert problems == [(f"{SOURCE} scheme.colour", "unknown key")]


def test_unknown_key_in_an_item():
    text = edit(
        bundled_text(),
        'aspect_en = "Equipment and facilities"\nweight = 7',
        'aspect_en = "Equipment and facilities"\nweight = 7\nweihgt = 7',
    )
    assert wheres(text) == [f"{SOURCE} characteristics[0].items[1].weihgt"]


def test_unknown_top_level_key():
    text = bundled_text() + '\n[extras]\nnote = "x"\n'
    assert wheres(text) == [f"{SOURCE} extras"]


def test_missing_key():
    text = edit(bundled_text(), 'version = "B/0"\n', "")
    problems = problems_of(text)
    assert problems == [(f"{SOURCE} scheme.version", "is missing")]


def test_missing_key_in_a_grade_row():
    text = edit(
        bundled_text(), "min_service = 80.0\nmin_management_level = 2", "min_service = 80.0"
    )
    assert wheres(text) == [f"{SOURCE} grades[2].min_management_level"]


def test_wrong_type_is_named():
    text = edit(bundled_text(), "alpha_places = 2", 'alpha_places = "two"')
    problems = problems_of(text)
    assert [w for w, _ in problems] == [f"{SOURCE} scheme.alpha_places"]
    assert "type" in problems[0][1]


def test_every_invariant_breach_is_listed_at_once():
    text = edit(
        bundled_text(),
        'aspect_en = "Equipment and facilities"\nweight = 7',
        'aspect_en = "Equipment and facilities"\nweight = 6',
    )
    text = edit(text, 'grade = "AAA"\nmin_service = 80.0', 'grade = "AAA"\nmin_service = 92.0')
    assert set(wheres(text)) == {f"{SOURCE} characteristics", f"{SOURCE} grades[2]"}


def test_not_toml():
    with pytest.raises(SchemeError, match="not valid TOML"):
        load_scheme("[scheme\ncode = ", source=SOURCE)


# --- identity hash ---------------------------------------------------------------------------


def test_hash_ignores_comments_and_whitespace():
    text = bundled_text()
    reformatted = "# a new comment at the top\n\n" + text.replace(
        "weight = 7", "weight   =   7  # seven"
    )
    reformatted = reformatted.replace("\n[[grades]]", "\n\n\n[[grades]]")
    assert reformatted != text
    assert load_scheme(reformatted).hash == load_scheme(text).hash


def test_hash_ignores_key_order_within_a_table():
    text = bundled_text()
    reordered = edit(
        text,
        'code = "CTS TBSC041-2026"\nversion = "B/0"',
        'version = "B/0"\ncode = "CTS TBSC041-2026"',
    )
    reordered = edit(
        reordered,
        "lower = 0.2\nupper = 0.4\nalpha = 0.4",
        "alpha = 0.4\nupper = 0.4\nlower = 0.2",
    )
    assert load_scheme(reordered).hash == load_scheme(text).hash


def test_hash_changes_when_a_figure_changes():
    text = bundled_text()
    changed = edit(text, 'grade = "AAA"\nmin_service = 80.0', 'grade = "AAA"\nmin_service = 81.0')
    assert load_scheme(changed).hash != load_scheme(text).hash


def test_hash_changes_when_a_text_changes():
    text = bundled_text()
    changed = edit(text, 'title_en = "Resources"', 'title_en = "Resourcing"')
    assert load_scheme(changed).hash != load_scheme(text).hash


# --- a second scheme version, added as data ---------------------------------------------------


def b1_text() -> str:
    """B/1 with the §5.3 table's other reading: AAA 60/二级, AAAA 80/三级, AAAAA 90/四级."""
    text = edit(bundled_text(), 'version = "B/0"', 'version = "B/1"')
    text = edit(text, 'grade = "AAAAA"\nmin_service = 95.0', 'grade = "AAAAA"\nmin_service = 90.0')
    text = edit(text, 'grade = "AAAA"\nmin_service = 90.0', 'grade = "AAAA"\nmin_service = 80.0')
    return edit(text, 'grade = "AAA"\nmin_service = 80.0', 'grade = "AAA"\nmin_service = 60.0')


@pytest.fixture
def scheme_dir(tmp_path, monkeypatch):
    """A folder named by GREENCERT_SCHEME_DIRS; the registry is restored afterwards."""
    monkeypatch.setenv("GREENCERT_SCHEME_DIRS", str(tmp_path))
    registry.reload()
    yield tmp_path
    monkeypatch.delenv("GREENCERT_SCHEME_DIRS")
    registry.reload()


@pytest.fixture
def b1(scheme_dir):
    (scheme_dir / "cts-tbsc041-2026-b1.toml").write_text(b1_text(), encoding="utf-8")
    # §4.2.2's checklist belongs to its scheme: B/1 ships its own (here B/0's rows).
    specific = resources.files("greencert.core") / "schemes" / "cts-tbsc041-2026-b0-specific.toml"
    text = specific.read_text(encoding="utf-8").replace("TBSC041-2026 B/0", "TBSC041-2026 B/1")
    (scheme_dir / "cts-tbsc041-2026-b1-specific.toml").write_text(text, encoding="utf-8")
    registry.reload()
    return registry.get_scheme("CTS TBSC041-2026 B/1")


def test_second_version_loads_beside_the_first(b1):
    labels = sorted(s.label for s in registry.available_schemes())
    assert labels == ["CTS TBSC041-2026 B/0", "CTS TBSC041-2026 B/1"]
    b0 = registry.get_scheme("CTS TBSC041-2026 B/0")
    assert b1.version == "B/1"
    assert b1.hash != b0.hash
    assert registry.default_scheme().version == "B/0"
    rows = [(r.grade, r.min_service, r.min_management_level) for r in b1.grades]
    assert rows == [
        ("AAAAA", Decimal("90.0"), 4),
        ("AAAA", Decimal("80.0"), 3),
        ("AAA", Decimal("60.0"), 2),
    ]


def test_same_figures_grade_differently_under_b0_and_b1(b1):
    b0 = registry.get_scheme("CTS TBSC041-2026 B/0")
    # 85.0 with 三级: B/1 row AAAA asks 80.0 and 三级 → AAAA; B/0 row AAAA asks 90.0 → AAA.
    assert decide_grade(b1, Decimal("85.0"), 3, True)[0] == "AAAA"
    assert decide_grade(b0, Decimal("85.0"), 3, True)[0] == "AAA"
    # 65.0 with 二级: B/1 AAA (≥ 60.0); B/0 not certified (< 80.0).
    assert decide_grade(b1, Decimal("65.0"), 2, True)[0] == "AAA"
    assert decide_grade(b0, Decimal("65.0"), 2, True)[0] is None


def test_full_assessment_under_b1(b1):
    # one sheet all α 0.85: 100 × 0.85 = 85.00 → 85.0; all clauses 三级 level 3:
    # 13 × 3 + 8 × 6 = 39 + 48 = 87 → 三级 [70, 95)
    raw = {
        "evaluations": [{"id": "E1", "alpha": {k: str(v) for k, v in sheet("0.85").items()}}],
        "maturity": levels(3),
        "qms": conforming("qms"),
        "specific": conforming("specific"),
    }
    under_b1 = assess_data(b1, raw).as_dict()
    under_b0 = assess_data(registry.get_scheme("CTS TBSC041-2026 B/0"), raw).as_dict()
    assert under_b1["service"]["score"] == under_b0["service"]["score"] == "85.0"
    assert under_b1["management"]["total"] == 87
    assert under_b1["grade"] == "AAAA"
    assert under_b0["grade"] == "AAA"
    assert under_b1["scheme"]["version"] == "B/1"
    assert under_b0["scheme"]["version"] == "B/0"


def test_an_empty_scheme_folder_adds_nothing(scheme_dir):
    assert [s.label for s in registry.available_schemes()] == ["CTS TBSC041-2026 B/0"]
    with pytest.raises(SchemeError, match="unknown scheme"):
        registry.get_scheme("CTS TBSC041-2026 B/1")


def test_same_label_with_different_content_is_refused(scheme_dir):
    clash = edit(
        bundled_text(), 'grade = "AAA"\nmin_service = 80.0', 'grade = "AAA"\nmin_service = 81.0'
    )
    (scheme_dir / "clash.toml").write_text(clash, encoding="utf-8")
    registry.reload()
    with pytest.raises(SchemeError, match="defined twice"):
        registry.get_scheme("CTS TBSC041-2026 B/0")


def test_broken_scheme_in_the_folder_is_refused(scheme_dir):
    broken = edit(b1_text(), 'version = "B/1"\n', "")
    (scheme_dir / "broken.toml").write_text(broken, encoding="utf-8")
    registry.reload()
    with pytest.raises(SchemeError, match=r"scheme\.version"):
        registry.available_schemes()


def test_scheme_label_whitespace_is_normalised():
    assert registry.get_scheme("CTS  TBSC041-2026   B/0").version == "B/0"


def test_a_scheme_without_its_own_checklist_still_scores_where_audits_are_not_required(scheme_dir):
    # B/1 here ships no §4.2.2 checklist: nothing looks one up unless a row of it is needed.
    (scheme_dir / "cts-tbsc041-2026-b1.toml").write_text(b1_text(), encoding="utf-8")
    registry.reload()
    b1 = registry.get_scheme("CTS TBSC041-2026 B/1")
    raw = {
        "evaluations": [{"id": "E1", "alpha": {k: str(v) for k, v in sheet("0.85").items()}}],
        "maturity": levels(3),
    }
    parsed = parse_assessment(raw, b1)
    lenient = AssessmentInput.of(
        b1,
        evaluations=parsed.evaluations,
        maturity=parsed.maturity,
        management_audit_required=False,
    )
    assert assess(b1, lenient).grade == "AAAA"  # 85.0 ≥ 80.0 with 三级 (87) under B/1
    assert assess(b1, parsed).grade is None  # required and not recorded
    with pytest.raises(SchemeError, match=r"has no §4\.2\.2 checklist"):
        parse_assessment(raw | {"specific": {"1": "conforms"}}, b1)
