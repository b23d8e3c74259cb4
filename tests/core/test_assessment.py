"""The JSON contract of ``Assessment.as_dict()`` and the explanation it carries."""

from __future__ import annotations

import json
import re

import pytest
from conftest import CLAUSE_IDS, ITEM_IDS, SCHEME, data, evaluation, levels, nc, run, sheet

from greencert.core.explanation import EACH, LANGUAGES, MESSAGES

# E1: all 0.92 with 1.1 at 0.99 → 92.00 + 5 × 0.07 = 92.35
# E2: all 0.90 → 90.00
# mean (92.35 + 90.00) / 2 = 182.35 / 2 = 91.175 → 91.2
# maturity all 3: 87 → 三级 → AAAA (91.2 ≥ 90.0, 三级 ≥ 三级; 91.2 < 95.0 for AAAAA)
RAW = data(
    evaluations=[
        evaluation("E1", sheet("0.92", **{"1.1": "0.99"}), source="auditor", site="南昌"),
        evaluation("E2", sheet("0.90"), source="customer", site="九江"),
    ],
    maturity=levels(3),
    nonconformities=[nc("NC1", "minor", "plan_accepted")],
)


@pytest.fixture
def out():
    return run(RAW).as_dict()


def test_top_level_keys(out):
    assert set(out) == {
        "contract",
        "scheme",
        "service",
        "self_assessment",
        "management",
        "qms",
        "specific",
        "conformity",
        "grade",
        "explanation",
        "next_grade",
    }
    assert out["self_assessment"] is None  # no self-evaluation in RAW


def test_json_serialisable(out):
    assert json.loads(json.dumps(out, ensure_ascii=False)) == out


def test_scheme_identity(out):
    assert out["scheme"] == {"code": "CTS TBSC041-2026", "version": "B/0", "hash": SCHEME.hash}
    assert re.fullmatch(r"[0-9a-f]{64}", out["scheme"]["hash"])


def test_service_part(out):
    service = out["service"]
    assert service["score"] == "91.2"
    assert isinstance(service["score"], str)
    assert service["n"] == 2
    assert service["evaluations"] == [
        {"id": "E1", "source": "auditor", "site": "南昌", "score": "92.35"},
        {"id": "E2", "source": "customer", "site": "九江", "score": "90.00"},
    ]
    assert list(service["items"]) == ITEM_IDS
    # 1.1: (0.99 + 0.90) / 2 = 0.945 → 0.95 shown; 5 × 0.945 = 4.725 → 4.73; 94.5 %; band 5
    assert service["items"]["1.1"] == {
        "weight": 5,
        "mean_alpha": "0.95",
        "points": "4.73",
        "percent": "94.5",
        "band": 5,
    }
    for figure in service["items"].values():
        assert set(figure) == {"weight", "mean_alpha", "points", "percent", "band"}
        assert all(isinstance(figure[k], str) for k in ("mean_alpha", "points", "percent"))
        assert isinstance(figure["weight"], int)
        assert isinstance(figure["band"], int)
    assert set(service["characteristics"]) == {"1", "2", "3", "4", "5", "6", "7"}


def test_management_part(out):
    management = out["management"]
    assert management["total"] == 87  # 13 × 3 + 8 × 6
    assert management["level"] == 3
    assert management["complete"] is True
    assert management["missing"] == []
    assert list(management["clauses"]) == CLAUSE_IDS
    assert management["clauses"]["4.1"] == {"level": 3, "points": 6, "worth": 10}
    assert management["clauses"]["1.1"] == {"level": 3, "points": 3, "worth": 5}


def test_conformity_and_grade(out):
    assert out["conformity"] == {"passed": True, "reasons": []}
    assert out["grade"] == "AAAA"


def test_explanation_entries(out):
    assert out["explanation"]
    for entry in out["explanation"]:
        assert set(entry) >= {"rule", "text"}
        assert entry["rule"]
        assert entry["text"]
    rules = [entry["rule"] for entry in out["explanation"]]
    assert "§5.1.2" in rules
    assert "§5.3" in rules
    assert any(rule.startswith("附录3") for rule in rules)
    service_note = next(e for e in out["explanation"] if e["code"] == "service.mean")
    assert "182.35" in service_note["text"]  # 92.35 + 90.00
    assert "91.175" in service_note["text"]  # 182.35 / 2
    assert "91.2" in service_note["text"]


def test_next_grade_part(out):
    nxt = out["next_grade"]
    assert set(nxt) == {"grade", "service", "management", "conformity"}
    assert nxt["grade"] == "AAAAA"
    # 95.0 - 91.2 = 3.8; 2 × 94.95 - 182.35 = 189.90 - 182.35 = 7.55
    assert nxt["service"]["gap"] == "3.8"
    assert nxt["service"]["total_points_needed"] == "7.55"
    assert nxt["management"]["points_needed"] == 8  # 95 - 87


def test_english_rendering():
    out = run(RAW).as_dict("en")
    texts = " ".join(e["text"] for e in out["explanation"])
    assert "Service score" in texts
    assert "AAAAA not reached: service score 91.2 < 95.0" in texts
    assert re.search(r"[\u4e00-\u9fff]", texts) is None  # no Chinese left in English


def test_chinese_rendering():
    out = run(RAW).as_dict("zh-hans")
    texts = " ".join(e["text"] for e in out["explanation"])
    assert "服务特性测评得分" in texts
    assert "未达到 AAAAA：服务得分 91.2 < 95.0" in texts


def test_every_message_renders_in_both_languages():
    for code, templates in MESSAGES.items():
        assert set(templates) == set(LANGUAGES), code
    for code, figures in EACH.items():  # how each entry of a listed figure reads
        assert code in MESSAGES, code
        assert all(set(templates) == set(LANGUAGES) for templates in figures.values()), code


# --- either part absent: no grade, and the reason --------------------------------------------


def test_no_evaluations():
    out = run(data(maturity=levels(5))).as_dict("en")
    assert out["service"] is None
    assert out["grade"] is None
    assert out["next_grade"] is None
    codes = [e["code"] for e in out["explanation"]]
    assert "service.absent" in codes
    assert "grade.incomplete" in codes
    assert out["management"]["total"] == 145


def test_no_management():
    out = run(data(evaluations=[evaluation("E1", sheet("1"))])).as_dict("en")
    assert out["management"] is None
    assert out["grade"] is None
    assert out["next_grade"] is None
    assert out["service"]["score"] == "100.0"
    codes = [e["code"] for e in out["explanation"]]
    assert "management.absent" in codes
    assert "grade.incomplete" in codes
    incomplete = next(e for e in out["explanation"] if e["code"] == "grade.incomplete")
    assert incomplete["rule"] == "§5.3"
    assert "both" in incomplete["text"]
    assert out["conformity"]["passed"] is False


def test_nothing_given():
    out = run({}).as_dict()
    assert out["service"] is None
    assert out["management"] is None
    assert out["grade"] is None
