"""The service blueprint drawn (§4.2.2 2)①): one layout, as SVG for the page and in the PDF report."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from greencert.core.blueprint import MAX_ENTRIES, MAX_STEPS, MAX_TEXT, Blueprint
from greencert.reports import blueprint_layout as L
from greencert.reports.assessment_report import build_assessment_report
from greencert.reports.blueprint_pdf import STEPS_PER_ROW
from greencert.reports.blueprint_svg import blueprint_svg
from tests.reports.pdftools import needs_poppler, page_texts, write

SVG = "{http://www.w3.org/2000/svg}"
HOTEL = {
    "steps": [
        {
            "customer": "到店办理入住",
            "contacts": [
                {"kind": "people", "text": "前台接待员"},
                {"kind": "equipment", "text": "自助入住机"},
            ],
            "backstage": ["核验身份证件"],
            "support": ["客房管理系统"],
        },
        {
            "customer": "扫码支付房费",
            "contacts": [{"kind": "digital", "text": "收银小程序"}],
            "backstage": ["结账对账"],
            "support": ["财务系统"],
        },
    ]
}


def labels(diagram) -> list[str]:
    return [s.text for s in diagram.shapes if isinstance(s, L.Label)]


def test_wrap_breaks_cjk_anywhere_and_latin_at_spaces():
    # Width 40 at size 10: four CJK characters (10 each) per line.
    assert L.wrap("顾客在前台办理入住手续", 40, 10) == ["顾客在前", "台办理入", "住手续"]
    # Latin at 0.6 em = 6 per character: 50 holds 8 characters ("scan the" = 8).
    assert L.wrap("scan the QR code", 50, 10) == ["scan the", "QR code"]
    # A word longer than the line is cut rather than left to overflow.
    assert L.wrap("supercalifragilistic", 30, 10) == ["super", "calif", "ragil", "istic"]


@pytest.mark.parametrize(
    "text", ["到店办理入住并在自助机上扫描身份证", "check in at the self-service kiosk 自助入住机"]
)
def test_wrapped_lines_keep_every_character_and_fit(text):
    lines = L.wrap(text, L.COL_W - 2 * L.PAD, L.SIZE)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(L.text_width(line, L.SIZE) <= L.COL_W - 2 * L.PAD for line in lines)


def test_lanes_and_lines_in_order_from_the_customer_down():
    diagram = L.layout(Blueprint.of(HOTEL))
    names = labels(diagram)
    order = [
        "顾客行为",
        "互动分界线",
        "前台接触点",
        "可视分界线",
        "后台行为",
        "内部互动分界线",
        "支持过程",
    ]
    assert [n for n in names if n in order] == order
    # Three lines, each running the full width, one below another.
    rules = [s for s in diagram.shapes if isinstance(s, L.Line) and s.x1 == 0]
    assert len(rules) == 3
    assert all(r.x2 == diagram.width for r in rules)
    assert rules[0].y1 < rules[1].y1 < rules[2].y1 <= diagram.height


def test_each_step_is_a_column_and_boxes_stay_inside_their_lane_and_column():
    diagram = L.layout(Blueprint.of(HOTEL))
    assert "步骤 1 Step 1" in labels(diagram) and "步骤 2 Step 2" in labels(diagram)
    boxes = [s for s in diagram.shapes if isinstance(s, L.Rect) and s.w == L.COL_W]
    assert len(boxes) == 2 * 4 + 1  # step 1: 1+2+1+1 boxes, step 2: 1+1+1+1
    for box in boxes:
        column = (box.x - L.LABEL_W - L.GAP) / (L.COL_W + L.GAP)
        assert column in (0, 1)
        assert box.y + box.h <= diagram.height
    # The contact points are coloured by their type.
    fills = {box.fill for box in boxes}
    assert {L.BOX_FILL["people"], L.BOX_FILL["equipment"], L.BOX_FILL["digital"]} <= fills


def test_many_steps_widen_the_diagram_one_column_each():
    one = L.layout(Blueprint.of({"steps": [{"customer": "a"}]}))
    thirty = L.layout(Blueprint.of({"steps": [{"customer": "a"}] * 30}))
    assert thirty.width - one.width == 29 * (L.COL_W + L.GAP)
    assert thirty.height == one.height


def test_a_slice_of_steps_keeps_their_numbers():
    diagram = L.layout(Blueprint.of({"steps": [{"customer": str(n)} for n in range(1, 6)]}), 3, 3)
    assert [t for t in labels(diagram) if t.startswith("步骤")] == [
        "步骤 4 Step 4",
        "步骤 5 Step 5",
    ]


def test_svg_is_well_formed_escaped_and_holds_every_text():
    data = {"steps": [{"customer": '<b>进店</b> & "咨询"', "support": ["会员系统"]}]}
    svg = blueprint_svg(Blueprint.of(data), title="店 <1>")
    root = ET.fromstring(svg)  # escaped text parses; raw markup would not
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert '<b>进店</b> & "咨询"' in texts
    assert "会员系统" in texts
    assert root.find(f"{SVG}title").text == "店 <1>"
    assert "<b>" not in svg


@needs_poppler
def test_the_report_draws_each_blueprint_with_its_texts(tmp_path, result, context):
    steps = [{"customer": f"第{n}步顾客行为"} for n in range(1, STEPS_PER_ROW + 2)]
    context = {
        **context,
        "blueprints": [
            {"site": "红谷滩服务中心", "service": "酒店住宿服务", "blueprint": HOTEL},
            {"site": "九江店", "service": "物业服务", "blueprint": {"steps": steps}},
        ],
    }
    path = write(tmp_path, build_assessment_report(result, context))
    whole = "\n".join(page_texts(path))
    assert "服务蓝图 Service blueprint" in whole
    assert "红谷滩服务中心 · 酒店住宿服务" in whole
    for text in (
        "到店办理入住",
        "前台接待员",
        "收银小程序",
        "核验身份证件",
        "财务系统",
        "可视分界线",
    ):
        assert text in whole
    # Four steps where a row holds three: the fourth continues in a second row, numbered on.
    assert "第4步顾客行为" in whole and "步骤 4 Step 4" in whole


@needs_poppler
def test_no_blueprints_no_part(tmp_path, result, context):
    path = write(tmp_path, build_assessment_report(result, context))
    # The part's heading (the §4.2.2 2.1 checklist row names the blueprint too).
    assert "服务蓝图 Service blueprint" not in "\n".join(page_texts(path))


@needs_poppler
def test_the_fullest_blueprint_allowed_still_prints(tmp_path, result, context):
    """30 steps, every lane of every step at 8 entries of 120 characters: each row fits a page."""
    long = "长" * MAX_TEXT
    step = {
        "customer": long,
        "contacts": [{"kind": "people", "text": long}] * MAX_ENTRIES,
        "backstage": [long] * MAX_ENTRIES,
        "support": [long] * MAX_ENTRIES,
    }
    fullest = {"steps": [step] * MAX_STEPS}
    context = {**context, "blueprints": [{"site": "满", "service": "满", "blueprint": fullest}]}
    path = write(tmp_path, build_assessment_report(result, context))
    assert "步骤 30 Step 30" in "\n".join(page_texts(path))
