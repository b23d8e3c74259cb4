"""The Excel exports read back: sheets, header, numbers as numbers, real dates, clean text."""

from __future__ import annotations

import csv
import datetime
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from greencert.reports import certificate_register, project_workbook
from greencert.reports.adapters import project_rows
from tests.reports.conftest import small_input

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

CERTIFICATES = [
    {
        "number": " tb-gps-2026-0001 ",
        "revision": 1,
        "organisation": "  江西绿源生活服务有限公司 \n",
        "uscc": " 91360100ma35abcd0x",
        "scope": " 绿色产品服务：\n家电回收 ",
        "sites": [
            {"name": " 南昌红谷滩服务中心 ", "address": "南昌市红谷滩区"},
            {"name": "九江服务网点"},
        ],
        "grade": "aaaa",
        "status": "valid",
        "granted_on": datetime.date(2026, 6, 1),
        "expires_on": "2029-05-31",
    },
    {
        "number": "TB-GPS-2026-0002",
        "organisation": '=HYPERLINK("http://x")',  # must stay text, never become a formula
        "uscc": "",
        "scope": "绿色产品服务",
        "sites": "抚州",
        "grade": "AAA",
        "status": "suspended",
        "granted_on": "2026-06-15",
        "expires_on": datetime.date(2029, 6, 14),
    },
]


@pytest.fixture
def project_book(scheme, result):
    data = small_input()
    evaluations, maturity, nonconformities = project_rows(scheme, data, result)
    content = project_workbook(evaluations, maturity, nonconformities, list(scheme.items))
    return load_workbook(io.BytesIO(content))


def test_the_project_workbook_has_one_row_per_evaluation_and_items_as_columns(project_book):
    ws = project_book["测评 Evaluations"]
    header = [c.value for c in ws[1]]
    assert header[:5] == [
        "测评 Evaluation",
        "来源 Source",
        "场所 Site",
        "日期 Date",
        "评价人 Evaluator",
    ]
    assert header[5:24] == [
        "1.1",
        "1.2",
        "1.3",
        "2.1",
        "2.2",
        "2.3",
        "3.1",
        "3.2",
        "3.3",
        "4.1",
        "4.2",
        "4.3",
        "5.1",
        "5.2",
        "5.3",
        "6.1",
        "6.2",
        "6.3",
        "7.1",
    ]
    assert header[24] == "得分 Score"
    e1 = [c.value for c in ws[2]]
    assert e1[:5] == ["E1", "审核员", "南昌红谷滩服务中心", datetime.datetime(2026, 5, 11), "李明"]
    assert ws["D2"].number_format == "yyyy-mm-dd"
    # E1 (conftest): item 1.1 α 1.00, item 2.2 α 0.95, item 7.1 α 0.70.
    assert e1[5] == 1 and e1[9] == pytest.approx(0.95) and e1[23] == pytest.approx(0.70)
    assert e1[24] == pytest.approx(86.35)  # 17×1.00 + 15×4.25 + 8×0.70 (conftest)
    assert ws["Y3"].value == pytest.approx(81.35)
    assert ws.max_row == 3
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:Y3"


def test_the_project_workbook_lists_maturity_and_nonconformities(project_book):
    ws = project_book["成熟度 Maturity"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert len(rows) == 21
    assert rows["4.1"] == ("4.1", "资源", 10, 5, 10)
    assert rows["1.1"] == ("1.1", "理解组织及其所处的环境", 5, 4, 4)
    ws = project_book["不符合项 Nonconformities"]
    # The contract's old "clause" key names a maturity clause of Appendix 3.
    assert [c.value for c in ws[2]][:4] == [
        "NC1",
        "附录3 5.2 应急准备及响应",
        "一般 Minor",
        "已关闭 Closed",
    ]


def test_the_register_is_clean_for_the_regulator():
    wb = load_workbook(io.BytesIO(certificate_register(CERTIFICATES)))
    ws = wb.active
    assert [c.value for c in ws[1]] == [
        "证书编号",
        "获证组织名称",
        "统一社会信用代码",
        "认证范围",
        "服务场所",
        "认证等级",
        "证书状态",
        "颁证日期",
        "有效期至",
    ]
    first = [c.value for c in ws[2]]
    assert first[0] == "TB-GPS-2026-0001-R1"  # upper case, no spaces, the revision shown
    assert first[1] == "江西绿源生活服务有限公司"
    assert first[2] == "91360100MA35ABCD0X"
    assert first[3] == "绿色产品服务： 家电回收"
    assert first[4] == "南昌红谷滩服务中心（南昌市红谷滩区）；九江服务网点"
    assert first[5:7] == ["AAAA", "有效"]
    assert first[7:] == [datetime.datetime(2026, 6, 1), datetime.datetime(2029, 5, 31)]
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                assert cell.value == cell.value.strip(), cell.coordinate
        assert row[7].number_format == "yyyy-mm-dd" and row[8].number_format == "yyyy-mm-dd"
    assert ws["B3"].data_type == "s" and ws["B3"].value.startswith("=HYPERLINK")
    assert ws["G3"].value == "暂停"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:I3"


def test_figures_that_are_not_numbers_are_refused():
    with pytest.raises(ValueError, match="'abc' is not a number"):
        project_workbook([{"id": "E1", "alphas": {"1.1": "abc"}}], [], [])


def test_decimal_strings_become_numbers():
    wb = load_workbook(
        io.BytesIO(
            project_workbook(
                [{"id": "E1", "alphas": {"1.1": Decimal("0.85")}, "score": "90.56"}], [], []
            )
        )
    )
    ws = wb.active
    assert ws["F2"].value == pytest.approx(0.85) and ws["F2"].number_format == "0.00"
    assert ws["G2"].value == pytest.approx(90.56)


@pytest.mark.skipif(not SOFFICE, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_register(tmp_path):
    path = tmp_path / "register.xlsx"
    path.write_bytes(certificate_register(CERTIFICATES))
    profile = (tmp_path / "profile").as_uri()  # its own profile: no clash with a running office
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    rows = list(csv.reader((tmp_path / "register.csv").read_text(encoding="utf-8").splitlines()))
    assert rows[0][0] == "证书编号"
    assert rows[1][0] == "TB-GPS-2026-0001-R1"
    assert rows[1][7:] == ["2026-06-01", "2029-05-31"]
    assert rows[2][1] == '=HYPERLINK("http://x")'  # shown as typed, not evaluated
