"""The project page shows the core's live result: the same figures as `greencert score`.

Figures asserted here are worked out by hand from the scheme (RULES.md),
written as arithmetic in the comments; the CLI comparison checks that the
page and the command line agree on the same inputs.
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from greencert.cli.main import main as cli
from greencert.core.exceptions import InputError
from tests.audit_verdicts import with_conforming_audits
from tests.web.conftest import PASSWORD
from tests.web.projects_support import (
    CLAUSES,
    ITEMS,
    SCHEME,
    add_evaluation,
    english,
    grade_shown,
    rate_clauses,
    row_for,
    rows,
    text,
)

pytestmark = pytest.mark.django_db


def page(client, world, user="pm"):
    client.login(username=user, password=PASSWORD)
    return client.get(reverse("project_detail", args=[world.project.pk]))


def test_hand_worked_aaaaa(world, client):
    add_evaluation(world, alpha="0.9", code="E1")  # Σ weight × 0.9 = 100 × 0.9 = 90.00
    add_evaluation(world, likert=5, code="E2", source="mystery_shopper")  # Likert 5 → α 1.0: 100.00
    rate_clauses(world, 4)  # 13 clauses worth 5 → 13 × 4 = 52; 8 worth 10 → 8 × 8 = 64; 116

    response = page(client, world)
    shown = text(response)

    # Service score (90.00 + 100.00) / 2 = 95.0, n = 2.
    assert "95.0" in shown
    assert "n = 2" in shown
    assert row_for(response, "evaluations", "E1")[-1] == "90.00"
    assert row_for(response, "evaluations", "E2")[-1] == "100.00"
    # Item 1.2 (设备设施, weight 7): mean α (0.9 + 1.0) / 2 = 0.95 → 7 × 0.95 = 6.65 points,
    # 95.0 %, band 5 (0.8, 1] 远高于预期.
    assert row_for(response, "service-figures", "1.2") == [
        "1.2 设备设施",
        "7",
        "0.95",
        "5 远高于预期",
        "6.65",
        "95.0",
    ]
    # Characteristic 1 功能性 (weight 5 + 7 + 5 = 17): 17 × 0.95 = 16.15 points.
    assert row_for(response, "service-figures", "1")[:5] == [
        "1 功能性",
        "17",
        "0.95",
        "5 远高于预期",
        "16.15",
    ]
    # Clause 4.1 资源 is worth 10: level 4 → 8 points; clause 1.1 is worth 5: level 4 → 4.
    # 持续优化 is GreenCert's name for level 4 (§5.2.5 names only 基本水平 and 最佳实践): marked.
    assert row_for(response, "management-figures", "4.1") == [
        "4.1 资源",
        "10",
        "四级 持续优化*",
        "8",
    ]
    assert "* 方案 §5.2.5 只给出一级“基本水平”和五级“最佳实践”" in shown
    assert row_for(response, "management-figures", "1.1")[-1] == "4"
    # Total 116 lies in [105, 145]: 五级 (RULES.md §2: not proportional, and the page says so).
    assert "总分 116 位于 [105, 145]，管理水平为五级" in shown
    assert "分级区间不按比例" in shown
    # 95.0 ≥ 95.0, 五级 ≥ 四级, no nonconformity: AAAAA (§5.3).
    assert grade_shown(response) == "AAAAA"
    assert "服务得分 95.0 ≥ 95.0" in shown


def test_hand_worked_not_certified_and_the_gap_to_aaa(world, client):
    add_evaluation(world, alpha="0.5", code="E1")  # 100 × 0.5 = 50.00
    rate_clauses(world, 1)  # 13 × 1 + 8 × 2 = 29, in [20, 45): 一级

    response = page(english(client), world)
    shown = text(response)

    assert grade_shown(response) == "Not certified"
    assert row_for(response, "evaluations", "E1")[-1] == "50.00"
    assert "Level 1" in shown
    # The gap to AAA (80.0, 二级): the mean must reach 79.95 (it rounds half-up to 80.0); with one
    # evaluation the scores together need 79.95 − 50 = 29.95 more points.
    assert "Service score from 50.0 to 80.0 (30.0 short)" in shown
    assert "need 29.95 more points" in shown
    # 二级 starts at 45: +16 points.  A step earns at most 2 (a clause worth 10), so 8 steps:
    # the eight clauses worth 10 from level 1 to 2.
    assert "Maturity total from 29 to 45 (+16); the fewest raises, 8 level step(s)" in shown
    gap = shown.split("To the next grade")[1].split("Audit trail")[0]
    for clause in ("4.1", "4.2", "4.3", "5.1", "5.2", "6.1", "6.2", "6.3"):
        assert f"clause {clause} " in gap
    assert "level 1 → 2 (+2 points)" in gap
    assert "clause 1.1 " not in gap
    # The explanation gives the rule and the figures compared (English from the core's catalogue).
    assert "AAA not reached: service score 50.0 < 80.0" in shown
    assert "§5.3" in shown


def test_pending_until_every_clause_is_rated(world, client):
    add_evaluation(world, alpha="0.9")
    rate_clauses(world, {"1.1": 3, "4.1": 3})  # 2 of 21 rated

    response = page(english(client), world)
    shown = text(response)

    assert grade_shown(response) == "Not determined yet"
    assert "19 clauses not yet rated" in shown
    assert "Not certified" not in shown
    # Partial points are shown per clause: 4.1 (worth 10) at level 3 → 6.
    assert row_for(response, "management-figures", "4.1")[-1] == "6"
    assert row_for(response, "management-figures", "4.2")[2] == "not rated"


def test_an_evaluation_that_does_not_count_is_listed_without_a_score(world, client):
    add_evaluation(world, alpha="0.9", code="E1")
    off = add_evaluation(world, alpha="0.1", code="E2")
    type(off).objects.filter(pk=off.pk).update(counts=False)

    response = page(english(client), world)

    assert row_for(response, "evaluations", "E2")[-1] == "does not count"
    assert "n = 1" in text(response)  # only E1: 90.00 → 90.0
    assert "90.0" in text(response)


def cli_score(tmp_path, capsys, data: dict) -> dict:
    path = tmp_path / "input.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert cli(["score", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_page_shows_the_same_figures_as_the_command_line(world, client, tmp_path, capsys):
    # Three different sheets: α varied per item, Likert varied per item, and one mixed.
    alphas = {item: f"0.{81 + 7 * n % 19:02d}" for n, item in enumerate(ITEMS)}
    likerts = {item: 4 + n % 2 for n, item in enumerate(ITEMS)}
    low = {item: "0.83" if n % 2 else "0.97" for n, item in enumerate(ITEMS)}
    add_evaluation(world, alpha=alphas, code="A1", evaluator="审核员甲", day=11)
    add_evaluation(
        world, likert=likerts, code="M1", evaluator="神秘顾客", day=12, source="mystery_shopper"
    )
    add_evaluation(world, alpha=low, code="C1", evaluator="顾客问卷", day=13, source="customer")
    levels = {cid: 3 + n % 2 for n, cid in enumerate(CLAUSES)}
    rate_clauses(world, levels)

    # The same input, written by hand as the CLI's JSON contract.
    site = world.site.name
    data = {
        "scheme": SCHEME.label,
        "evaluations": [
            {"id": "A1", "evaluator": "审核员甲", "date": "2026-05-11", "site": site,
             "source": "auditor", "alpha": alphas},
            {"id": "M1", "evaluator": "神秘顾客", "date": "2026-05-12", "site": site,
             "source": "mystery_shopper", "likert": likerts},
            {"id": "C1", "evaluator": "顾客问卷", "date": "2026-05-13", "site": site,
             "source": "customer", "alpha": low},
        ],
        "maturity": levels,
        "nonconformities": [],
    }  # fmt: skip
    # The web does not record the checklist audits yet (transitional, projects/scoring.py);
    # the CLI requires them, so they are recorded here as all conforming.
    expected = cli_score(tmp_path, capsys, with_conforming_audits(data))

    response = page(client, world)
    shown = text(response)
    service, management = expected["service"], expected["management"]
    assert service["n"] == 3
    assert f"n = {service['n']}" in shown
    assert service["score"] in shown
    for evaluation in service["evaluations"]:
        assert row_for(response, "evaluations", evaluation["id"])[-1] == evaluation["score"]
    for item_id, figure in service["items"].items():
        row = row_for(response, "service-figures", item_id)
        assert row[1:] == [
            str(figure["weight"]),
            figure["mean_alpha"],
            f"{figure['band']} {SCHEME.likert_band(figure['band']).label}",
            figure["points"],
            figure["percent"],
        ], item_id
    for clause_id, clause in management["clauses"].items():
        assert row_for(response, "management-figures", clause_id)[-1] == str(clause["points"])
    total_row = rows(response, "management-figures")[-1]
    assert total_row[-1] == str(management["total"])
    level_name = SCHEME.management_levels[management["level"] - 1].name
    assert level_name in total_row[2]
    assert expected["grade"]  # the inputs are chosen to reach a grade
    assert grade_shown(response) == expected["grade"]
    audit_notes = [n for n in expected["explanation"] if n["code"].startswith("audit.")]
    assert [n["code"] for n in audit_notes] == ["audit.summary", "audit.summary"]
    for note in expected["explanation"]:
        if note in audit_notes:
            continue  # transitional: the page shows no checklist audit until the web records one
        assert note["text"] in shown


def test_clients_see_no_figures(world, client):
    add_evaluation(world, alpha="0.9", code="E1")
    add_evaluation(world, likert=5, code="E2")
    rate_clauses(world, 4)

    response = page(english(client), world, user="client")
    shown = text(response)

    assert response.status_code == 200
    assert world.project.code in shown
    assert "Leader" in shown and "Evaluator" in shown  # the team's names
    assert "2026-05-10" in shown  # planned dates
    for figure in ("95.0", "90.00", "100.00", "116", "AAAAA", "五级"):
        assert figure not in shown
    assert "Audit trail" not in shown
    assert "once the certification decision is made" in shown


def test_header_shows_the_pinned_scheme_and_the_project_facts(world, client):
    response = page(english(client), world)
    shown = text(response)
    assert "CTS TBSC041-2026 B/0" in shown
    assert world.project.scheme_hash[:12] in shown
    assert world.alpha.name in shown
    assert world.site.name in shown and world.service.name in shown
    assert "Initial certification" in shown and "Planned" in shown
    assert reverse("organisation_detail", args=[world.alpha.pk]) in response.content.decode()


def test_the_page_bands_the_exact_mean_and_says_parts_are_rounded_apart(world, client):
    # Three evaluations, 0.9 everywhere except:
    #   1.1 at 0.94 ×3 → 5 × 2.82 / 3 = 4.70;  1.2 at 0.84, 0.84, 0.85 → 7 × 2.53 / 3 = 5.90333…
    #   → 5.90;  1.3 at 0.97, 0.97, 0.96 → 5 × 2.90 / 3 = 4.8333… → 4.83. Characteristic 1:
    #   (14.10 + 17.71 + 14.50) / 3 = 15.43666… → 15.44, while 4.70 + 5.90 + 4.83 = 15.43.
    #   4.2 at 0.80, 0.80, 0.81 → α 2.41 / 3 = 0.80333… > 0.8: band 5 (§5.1.1 2)), shown 0.8033….
    for i, (a, b, c) in enumerate(
        [("0.84", "0.97", "0.80"), ("0.84", "0.97", "0.80"), ("0.85", "0.96", "0.81")], 1
    ):
        alpha = dict.fromkeys(ITEMS, "0.9") | {"1.1": "0.94", "1.2": a, "1.3": b, "4.2": c}
        add_evaluation(world, alpha=alpha, code=f"E{i}")
    response = page(client, world)
    assert row_for(response, "service-figures", "4.2")[2:4] == ["0.8033…", "5 远高于预期"]
    assert row_for(response, "service-figures", "1")[4] == "15.44"
    html = response.content.decode()
    assert html.count("data-figure-note") == 2
    assert "1: 4.70 + 5.90 + 4.83 = 15.43 ≠ 15.44" in html
    assert "4.2: 0.8033… &gt; 0.8 → 5" in html
    assert "每个数值都由精确值分别四舍五入" in html


def test_a_project_refuses_a_self_evaluation(world):
    # The web keeps self-evaluations in the organisation's own assessment: a project's sheet
    # with source "self" is refused, so the official score never meets one (§5.1.2).
    with pytest.raises(InputError, match="“self”"):
        add_evaluation(world, alpha="1", code="S1", source="self")
    assert world.project.assessment.evaluations.count() == 0
