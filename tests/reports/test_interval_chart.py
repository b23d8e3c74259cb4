"""The interval drawn on the grade scale (issue 18 §3): where its marks fall, read back from the
SVG, against positions worked out here from the frame (x = left + width × (v − low) / span)."""

from __future__ import annotations

import doctest
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from greencert.reports import interval_chart
from greencert.reports.assessment_report import INTERVAL_HEADING, INTERVAL_LABELS
from greencert.reports.charts import interval as pdf_interval
from greencert.reports.fonts import cjk_font
from greencert.reports.interval_chart import (
    PAGE_NARROW,
    PAGE_WIDE,
    IntervalFrame,
    IntervalLabels,
    estimated_width,
    interval_svg,
)

NS = {"svg": "http://www.w3.org/2000/svg"}
LABELS = IntervalLabels(
    title="区间",
    score="得分 <Score>",
    bootstrap="自助法",
    sources={"auditor": "审核员", "customer": "顾客", "mystery_shopper": "神秘顾客"},
    single="只有 1 份测评",
)
THRESHOLDS = [
    {"grade": "AAA", "score": "80.0", "side": "above"},
    {"grade": "AAAA", "score": "90.0", "side": "straddles"},
    {"grade": "AAAAA", "score": "95.0", "side": "below"},
]
# 90, 91, 92 (see tests/core/test_interval_sentence): t interval 88.52–93.48.
THREE = {
    "n": 3,
    "mean": "91.00",
    "score": "91.0",
    "interval": {"low": "88.52", "high": "93.48"},
    "bootstrap": {"low": "90.33", "high": "91.67"},
    "thresholds": THRESHOLDS,
    "by_source": {
        "auditor": {"n": 2, "mean": "90.50", "interval": {"low": "84.15", "high": "96.85"}},
        "customer": {"n": 1, "mean": "92.00", "interval": None},
    },
}
FRAME = IntervalFrame()
LEFT, WIDTH = 170, 640 - 170 - 24  # the default frame: room for names, then the plot


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def by_class(root, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


def x_at(value: float, low: float, high: float) -> float:
    return LEFT + WIDTH * (value - low) / (high - low)


def test_the_interval_and_the_thresholds_fall_where_their_figures_are():
    root = parse(interval_svg(THREE, LABELS))
    # Everything drawn lies in 80–96.85: a point to spare, on fives → 75–100.
    assert (root.get("data-low"), root.get("data-high")) == ("75", "100")
    bar = by_class(root, "t-interval")[0]
    left, width = float(bar.get("x")), float(bar.get("width"))
    assert left == pytest.approx(x_at(88.52, 75, 100), abs=0.01)  # 411.20
    assert left + width == pytest.approx(x_at(93.48, 75, 100), abs=0.02)  # 499.68
    lines = {e.get("data-grade"): float(e.get("x1")) for e in by_class(root, "threshold")}
    assert lines == pytest.approx({"AAA": 259.2, "AAAA": 437.6, "AAAAA": 526.8}, abs=0.01)
    labels = [e.text for e in by_class(root, "threshold-label")]
    assert labels == ["AAA 80.0", "AAAA 90.0", "AAAAA 95.0"]
    diamond = by_class(root, "score")[0].get("points").split()
    assert float(diamond[0].split(",")[0]) == pytest.approx(x_at(91.0, 75, 100), abs=0.01)


def test_sources_are_dots_at_their_means_with_their_intervals():
    root = parse(interval_svg(THREE, LABELS))
    auditor = next(e for e in by_class(root, "auditor") if e.tag.endswith("circle"))
    assert float(auditor.get("cx")) == pytest.approx(x_at(90.5, 75, 100), abs=0.01)
    (span,) = [e for e in by_class(root, "auditor") if "interval" in e.get("class")]
    assert float(span.get("x1")) == pytest.approx(x_at(84.15, 75, 100), abs=0.01)
    assert float(span.get("x2")) == pytest.approx(x_at(96.85, 75, 100), abs=0.01)
    customer = next(e for e in by_class(root, "customer") if e.tag.endswith("circle"))
    assert float(customer.get("cx")) == pytest.approx(x_at(92.0, 75, 100), abs=0.01)
    assert not [e for e in by_class(root, "customer") if "interval" in e.get("class")]
    names = [e.text for e in by_class(root, "row-label")]
    assert names == ["得分 <Score>", "自助法", "审核员 (n = 2)", "顾客 (n = 1)"]


def test_an_interval_past_the_scale_is_cut_at_100_and_marked():
    # n = 2 at 90 and 100: 95 ± 63.53 → 31.47–158.53 (tests/cli/test_score_statistics).
    wide = THREE | {"interval": {"low": "31.47", "high": "158.53"}, "by_source": {}}
    root = parse(interval_svg(wide, LABELS))
    assert (root.get("data-low"), root.get("data-high")) == ("30", "100")
    bar = by_class(root, "t-interval")[0]
    assert float(bar.get("x")) == pytest.approx(x_at(31.47, 30, 100), abs=0.01)
    assert float(bar.get("x")) + float(bar.get("width")) == pytest.approx(LEFT + WIDTH, abs=0.02)
    assert len(by_class(root, "cut")) == 1  # the right end only: 31.47 is on the scale


def test_an_end_the_sentence_shows_as_100_gets_no_arrow():
    # t interval up to 100.04: shown 100.0 at the score's one decimal, so the sentence says
    # nothing of a cut ("cut": []) and the chart draws none either.
    edge = THREE | {
        "interval": {"low": "96.10", "high": "100.04"},
        "interval_shown": {"low": "96.10", "high": "100.00"},
        "cut": [],
        "by_source": {},
    }
    assert by_class(parse(interval_svg(edge, LABELS)), "cut") == []
    assert len(by_class(parse(interval_svg(edge | {"cut": ["high"]}, LABELS)), "cut")) == 1


def test_the_interval_is_labelled_as_shown_within_the_scale_with_the_t_ends_beside():
    # 97, 98, 99 (tests/core/test_interval_sentence): t 95.52–100.48, shown 95.52–100.00; the
    # auditors' 2 scores 97, 99: 98 ± 12.706 → 85.29–110.71, shown 85.29–100.00.
    cut = THREE | {
        "score": "98.0",
        "interval": {"low": "95.52", "high": "100.48"},
        "interval_shown": {"low": "95.52", "high": "100.00"},
        "bootstrap": None,
        "by_source": {
            "auditor": {
                "n": 2,
                "mean": "98.00",
                "interval": {"low": "85.29", "high": "110.71"},
                "interval_shown": {"low": "85.29", "high": "100.00"},
            }
        },
    }
    root = parse(interval_svg(cut, LABELS))
    bar = by_class(root, "t-interval")[0]
    assert (bar.get("data-low"), bar.get("data-high")) == ("95.52", "100.00")
    assert bar.find("svg:title", NS).text == "得分 <Score>: 95.52–100.00 (t: 95.52–100.48)"
    source = by_class(root, "interval")[-1]
    assert source.get("data-high") == "100.00"
    assert source.find("svg:title", NS).text == "审核员 (n = 2): 85.29–100.00 (t: 85.29–110.71)"
    assert len(by_class(root, "cut")) == 2  # both rows' right ends
    # Nothing of the drawing says more than 100.
    assert "100.48" not in "".join(e.get("data-high") or "" for e in root.iter())


def test_a_narrow_spread_is_drawn_on_at_least_ten_points_with_every_threshold():
    only_top = THREE | {
        "score": "97.0",
        "interval": {"low": "96.90", "high": "97.10"},
        "bootstrap": None,
        "by_source": {},
        "thresholds": [{"grade": "AAAAA", "score": "95.0", "side": "above"}],
    }
    root = parse(interval_svg(only_top, LABELS))
    assert (root.get("data-low"), root.get("data-high")) == ("90", "100")
    assert not by_class(root, "bootstrap")


def test_one_evaluation_draws_the_score_and_says_there_is_no_interval():
    single = {
        "n": 1,
        "mean": "92.00",
        "score": "92.0",
        "interval": None,
        "bootstrap": None,
        "thresholds": THRESHOLDS,
        "by_source": {"auditor": {"n": 1, "mean": "92.00", "interval": None}},
    }
    root = parse(interval_svg(single, LABELS))
    assert not by_class(root, "t-interval")
    assert [e.text for e in by_class(root, "single")] == ["只有 1 份测评"]
    assert by_class(root, "score")


def test_every_text_is_escaped():
    svg = interval_svg(THREE, LABELS)
    assert "得分 &lt;Score&gt;" in svg and "<Score>" not in svg


def test_the_pdf_drawing_has_the_same_marks():
    drawing = pdf_interval("Helvetica", THREE, LABELS, scale=1)
    strings = [s.text for s in drawing.contents[0].contents if hasattr(s, "text")]
    assert "AAAA 90.0" in strings and "审核员 (n = 2)" in strings


def test_the_pdf_names_column_fits_the_longest_bilingual_name():
    """The report's names are Chinese and English together: the column is as wide as the
    longest in the report's font, so that no name starts left of the drawing (cut)."""
    font = cjk_font()
    six = THREE | {
        "by_source": THREE["by_source"]
        | {"mystery_shopper": {"n": 2, "mean": "91.00", "interval": None}}
    }
    drawing = pdf_interval(font, six, INTERVAL_LABELS, scale=1)
    names = [s for s in drawing.contents[0].contents if getattr(s, "textAnchor", "") == "end"]
    assert [s.text for s in names] == [
        "得分与 95% t 区间 Score and 95% t interval",
        "自助法 95% 区间 Bootstrap 95% interval",
        "审核员 Auditors (n = 2)",
        "神秘顾客 Mystery shoppers (n = 2)",  # as the page names the source
        "顾客 Customers (n = 1)",
    ]
    starts = [s.x - stringWidth(s.text, font, s.fontSize) for s in names]
    assert min(starts) >= 0, starts


def test_the_report_heading_says_the_same_in_both_languages():
    assert INTERVAL_HEADING == (
        "服务特性测评得分的 95% 置信区间 The 95% confidence interval of the service score"
    )
    assert INTERVAL_LABELS.title == INTERVAL_HEADING


def test_the_wide_page_frame_fits_the_names_column_to_the_longest_name():
    # At 12 units a wide character is 12, any other 7.2: "审核员 (n = 2)" = 3 × 12 + 8 × 7.2
    # = 93.6, the longest; and a gap of 12 + 6 → the plot starts at 111.6 → 112.
    root = parse(interval_svg(THREE, LABELS, PAGE_WIDE))
    plot = by_class(root, "plot")[0]
    assert (float(plot.get("x")), float(plot.get("width"))) == (112, 800 - 112 - 24)
    assert root.get("viewBox") == f"0 0 800 {root.get('viewBox').split()[3]}"
    assert root.get("width") == "100%" and root.get("height") is None  # as wide as its box


def test_on_a_phone_names_stand_above_their_rows_and_the_plot_takes_the_width():
    root = parse(interval_svg(THREE, LABELS, PAGE_NARROW))
    plot = by_class(root, "plot")[0]
    assert (float(plot.get("x")), float(plot.get("width"))) == (14, 320 - 14 - 14)
    # 88.52 on 75–100: 14 + 292 × 13.52 / 25 = 171.9136.
    assert float(by_class(root, "t-interval")[0].get("x")) == pytest.approx(171.91, abs=0.01)
    names = by_class(root, "row-label")
    assert {(e.get("x"), e.get("text-anchor")) for e in names} == {("14", "start")}
    # Each name above its row's marks: the auditors' dot 15 below the name's baseline, clear
    # of the name's 14-unit text and of the dot's 4.5 radius.
    auditor = next(e for e in by_class(root, "auditor") if e.tag.endswith("circle"))
    assert float(auditor.get("cy")) - float(names[2].get("y")) == 15
    # The score's figure on the name's line, right of the name, inside the drawing.
    score = by_class(root, "score-label")[0]
    assert score.get("y") == names[0].get("y")
    assert float(score.get("x")) > 14 + estimated_width("得分 <Score>", 14)
    for label in by_class(root, "threshold-label"):
        half = estimated_width(label.text, 14) / 2
        assert float(label.get("x")) - half >= 0 and float(label.get("x")) + half <= 320


def test_the_docstring_examples_hold():
    failures, tried = doctest.testmod(interval_chart)
    assert failures == 0 and tried >= 3


def test_on_a_phone_the_single_evaluations_words_wrap_inside_the_drawing():
    single = {"score": "92.0", "interval": None, "bootstrap": None, "thresholds": THRESHOLDS}
    words = "One evaluation only: no interval can be drawn."  # 46 × 0.6 × 15 = 414 > 292
    root = parse(interval_svg(single, replace(LABELS, single=words), PAGE_NARROW))
    lines = [e.text for e in by_class(root, "single")]
    assert " ".join(lines) == words and len(lines) == 2
    assert all(14 + estimated_width(line, 15) <= 320 - 14 for line in lines)
    assert float(root.get("viewBox").split()[3]) > max(
        float(e.get("y")) for e in by_class(root, "single")
    )
