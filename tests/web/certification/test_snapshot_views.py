"""Frozen results: the page shows what was frozen, and later edits of the sheets do not change it."""

from __future__ import annotations

import re

from greencert.web.certification.models import ResultSnapshot
from tests.web.certification.findings_support import (
    browser,
    complete,
    edit_sheets,
    raise_nc,
    reopen,
    url,
)
from tests.web.projects_support import row_for, rows, text
from tests.web.sheet_helpers import add_evaluation


def headline(response) -> tuple[str, str, str]:
    """Grade, service score and maturity total of the page's summary (their marked elements)."""
    page = response.content.decode()
    found = [
        re.search(rf"<div[^>]*{mark}[^>]*>([^<]*)</div>", page)
        for mark in ("data-grade", "data-service-score", "data-management-total")
    ]
    return tuple(m.group(1).strip() if m else "" for m in found)


def test_the_snapshot_page_shows_the_frozen_figures(filled, client):
    w = filled
    complete(w)
    snapshot = ResultSnapshot.objects.get(project=w.project)
    response = browser(client, w.reviewer).get(url("snapshot_detail", w.project.pk, 1))
    shown = text(response)
    # By hand (fill_sheets): two evaluations with every α 0.9 → each 0.9 × 100 = 90.00,
    # mean 90.0; 13 clauses worth 5 at 四级 score 4, 8 worth 10 score 8: 52 + 64 = 116 → 五级;
    # 90.0 ≥ 90.0 and 五级 ≥ 三级 but 90.0 < 95.0 → AAAA.
    assert "Frozen result #1" in shown
    assert "Frozen on" in shown and "by Leader" in shown
    assert "Later changes to the sheets do not change them" in shown
    assert headline(response) == ("AAAA", "90.0", "116")
    assert "n = 2" in shown
    assert "Maturity total 116: management level Level 5." in shown
    assert "passed" in shown
    # 1 功能性: weight 5 + 7 + 5 = 17, 17 × 0.9 = 15.30 points, 90.0 %.
    assert row_for(response, "snapshot-characteristics", "1") == [
        "1 Functionality",
        "17",
        "0.90",
        "15.30",
        "90.0",
    ]
    # 7 服务规范: one item worth 8, 8 × 0.9 = 7.20.
    assert row_for(response, "snapshot-characteristics", "7")[3] == "7.20"
    assert [r[0] for r in rows(response, "snapshot-evaluations")[1:]] == ["E1", "E2"]
    # The explanation, each entry with its rule, in English on the English page.
    assert "§5.3 AAAAA not reached: service score 90.0 < 95.0" in shown
    assert "Appendix 3 note 3 The total 116 lies in [105, 145]: management level Level 5" in shown
    assert "附录" not in shown  # the rule is named in English too
    # The scheme's identity and hash.
    assert "CTS TBSC041-2026 B/0" in shown
    assert snapshot.scheme_hash in shown and len(snapshot.scheme_hash) == 64


def test_the_chinese_page_shows_the_chinese_explanation(filled, client):
    w = filled
    complete(w)
    client.force_login(w.pm)  # default language: zh-hans
    shown = text(client.get(url("snapshot_detail", w.project.pk, 1)))
    assert "§5.3 未达到 AAAAA：服务得分 90.0 < 95.0" in shown
    assert "Not reached" not in shown
    assert "1 功能性" in shown


def test_later_edits_do_not_change_a_frozen_snapshot(filled, client):
    w = filled
    complete(w)
    frozen = ResultSnapshot.objects.get(project=w.project, number=1)
    stored = (frozen.result, frozen.result_en, frozen.inputs, frozen.grade)

    # Reopen and raise every α to 1.0 and every clause to 五级: by hand each evaluation
    # now scores 100.00, the service score is 100.0, clauses 13 × 5 + 8 × 10 = 145 → 五级,
    # and 100.0 ≥ 95.0 with 五级 ≥ 四级 gives AAAAA.
    reopen(w)
    edit_sheets(w, alpha="1.0", level=5)
    http = browser(client, w.pm)
    assert headline(http.get(url("snapshot_detail", w.project.pk, 1))) == ("AAAA", "90.0", "116")

    complete(w)
    new = http.get(url("snapshot_detail", w.project.pk, 2))
    assert headline(new) == ("AAAAA", "100.0", "145")
    assert "Maturity total 145: management level Level 5." in text(new)
    old = http.get(url("snapshot_detail", w.project.pk, 1))
    assert headline(old) == ("AAAA", "90.0", "116")
    old_page = text(old)
    assert "A newer snapshot exists." in old_page
    assert "Maturity total 116" in old_page and "AAAAA not reached" in old_page
    assert row_for(old, "snapshot-characteristics", "1")[3] == "15.30"
    frozen.refresh_from_db()
    assert (frozen.result, frozen.result_en, frozen.inputs, frozen.grade) == stored

    # The list shows both, newest first.
    listed = rows(http.get(url("snapshot_list", w.project.pk)), "snapshots")
    assert [(r[0], r[3], r[4], r[6]) for r in listed[1:]] == [
        ("#2", "AAAAA", "100.0", "145"),
        ("#1", "AAAA", "90.0", "116"),
    ]


def test_a_snapshot_keeps_the_nonconformities_as_they_stood(filled, client):
    w = filled
    raise_nc(w, severity="major")
    complete(w)
    response = browser(client, w.leader).get(url("snapshot_detail", w.project.pk, 1))
    shown = text(response)
    # An open major nonconformity fails the conformity review: no grade, although
    # 90.0 and 五级 would give AAAA.
    assert "Not certified" in shown
    assert "not passed" in shown
    assert rows(response, "snapshot-nonconformities")[1] == [
        "NC1",
        "Appendix 3 5.2 Emergency preparedness and response",
        "Major",
        "open",
    ]


def test_a_snapshot_of_incomplete_sheets_says_no_grade_was_determined(world, client):
    from greencert.web.certification.services.project_states import change_state
    from greencert.web.projects.models import Project

    change_state(actor=world.leader, project=world.project, to=Project.State.IN_PROGRESS)
    complete(world)
    shown = text(browser(client, world.leader).get(url("snapshot_detail", world.project.pk, 1)))
    assert "Not determined: the sheets were incomplete" in shown
    assert "No evaluation counted when this result was frozen." in shown


def test_the_leader_closing_the_evaluation_freezes_a_snapshot(filled, client):
    """in_progress → evaluation_complete through the existing state page freezes result #1."""
    w = filled
    http = browser(client, w.leader)
    response = http.post(
        url("project_state", w.project.pk), {"to": "evaluation_complete", "confirmed": "yes"}
    )
    assert response.status_code == 302
    snapshot = ResultSnapshot.objects.get(project=w.project)
    assert (snapshot.number, snapshot.grade, snapshot.created_by) == (1, "AAAA", w.leader)
    listed = rows(http.get(url("snapshot_list", w.project.pk)), "snapshots")
    assert [(r[0], r[2], r[3]) for r in listed[1:]] == [("#1", "Leader", "AAAA")]


def test_the_snapshot_page_names_each_source_and_does_not_link_to_itself(filled, client):
    """The Source column reads as people say it, in each language; the summary's link to “all
    figures and the explanation” is kept where it leads elsewhere (the review page), not on the
    page it would lead to."""
    w = filled
    add_evaluation(w.project.assessment, w.leader, code="E3", source="mystery_shopper")
    complete(w)
    http = browser(client, w.reviewer)
    detail = http.get(url("snapshot_detail", w.project.pk, 1))
    assert [r[:2] for r in rows(detail, "snapshot-evaluations")[1:]] == [
        ["E1", "Auditor"],
        ["E2", "Auditor"],
        ["E3", "Mystery shopper"],
    ]
    link = f'href="{url("snapshot_detail", w.project.pk, 1)}"'
    assert link not in detail.content.decode()
    assert link in http.get(url("project_review", w.project.pk)).content.decode()
    client.cookies.pop("django_language", None)
    client.force_login(w.pm)  # default language: zh-hans
    zh = client.get(url("snapshot_detail", w.project.pk, 1))
    assert [r[1] for r in rows(zh, "snapshot-evaluations")[1:]] == ["审核员", "审核员", "神秘顾客"]
