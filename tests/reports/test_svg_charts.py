"""The web page's charts: geometry worked out by hand, well-formed SVG, the figures as given."""

from __future__ import annotations

import doctest
import xml.etree.ElementTree as ET

import pytest

from greencert.reports import svg_charts
from greencert.reports.svg_charts import (
    BarFrame,
    RadarFrame,
    bar_geometry,
    bars_svg,
    radar_point,
    radar_svg,
)

SVG = "{http://www.w3.org/2000/svg}"


def test_docstring_examples():
    failures, _tried = doctest.testmod(svg_charts)
    assert failures == 0


def test_a_radar_point_lies_where_the_trigonometry_puts_it():
    # Six spokes, centre (200, 200), radius 100: spoke 1 is 60° clockwise from straight up.
    # 50 % → 50 units out: x = 200 + 50·sin 60° = 243.30, y = 200 − 50·cos 60° = 175.
    assert radar_point(1, 6, "50", cx=200, cy=200, radius=100) == (243.3, 175.0)
    # Spoke 3 of 6 points straight down: 80 % → (200, 280).
    assert radar_point(3, 6, "80.0", cx=200, cy=200, radius=100) == (200.0, 280.0)
    # Outside 0–100 is drawn at the edge (a figure can never leave the chart).
    assert radar_point(0, 6, "120", cx=200, cy=200, radius=100) == (200.0, 100.0)


def test_a_bar_stands_on_the_axis_at_its_share_of_the_maximum():
    frame = BarFrame()  # left 34, top 30, plot 560 × 150, gaps 4 and 0.5
    # Two rows: each pair has 280 units; each bar (280 − 4 − 0.5) / 2 = 137.75 wide.
    # Row 0's green bar starts 2 units into the pair: x = 36; 5 of 10 → height 75, top at
    # 30 + 150 − 75 = 105.
    assert bar_geometry(0, 2, "5", 10, second=False, frame=frame) == (36.0, 105.0, 137.75, 75.0)
    # Row 1's pale bar: 34 + 280 + 2 + 137.75 + 0.5 = 454.25; 10 of 10 → the full 150.
    assert bar_geometry(1, 2, 10, 10, second=True, frame=frame) == (454.25, 30.0, 137.75, 150.0)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


LABELS = ["1 功能性", "2 安全性", "3 时间性", "4 舒适性"]
PERCENTS = ["100.0", "50.0", "0.0", "82.35"]


def test_the_radar_is_well_formed_svg_with_its_title_and_the_figures_as_given():
    root = parse(radar_svg(LABELS, PERCENTS, title="各服务特性指标得分率"))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "各服务特性指标得分率"
    figures = next(p for p in root.iter(f"{SVG}polygon") if p.get("class") == "radar-figures")
    assert RadarFrame().centre == (280, 190)  # radius 120
    # 100 % up: (280, 70); 50 % right: (340, 190); 0 % at the centre; 82.35 % left: 98.82 units.
    assert figures.get("points") == "280,70 340,190 280,190 181.18,190"
    text = "".join(root.itertext())
    for label, pct in zip(LABELS, PERCENTS, strict=True):
        assert label in text
        assert f"{pct} %" in text  # the result's own string, not a rounded float
    # Each point says what it is to a screen reader or a pointer.
    tips = [c.find(f"{SVG}title").text for c in root.iter(f"{SVG}circle")]
    assert tips == [f"{label}: {pct} %" for label, pct in zip(LABELS, PERCENTS, strict=True)]


def test_chart_texts_are_escaped():
    svg = radar_svg(["<b>&", "b", "c"], ["1", "2", "3"], title="a < b")
    root = parse(svg)
    assert root.find(f"{SVG}title").text == "a < b"
    assert "<b>" not in svg


def test_no_inline_style_attribute_the_policy_would_refuse():
    for svg in (
        radar_svg(LABELS, PERCENTS, title="r"),
        bars_svg(["1.1", "1.2"], [4, None], [5, 10], title="b", legend=("得分", "分值")),
    ):
        assert all("style" not in el.attrib for el in parse(svg).iter())


def test_an_unrated_row_has_no_figure_bar_but_its_worth():
    root = parse(
        bars_svg(
            ["4.1", "4.2"], [8, None], [10, 10], title="条款得分与分值", legend=("得分", "分值")
        )
    )
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    tips = [r.find(f"{SVG}title").text for r in bars]
    assert tips == ["4.1: 8 / 10", "4.1: 8 / 10", "4.2: — / 10"]
    green = [r for r in bars if r.get("fill") == svg_charts.GREEN]
    assert [float(r.get("height")) for r in green] == [120.0]  # 8 of 10 × 150
    text = "".join(root.itertext())
    assert "得分" in text and "分值" in text and "4.2" in text


def test_bad_shapes_are_refused():
    with pytest.raises(ValueError):
        radar_svg(["a", "b"], ["1", "2"], title="t")
    with pytest.raises(ValueError):
        bars_svg(["a"], [1, 2], [3], title="t", legend=("x", "y"))
