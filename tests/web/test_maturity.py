"""The management maturity sheet: guidance shown, levels stored, figures from the core.

Points by hand (RULES.md §2): a clause worth 5 scores its level (1–5), one worth 10
scores twice its level; 13 clauses are worth 5 and 8 are worth 10.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from greencert.web.certification.services.project_states import change_state
from greencert.web.projects.models import ClauseRating, Evidence, Project
from tests.web.audit_support import judge_all_conforming
from tests.web.sheet_helpers import CLAUSES, WORTH_10, add_evaluation, browser, maturity


def url(project):
    return reverse("maturity_edit", args=(project.pk,))


def test_the_sheet_shows_each_clause_with_its_guidance_and_the_level_descriptions(world, client):
    page = browser(client, world.leader).get(url(world.project)).content.decode()
    for clause in CLAUSES:
        assert f'name="level_{clause}"' in page
    # Clause 2.1's Appendix 4 requirement, as auditor guidance.
    assert (
        '<div class="guidance">最高管理者应通过下述方面证实其在绿色产品服务认证方面的领导作用和承诺'
        in page
    )
    # The level descriptions are GreenCert's (Appendix 2 was lost, RULES.md §2), and say so.
    assert "Activities are carried out ad hoc on individual experience" in page
    assert "the descriptions of all five levels are GreenCert&#x27;s wording" in page
    assert "Practices lead the sector and serve as a benchmark" in page
    assert '<option value="">not yet rated</option>' in page


def test_the_sheet_shows_chinese_names_in_chinese(world, client):
    client.force_login(world.leader)  # no language cookie: the site's language, 简体中文
    page = client.get(url(world.project)).content.decode()
    assert "相关活动多凭个人经验临时开展" in page
    # Levels 1 and 5 are named by the scheme (§5.2.5); 2–4 and every description are ours.
    assert '<option value="5">五级 最佳实践</option>' in page
    assert '<option value="1">一级 基本水平</option>' in page
    assert '<option value="3">三级 系统管理*</option>' in page
    assert "方案 §5.2.5 只给出一级“基本水平”和五级“最佳实践”；" in page
    assert "全部 5 个等级的说明是 GreenCert 的措辞，不是方案原文。" in page


def test_saving_every_clause_gives_the_total_and_the_management_level(world, client):
    c = browser(client, world.leader)
    response = c.post(url(world.project), maturity(every=4))
    assert response.status_code == 302
    assert ClauseRating.objects.count() == 21
    world.project.assessment.refresh_from_db()
    assert world.project.assessment.maturity_version == 1
    page = c.get(response["Location"]).content.decode()
    assert "Maturity sheet saved." in page
    # Every clause at level 4: 13 × 4 + 8 × 8 = 52 + 64 = 116, in [105, 145] → 五级 (Level 5).
    assert "data-maturity-total>116<" in page
    assert "data-management-level>Level 5<" in page
    assert '<option value="4" selected>' in page


def test_clauses_may_be_rated_step_by_step(world, client):
    c = browser(client, world.evaluator)
    response = c.post(url(world.project), maturity({"4.1": 2, "1.1": 3}))
    assert response.status_code == 302
    assert dict(ClauseRating.objects.values_list("clause_id", "level")) == {"4.1": 2, "1.1": 3}
    page = c.get(url(world.project)).content.decode()
    # 4.1 is worth 10: level 2 → 4 points; 1.1 worth 5: level 3 → 3 points; total 7.
    assert "data-maturity-total>7<" in page
    assert "19 clauses still to rate" in page
    assert '<span id="pts-4_1" class="clause-points">4</span>' in page


def test_the_evidence_note_is_kept(world, client):
    c = browser(client, world.leader)
    c.post(url(world.project), maturity({"6.2": 3}) | {"note_6.2": "内审报告 2026-03"})
    assert ClauseRating.objects.get(clause_id="6.2").note == "内审报告 2026-03"
    assert "内审报告 2026-03" in c.get(url(world.project)).content.decode()


def test_a_bad_level_is_refused_and_nothing_is_stored(world, client):
    c = browser(client, world.leader)
    response = c.post(url(world.project), maturity(every=3) | {"level_3.1": "6"})
    page = response.content.decode()
    assert "The sheet was not saved." in page
    assert "Clause 3.1: level 6 is not one of 1–5" in page
    assert '<tr id="clause-3_1" class="has-error">' in page
    assert ClauseRating.objects.count() == 0
    world.project.assessment.refresh_from_db()
    assert world.project.assessment.maturity_version == 0


def test_a_tampered_clause_id_is_refused(world, client):
    c = browser(client, world.leader)
    page = c.post(url(world.project), maturity(every=3) | {"level_8.8": "2"}).content.decode()
    assert "Clause 8.8 is not part of the scheme" in page
    assert ClauseRating.objects.count() == 0


def test_the_preview_shows_the_total_the_level_and_the_project_grade(world, client):
    add_evaluation(world.project.assessment, world.leader, alpha={"1.2": "1.0"})  # 90.70
    judge_all_conforming(world.project.assessment, world.leader)  # so the figures decide
    c = browser(client, world.leader)
    preview = reverse("maturity_preview", args=(world.project.pk,))
    # Every clause at level 2: 13 × 2 + 8 × 4 = 26 + 32 = 58, in [45, 70) → 二级 (Level 2).
    # Service 90.7 with 二级: AAAA needs 三级, AAA needs ≥ 80.0 and 二级 → AAA.
    page = c.post(preview, maturity(every=2)).content.decode()
    assert "data-maturity-total>58<" in page
    assert "data-management-level>Level 2<" in page
    assert "data-live-grade>AAA<" in page
    assert '<span id="pts-4_1" class="clause-points" hx-swap-oob="true">4</span>' in page
    # Every clause at 4: 116 → 五级; 90.7 < 95.0 so not AAAAA; 90.7 ≥ 90.0 with ≥ 三级 → AAAA.
    page = c.post(preview, maturity(every=4)).content.decode()
    assert "data-live-grade>AAAA<" in page
    assert ClauseRating.objects.count() == 0  # previews never store


def test_points_per_clause_follow_the_worth(world, client):
    page = browser(client, world.leader).post(
        reverse("maturity_preview", args=(world.project.pk,)), maturity(every=5)
    )
    page = page.content.decode()
    for clause in CLAUSES:
        expected = 10 if clause in WORTH_10 else 5  # level 5 scores the clause's worth
        assert (
            f'id="pts-{clause.replace(".", "_")}" class="clause-points" hx-swap-oob="true">{expected}<'
            in page
        )
    # 13 × 5 + 8 × 10 = 145, the top of the scale.
    assert "data-maturity-total>145<" in page


def test_evidence_files_attach_to_their_clause(world, client):
    c = browser(client, world.leader)
    scan = SimpleUploadedFile("应急预案.pdf", b"%PDF-1.4 plan", "application/pdf")
    response = c.post(url(world.project), maturity({"5.2": 3}) | {"evidence_5.2": scan})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.clause_id, evidence.item_id, evidence.evaluation) == ("5.2", "", None)
    link = reverse("evidence_download", args=(world.project.pk, evidence.pk))
    assert link in c.get(url(world.project)).content.decode()


def test_a_closed_project_keeps_its_maturity_sheet(world, client):
    change_state(
        actor=world.pm, project=world.project, to=Project.State.CANCELLED, reason="客户撤回申请"
    )
    c = browser(client, world.leader)
    response = c.post(url(world.project), maturity(every=3))
    assert response.status_code == 409
    assert "its sheets can no longer change" in response.content.decode()
    assert ClauseRating.objects.count() == 0


def test_others_who_see_the_project_read_the_sheet_only(world, client):
    browser(client, world.leader).post(url(world.project), maturity(every=3))
    page = browser(client, world.decider).get(url(world.project)).content.decode()
    assert "Read only" in page
    assert 'name="save"' not in page
    assert "data-maturity-total>87<" in page  # 13 × 3 + 8 × 6 = 39 + 48 = 87
