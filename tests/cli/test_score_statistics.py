"""``greencert score`` with its statistics: an additive ``"statistics"`` key and a short text
section; the contract's optional ``rater``."""

from __future__ import annotations

import json

from greencert.cli.main import main
from greencert.core.assessment import assess_data
from greencert.core.registry import default_scheme
from tests.cli.test_score_cmd import ITEMS, small_input

SCHEME = default_scheme()


def test_json_gains_statistics_and_keeps_every_other_key(tmp_path, capsys):
    data = small_input()
    path = tmp_path / "in.json"
    path.write_text(json.dumps(data))
    assert main(["score", str(path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    statistics = result.pop("statistics")
    expected = json.loads(json.dumps(assess_data(SCHEME, json.loads(path.read_text())).as_dict()))
    assert result == expected
    # Scores 90 and 100: mean 95, s = √50 = 7.07, se = 5, t(0.975, 1) = 12.706 → 95 ± 63.53.
    assert statistics["interval"] == {"low": "31.47", "high": "158.53"}
    assert statistics["n"] == 2 and statistics["advisory"] is True


def test_text_output_has_a_statistics_section(tmp_path, capsys):
    path = tmp_path / "in.json"
    path.write_text(json.dumps(small_input()))
    assert main(["score", str(path)]) == 0
    out = capsys.readouterr().out
    assert "统计（仅供参考，等级由认证方案决定）" in out
    assert "统计数字仅供参考" in out
    assert main(["score", str(path), "--lang", "en"]) == 0
    assert "Statistics advise; the scheme decides" in capsys.readouterr().out


def test_the_rater_is_an_optional_text_field(tmp_path, capsys):
    data = small_input()
    data["evaluations"][0]["rater"] = "A-017"
    data["evaluations"].append(
        {"id": "E3", "source": "auditor", "rater": 7, "alpha": dict.fromkeys(ITEMS, 0.9)}
    )
    path = tmp_path / "in.json"
    path.write_text(json.dumps(data))
    assert main(["score", str(path), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "E3" in err and "rater must be text" in err
    data["evaluations"].pop()
    parsed = assess_data(SCHEME, data)
    assert parsed.input.evaluations[0].rater == "A-017"
