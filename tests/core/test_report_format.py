"""The regulator's report format file: read, checked, pinned by hash."""

from __future__ import annotations

import tomllib

import pytest

from greencert.core.exceptions import SchemeError
from greencert.core.report_format import BUNDLED, FORMAT_DIR, bundled_format, load_format

TEXT = (FORMAT_DIR / BUNDLED).read_text(encoding="utf-8")


def test_the_bundled_format_has_the_three_sheets_in_the_rules_order():
    fmt = bundled_format()
    assert (fmt.code, fmt.version) == ("CNCA-CERT-REPORT", "2021")
    assert [s.name for s in fmt.sheets] == ["审核计划信息表", "证书信息表", "审核结果信息表"]
    assert fmt.deadline_day == 10
    assert fmt.list_separator == "；"


def test_the_published_code_lists_as_the_2021_rules_give_them():
    lists = bundled_format().code_lists
    codes = {k: [(e.key, e.code) for e in v.entries if e.code] for k, v in lists.items()}
    assert codes["activity"] == [
        ("initial", "01"),
        ("recertification", "02"),
        ("surveillance", "03"),
        ("special", "04"),
        ("change", "05"),
    ]
    assert codes["status"] == [("valid", "01"), ("suspended", "02"), ("withdrawn", "03")]
    assert [c for _k, c in codes["report_type"]] == ["01", "02", "03", "04", "05"]
    assert [c for _k, c in codes["audit_mode"]] == ["FS01", "FS02", "FS03"]
    # Not public: left to the body, never invented.
    for name in ("certification_project", "certification_scope", "change_type", "multi_site"):
        assert codes[name] == [] and lists[name].to_complete


def test_the_certificate_sheet_carries_the_fields_the_rules_name():
    columns = bundled_format().sheet("certificate").header
    for name in (
        "认证机构批准号",
        "认证机构名称",
        "统一社会信用代码",
        "组织所在地行政区划代码",
        "邮政编码",
        "初次获证日期",
        "证书编号",
        "认证活动类型",
        "审核人日数",
        "证书状态",
        "报送类型",
        "认可标志",
    ):
        assert name in columns
    plan = bundled_format().sheet("audit_plan").header
    assert "审核方式" in plan and "审核组成员证件号码" in plan


def test_the_body_completes_only_blank_codes():
    fmt = bundled_format().completed({"status": {"valid": "99", "expired": "04"}})
    assert fmt.code_lists["status"].code_of("valid") == "01"  # published: kept
    assert fmt.code_lists["status"].code_of("expired") == "04"


def test_the_hash_follows_the_content():
    changed = TEXT.replace('version = "2021"', 'version = "2021-b"')
    assert load_format(TEXT).hash == bundled_format().hash
    assert load_format(changed).hash != bundled_format().hash
    assert len(bundled_format().hash) == 64


@pytest.mark.parametrize(
    "old, new, where",
    [
        ('kind = "upper", required = true }', 'kind = "shout", required = true }', ".kind"),
        ('code_list = "activity"', 'code_list = "activities"', ".code_list"),
        ('date_format = "%Y-%m-%d"', "date_format = 3", "format.date_format"),
        ('[[sheets]]\nkey = "audit_plan"', '[[sheets]]\nkee = "audit_plan"', "sheets[0].kee"),
    ],
)
def test_a_broken_format_file_is_refused_naming_the_key(old, new, where):
    assert old in TEXT
    with pytest.raises(SchemeError) as caught:
        load_format(TEXT.replace(old, new, 1), source="x.toml")
    assert any(where in (p.path or "") for p in caught.value.problems), caught.value


def test_a_column_named_twice_is_refused():
    raw = tomllib.loads(TEXT)
    assert raw["sheets"][0]["columns"][0]["name"] == "认证机构批准号"
    doubled = TEXT.replace('name = "审核计划编号"', 'name = "认证机构批准号"', 1)
    with pytest.raises(SchemeError, match="listed twice"):
        load_format(doubled)


def test_the_hash_is_the_schemes_content_hash_so_comments_and_layout_do_not_change_it():
    from greencert.core.scheme import content_hash

    relaid = "# the 2021 template\n" + TEXT.replace(
        'code = "CNCA-CERT-REPORT"', 'code =  "CNCA-CERT-REPORT"'
    )
    assert relaid != TEXT
    assert load_format(relaid).hash == bundled_format().hash == content_hash(tomllib.loads(TEXT))


@pytest.mark.parametrize("required", ["1", '"yes"'])
def test_required_must_be_true_or_false(required):
    old = 'kind = "upper", required = true }'
    with pytest.raises(SchemeError) as caught:
        load_format(TEXT.replace(old, f'kind = "upper", required = {required} }}', 1), source="x")
    assert [p.path for p in caught.value.problems] == ["sheets[0].columns[0].required"]


def test_a_true_where_text_is_asked_is_refused():
    with pytest.raises(SchemeError) as caught:
        load_format(TEXT.replace('version = "2021"', "version = true"), source="x")
    assert [(p.path, p.code) for p in caught.value.problems] == [
        ("format.version", "scheme.wrong_type")
    ]
