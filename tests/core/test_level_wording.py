"""Whose words the maturity levels are in (§5.2.5, RULES.md §2).

The scheme text, §5.2.5 管理水平成熟度水平通用模型, has one row 特定要求 with 基本水平 under 一级
and 最佳实践 under 五级, and nothing under 二级, 三级, 四级; Appendix 2 (level descriptions)
was lost. So in B/0 the labels of levels 2, 3, 4 and all five descriptions are GreenCert's.
"""

from __future__ import annotations

from conftest import SCHEME, bundled_text, edit

from greencert.core.level_wording import level_wording
from greencert.core.scheme import load_scheme


def test_only_levels_1_and_5_are_named_by_the_scheme():
    wording = level_wording(SCHEME)
    assert [(m.level, m.label, wording.label_is_ours(m.level)) for m in SCHEME.maturity_levels] == [
        (1, "基本水平", False),
        (2, "初步改进", True),
        (3, "系统管理", True),
        (4, "持续优化", True),
        (5, "最佳实践", False),
    ]
    assert all(wording.description_is_ours(level) for level in range(1, 6))


def test_our_labels_are_marked_and_the_scheme_s_are_not():
    wording = level_wording(SCHEME)
    levels = SCHEME.maturity_levels
    assert [wording.marked_label(m) for m in levels] == [
        "基本水平", "初步改进*", "系统管理*", "持续优化*", "最佳实践",
    ]  # fmt: skip
    assert wording.marked_label(levels[1], "en") == "Early improvement*"
    assert wording.marked_label(levels[0], "en") == "Basic"


def test_the_note_names_what_is_whose_in_both_languages():
    wording = level_wording(SCHEME)
    assert wording.note(SCHEME) == (
        "方案 §5.2.5 只给出一级“基本水平”和五级“最佳实践”；二级“初步改进”、三级“系统管理”、"
        "四级“持续优化”这些名称和全部 5 个等级的说明是 GreenCert 的措辞，不是方案原文。"
    )
    assert wording.note(SCHEME, "en") == (
        "The scheme (§5.2.5) names only level 1 “Basic” and level 5 “Best practice”; the names "
        "of level 2 “Early improvement”, level 3 “Systematic”, level 4 “Continually improving” "
        "and the descriptions of all five levels are GreenCert's wording, not the scheme's."
    )


def test_a_scheme_without_a_wording_file_words_its_levels_itself():
    # A B/1 that ships its own level texts (Appendix 2 restored) needs no note.
    text = edit(bundled_text(), 'version = "B/0"', 'version = "B/1"')
    other = load_scheme(text, source="b1.toml")
    wording = level_wording(other)
    assert not any(wording.label_is_ours(level) for level in range(1, 6))
    assert wording.note(other) == "" and wording.note(other, "en") == ""
