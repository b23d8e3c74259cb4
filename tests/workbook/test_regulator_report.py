"""The regulator's upload: sheets, header and order from the format file; every cell clean text."""

from __future__ import annotations

import datetime
import doctest
import io
import shutil
import subprocess
from decimal import Decimal

import openpyxl
import pytest

from greencert.core.report_format import bundled_format
from greencert.workbook import regulator_report
from greencert.workbook.regulator_report import check_rows, write_report

# Characters a copy and paste brings along unseen, and every kind of space.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u3000\u00a0\t\r\n"

FMT = bundled_format().completed(
    {
        "certification_project": {"green_service": "A01"},
        "certification_scope": {"green_service": "S01"},
        "multi_site": {"yes": "1", "no": "0"},
        "id_document": {"01": "01"},
        "conclusion": {"grant": "1"},
    }
)


def certificate_row(**changes) -> dict:
    row = {
        "body.approval_number": " cnca-r-2026-001\u200b",
        "body.name": "\ufeff江西腾标认证有限公司 ",
        "organisation.name": "南昌\u3000绿色酒店\u00a0有限公司",
        "organisation.uscc": "91360100 mа0000000x".replace("а", "a"),
        "organisation.region_code": "360102",
        "organisation.address": "南昌市东湖区\n八一大道 1 号",
        "organisation.postcode": "330006",
        "organisation.contact": "王芳",
        "organisation.phone": "0791-8888 0000",
        "certificate.first_granted_on": datetime.date(2026, 3, 5),
        "certificate.number": "tb-gps-2026-0001 ",
        "certification.project": "green_service",
        "certification.scope_code": "green_service",
        "certification.basis": "CTS TBSC041-2026 B/0",
        "certificate.scope": "酒店住宿服务",
        "certificate.multi_site": "yes",
        "certificate.sites": ["总店（八一大道 1 号）", " 分店（红谷滩 2 号）"],
        "activity": "initial",
        "audit.started_on": datetime.date(2026, 2, 10),
        "audit.ended_on": "2026-02-12",
        "audit.person_days": Decimal("4.50"),
        "decision.makers": ["李明"],
        "decision.decided_on": datetime.date(2026, 3, 2),
        "certificate.granted_on": datetime.date(2026, 3, 5),
        "certificate.expires_on": datetime.date(2029, 3, 4),
        "certificate.status": "valid",
        "report_type": "first_issue",
        "body.accreditation_mark": "CNAS C000-S",
    }
    return {**row, **changes}


def read(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def test_sheets_header_and_order_come_from_the_format_file():
    book = read(write_report(FMT, {"certificate": [certificate_row()]}))
    assert book.sheetnames == [s.name for s in FMT.sheets]
    for sheet in FMT.sheets:
        ws = book[sheet.name]
        assert [c.value for c in ws[1]] == [c.name for c in sheet.columns]
    assert book["审核计划信息表"].max_row == 1  # an empty sheet keeps its header


def test_every_cell_is_text_without_stray_or_invisible_space():
    book = read(write_report(FMT, {"certificate": [certificate_row()]}))
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.number_format == "@"
                assert cell.value is None or isinstance(cell.value, str)
                text = cell.value or ""
                assert text == text.strip()
                assert not set(text) & set(INVISIBLE), (cell.coordinate, text)


def test_values_are_cleaned_coded_and_dated_as_the_rules_ask():
    ws = read(write_report(FMT, {"certificate": [certificate_row()]}))["证书信息表"]
    cells = dict(zip([c.value for c in ws[1]], [c.value for c in ws[2]], strict=True))
    assert cells["认证机构批准号"] == "CNCA-R-2026-001"
    assert cells["认证机构名称"] == "江西腾标认证有限公司"
    assert cells["组织名称"] == "南昌 绿色酒店 有限公司"
    assert cells["统一社会信用代码"] == "91360100MA0000000X"
    assert cells["组织地址"] == "南昌市东湖区 八一大道 1 号"
    assert cells["联系电话"] == "0791-88880000"
    assert cells["证书编号"] == "TB-GPS-2026-0001"
    assert cells["多场所名称及地址"] == "总店（八一大道 1 号）；分店（红谷滩 2 号）"
    assert cells["是否多场所"] == "1"
    assert cells["认证活动类型"] == "01"
    assert cells["审核结束日期"] == "2026-02-12"
    assert cells["审核人日数"] == "4.5"
    assert cells["证书状态"] == "01"
    assert cells["报送类型"] == "01"
    assert cells["认证项目代码"] == "A01"


def test_a_complete_row_has_no_problem():
    assert check_rows(FMT, {"certificate": [certificate_row()]}) == []


def test_each_missing_or_invalid_value_is_named_by_sheet_row_and_column():
    rows = [
        certificate_row(),
        certificate_row(
            **{
                "organisation.postcode": "  \u200b",
                "audit.started_on": "2026-02-30",
                "activity": "audit",
                "certificate.status": "expired",
            }
        ),
    ]
    problems = check_rows(FMT, {"certificate": rows})
    assert [p.text() for p in problems] == [
        "工作表 证书信息表 第 3 行：“邮政编码”为必填项，未填写",
        "工作表 证书信息表 第 3 行：“认证活动类型”的值 audit 不在代码表“认证活动类型”中",
        "工作表 证书信息表 第 3 行：“审核开始日期”的值 2026-02-30 不是日期",
        "工作表 证书信息表 第 3 行：“证书状态”：代码表“证书状态”中“过期失效”的代码尚未由本机构补全",
    ]
    assert problems[0].text("en") == "sheet 证书信息表 row 3: postcode is required but empty"


def test_a_code_the_platform_does_not_publish_is_a_problem_until_the_body_gives_it():
    problems = check_rows(bundled_format(), {"certificate": [certificate_row()]})
    assert {p.params["column"] for p in problems} == {"认证项目代码", "认证范围代码", "是否多场所"}


def test_the_writer_doctests():
    assert doctest.testmod(regulator_report).failed == 0


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_workbook(tmp_path):
    path = tmp_path / "report.xlsx"
    path.write_bytes(write_report(FMT, {"certificate": [certificate_row()]}))
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    certificate_csv = tmp_path / "report-证书信息表.csv"
    lines = certificate_csv.read_text(encoding="utf-8").splitlines()
    assert lines[0].split(",")[:2] == ["认证机构批准号", "认证机构名称"]
    assert "TB-GPS-2026-0001" in lines[1]
