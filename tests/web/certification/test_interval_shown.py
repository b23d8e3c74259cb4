"""How sure the service score is, shown to people (issue 18 §3): the interval drawn and its one
sentence on the project page, the snapshot pages and in the PDF report; who sees what.

Figures by hand: three auditors (李明, 王芳, 张伟) rate the site 红谷滩服务中心 with every item at
α 0.90, 0.91 and 0.92 → scores 90, 91, 92; mean 91, s = 1, se = 1/√3; t(0.975, 2) = 4.302653
→ 91 ± 2.4841 = 88.516–93.484, shown 88.5–93.5, across AAAA 90.0.  Every clause at 四级 →
116 → 五级; 90.0 ≤ 91.0 < 95.0 → AAAA.  The raters give every item the same three values, so
the items do not differ while the raters do: within-item disagreement 0.0002 (mean squared
difference over the pairs of a unit) exceeds that expected across all values (≈ 0.00013),
Krippendorff's alpha (interval) is below 0 < 0.67: low agreement.  Worked out for the 19 items
(N) of 3 raters, each value N times: D_o = 0.0002, D_e = 0.0012·N / (3·(3N − 1)), so alpha =
1 − D_o / D_e = −1/2 + 1/(2N) = −0.4737 → −0.47; ICC(2,1): the rows (items) are alike and the
raters keep their order, MSR = MSE = 0, so (MSR − MSE) / (… + k·MSC/n) = 0.00.  Every item is
the same, so every resample of the items gives the same figures: intervals [−0.47, −0.47] and
[0.00, 0.00] where they are resampled (a frozen snapshot).

The statistics explained: mean 91.00, s 1.00, se 1/√3 = 0.577 → 0.58; the score 91.0 is 1.0
from AAAA 90.0, 1.0 / 0.577 = 1.73 → about 1.7 standard errors; at mean 91 and s 1, n = 6
gives 91 − t(0.975, 5)·1/√6 = 91 − 2.5706/2.4495 = 89.9506, which rounds to 90.0, wholly
above AAAA (n = 5: 91 − 2.7764/2.2361 = 89.758, 89.8, across): 3 more evaluations.
"""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from greencert.core.ratings import Rating
from greencert.core.registry import default_scheme
from greencert.web.certification.models import ResultSnapshot
from greencert.web.certification.services import decisions
from greencert.web.certification.services.project_states import change_state
from greencert.web.projects.models import Project
from greencert.web.projects.services.sheets import save_evaluation, save_maturity
from tests.web.audit_support import judge_all_conforming
from tests.web.certification.test_documents import DAY, decide, pdf_text
from tests.web.projects_support import english

pytestmark = pytest.mark.django_db

SENTENCE = (
    "以目前 3 份测评，服务特性测评得分的 95% 置信区间为 88.5–93.5，跨过 AAAA 门槛 90.0："
    "现有测评还不能说明得分落在门槛的哪一侧。"
)
SENTENCE_EN = (
    "With 3 evaluations so far, the 95% confidence interval of the service score is 88.5–93.5, "
    "across the AAAA threshold 90.0: the evaluations so far cannot tell on which side the score "
    "lies."
)
# 0.97, 0.98, 0.99 → 97, 98, 99: 98 ± 2.4841 = 95.516–100.484; a score cannot pass 100, so
# 95.5–100.0 is shown and the cut said; wholly above AAAAA 95.0 (score 98.0, AAAAA).
HIGH = ("0.97", "0.98", "0.99")
CUT_SENTENCE = (
    "以目前 3 份测评，服务特性测评得分的 95% 置信区间为 95.5–100.0"
    "（t 区间上端 100.5 超出评分上限 100，已截至 100），完全位于 AAAAA 门槛 95.0 之上。"
)
CUT_SENTENCE_EN = (
    "With 3 evaluations so far, the 95% confidence interval of the service score is "
    "95.5–100.0 (the t interval's upper end 100.5 lies above the highest score 100, so it is "
    "shown cut at 100), wholly above the AAAAA threshold 95.0."
)
LOW = (
    "场所“红谷滩服务中心”的评价人之间一致性偏低：Krippendorff α（α，等距）-0.47，低于 0.67；"
    "ICC(2,1) 0.00。请技术评审关注。评价人：李明、王芳和张伟。"
)
LOW_FROZEN = (
    "场所“红谷滩服务中心”的评价人之间一致性偏低：Krippendorff α（α，等距）-0.47 [-0.47, -0.47]，"
    "低于 0.67；ICC(2,1) 0.00 [0.00, 0.00]。请技术评审关注。评价人：李明、王芳和张伟。"
)
LOW_EN = (
    "Low agreement between the raters of site “红谷滩服务中心”: Krippendorff's alpha "
    "(α, interval) -0.47, below 0.67; ICC(2,1) 0.00. For the technical reviewer's attention. "
    "Raters: 李明, 王芳 and 张伟."
)
# The agreement note in full, live (no resampling); ordinal alpha: every α is one Likert
# level, so no disagreement is expected and alpha is undefined (—).
AGREEMENT = (
    "场所“红谷滩服务中心”的 3 位评价人（李明、王芳和张伟）之间的一致性：Krippendorff α（α，等距）"
    "-0.47，（李克特等级，顺序）—；ICC(2,1) 0.00"
)
AGREEMENT_EN = (
    "Agreement between the 3 raters (李明, 王芳 and 张伟) of site “红谷滩服务中心”: Krippendorff's "
    "alpha (α, interval) -0.47, (Likert level, ordinal) —; ICC(2,1) 0.00"
)
# The statistics explained, by hand (see above).
EXPLAINED = (
    "3 份测评得分的均值 91.00，标准差 1.00，标准误 0.58",
    "得分 91.0 距最近的门槛（AAAA 90.0）1.0 分，约 1.7 个标准误",
    "按目前的均值与离散程度，再增加 3 份测评，区间即可完全落在 AAAA 门槛 90.0 的一侧",
    "场所“红谷滩服务中心”的 3 位评价人（李明、王芳和张伟）之间的一致性",
)
EXPLAINED_EN = (
    "The 3 evaluation scores: mean 91.00, standard deviation 1.00, standard error 0.58",
    "The score 91.0 is 1.0 points from the nearest threshold (AAAA 90.0), about 1.7 standard "
    "errors",
    "At the present mean and spread, 3 more evaluations would place the interval wholly on one "
    "side of the AAAA threshold 90.0",
    "Agreement between the 3 raters (李明, 王芳 and 张伟) of site “红谷滩服务中心”",
)
ADVISORY = "统计数字仅供参考：认证等级只由认证方案的规则决定，这些数字不改变等级"


@pytest.fixture
def three(world):
    return fill_three(world)


def fill_three(world, alphas=("0.90", "0.91", "0.92")):
    """world.project in progress with the three sheets above (or rated *alphas*), every clause
    at 四级, both checklists conforming."""
    change_state(actor=world.leader, project=world.project, to=Project.State.IN_PROGRESS)
    scheme = default_scheme()
    assessment = world.project.assessment
    for n, (evaluator, alpha) in enumerate(
        zip(("李明", "王芳", "张伟"), alphas, strict=True), start=1
    ):
        save_evaluation(
            actor=world.leader,
            assessment=assessment,
            header={
                "code": f"E{n}",
                "evaluator": evaluator,
                "date": world.project.planned_start + datetime.timedelta(days=1),
                "site": world.site,
                "source": "auditor",
            },
            ratings={item: Rating.of_alpha(Decimal(alpha), scheme) for item in scheme.items},
        )
    assessment.refresh_from_db()
    save_maturity(
        actor=world.leader,
        assessment=assessment,
        levels={cid: {"level": 4} for cid in scheme.clauses},
        expected_version=assessment.maturity_version,
    )
    judge_all_conforming(assessment, world.leader)
    return world


def page(client, user, name, *args, en=False):
    client.force_login(user)
    if en:
        english(client)
    return client.get(reverse(name, args=args))


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def interval_block(content: str) -> str:
    match = re.search(r"<section class=\"card interval-figures\".*?</section>", content, re.S)
    return match.group(0) if match else ""


def words(content: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content)).replace("&lt;", "<")


def test_staff_see_the_interval_its_sentence_and_the_low_agreement(three, client):
    for user in (three.pm, three.leader, three.reviewer):
        block = interval_block(html(page(client, user, "project_detail", three.project.pk)))
        assert SENTENCE in words(block)
        assert LOW in words(block)
        assert ADVISORY in words(block)
        # Drawn for a wide box, a middling one and a phone (the stylesheet shows one).
        svgs = [ET.fromstring(s) for s in re.findall(r"<svg .*?</svg>", block, re.S)]
        assert [svg.get("class").split() for svg in svgs] == [
            ["chart", "interval", "interval-wide"],
            ["chart", "interval", "interval-medium"],
            ["chart", "interval", "interval-narrow"],
        ]


def explained(block: str) -> str:
    """The statistics' explanation folded in *block*: its words; "" when there is none."""
    match = re.search(r"<details[^>]*data-statistics-explained.*?</details>", block, re.S)
    return unescape(words(match.group(0))) if match else ""


def test_staff_see_the_statistics_explained_folded(three, client):
    for user in (three.pm, three.leader, three.reviewer):
        block = interval_block(html(page(client, user, "project_detail", three.project.pk)))
        details = re.search(r"<details[^>]*data-statistics-explained[^>]*>", block).group(0)
        assert " open" not in details  # closed until opened
        notes = explained(block)
        for note in (*EXPLAINED, AGREEMENT, LOW):
            assert note in notes
        assert ADVISORY not in notes  # its own line, below the flags
        assert words(block).count(ADVISORY) == 1


def test_the_statistics_explained_in_english(three, client):
    response = page(client, three.pm, "project_detail", three.project.pk, en=True)
    block = interval_block(html(response))
    notes = explained(block)
    for note in (*EXPLAINED_EN, AGREEMENT_EN, LOW_EN):
        assert note in notes
    assert "标准误" not in notes and "一致性" not in notes
    assert LOW_EN in unescape(words(block))


def test_the_flag_gives_its_figures_and_its_raters_a_sentence_of_their_own(three, client):
    zh = interval_block(html(page(client, three.pm, "project_detail", three.project.pk)))
    (flag,) = re.findall(r"<p class=\"error\" data-low-agreement>(.*?)</p>", zh, re.S)
    assert unescape(flag) == LOW  # no space before 评价人, the raters listed with 、 and 和
    en = interval_block(html(page(client, three.pm, "project_detail", three.project.pk, en=True)))
    (flag,) = re.findall(r"<p class=\"error\" data-low-agreement>(.*?)</p>", en, re.S)
    assert unescape(flag) == LOW_EN  # "attention. Raters:"


def test_the_reviewer_and_the_decider_see_the_frozen_statistics_explained(three, client):
    change_state(actor=three.leader, project=three.project, to=Project.State.EVALUATION_COMPLETE)
    review = interval_block(html(page(client, three.reviewer, "project_review", three.project.pk)))
    for note in (*EXPLAINED, LOW_FROZEN):
        assert note in explained(review)
    decisions.review(actor=three.reviewer, project=three.project, outcome="recommend", comment="齐")
    decision = interval_block(
        html(page(client, three.decider, "project_decision", three.project.pk, en=True))
    )
    notes = explained(decision)
    for note in EXPLAINED_EN:
        assert note in notes
    assert "(α, interval) -0.47 [-0.47, -0.47], below 0.67; ICC(2,1) 0.00 [0.00, 0.00]." in notes


def test_the_client_is_shown_no_explanation_nor_the_raters(three, client):
    decide(three)
    for en in (False, True):
        content = html(page(client, three.client, "project_detail", three.project.pk, en=en))
        block = interval_block(content)
        assert "<svg" in block  # the decided interval is shown
        assert explained(block) == "" and "data-statistics-explained" not in content
        for hidden in ("Krippendorff", "ICC", "李明", "王芳", "张伟", "一致性", "标准误"):
            assert hidden not in words(block)
        assert "standard error" not in words(block)


def test_the_page_draws_the_interval_where_its_figures_are(three, client):
    block = interval_block(html(page(client, three.pm, "project_detail", three.project.pk)))
    for drawn in re.findall(r"<svg .*?</svg>", block, re.S):  # wide, middling, phone
        svg = ET.fromstring(drawn)
        marks = {e.get("class"): e for e in svg.iter()}
        # 80.0 to 95.0 and the interval 88.52–93.48 drawn on 75–100 across the plot's box.
        assert (svg.get("data-low"), svg.get("data-high")) == ("75", "100")
        plot = marks["plot"]
        left, width = float(plot.get("x")), float(plot.get("width"))

        def at(value, left=left, width=width):
            return pytest.approx(left + width * (value - 75) / 25, abs=0.02)

        bar = marks["t-interval"]
        assert float(bar.get("x")) == at(88.52)
        assert float(bar.get("x")) + float(bar.get("width")) == at(93.48)
        lines = [e for e in svg.iter() if e.get("class") == "threshold"]
        assert {e.get("data-grade"): float(e.get("x1")) for e in lines} == {
            "AAA": at(80),
            "AAAA": at(90),
            "AAAAA": at(95),
        }


def test_the_sentence_in_english(three, client):
    response = page(client, three.pm, "project_detail", three.project.pk, en=True)
    block = words(interval_block(html(response)))
    assert SENTENCE_EN in block
    assert "Statistics advise; the scheme decides" in block
    assert "Low agreement between the raters of site “红谷滩服务中心”" in block


def test_the_client_sees_its_decided_interval_without_the_raters_agreement(three, client):
    before = html(page(client, three.client, "project_detail", three.project.pk))
    assert not interval_block(before) and SENTENCE not in words(before)
    decide(three)
    block = interval_block(html(page(client, three.client, "project_detail", three.project.pk)))
    assert SENTENCE in words(block) and ADVISORY in words(block)
    assert "<svg" in block
    assert LOW not in words(block) and "data-low-agreement" not in block
    for outsider in (three.beta_client, three.auditor_off):
        response = page(client, outsider, "project_detail", three.project.pk)
        assert response.status_code == 404


def test_the_reviewer_sees_the_frozen_interval_and_the_low_agreement(three, client):
    change_state(actor=three.leader, project=three.project, to=Project.State.EVALUATION_COMPLETE)
    block = interval_block(html(page(client, three.reviewer, "project_review", three.project.pk)))
    assert SENTENCE in words(block) and LOW_FROZEN in words(block)
    snapshot = three.project.snapshots.get()
    # Frozen with its statistics in both languages, the agreement with its intervals.
    assert snapshot.result["statistics"]["sentence"] == SENTENCE
    assert snapshot.result_en["statistics"]["sentence"] == SENTENCE_EN
    assert snapshot.result["statistics"]["agreement"][0]["low"] is True


def test_the_report_prints_the_sentence_draft_and_decided(three, client, tmp_path):
    def flat(content: bytes) -> str:
        return "".join(pdf_text(content, tmp_path).split())

    flat_sentence = "".join(SENTENCE.split())
    draft = page(client, three.leader, "project_report", three.project.pk)
    assert flat_sentence in flat(draft.content)
    assert "".join(SENTENCE_EN.split()) in flat(draft.content)
    decide(three)
    final = page(client, three.client, "project_report", three.project.pk)
    text = flat(final.content)
    assert flat_sentence in text and "".join(ADVISORY.split()) in text
    assert "一致性偏低" not in text  # the raters' agreement is not the client's report's


def test_an_interval_past_100_is_shown_cut_at_100_on_the_page_and_in_the_report(
    world, client, tmp_path
):
    high = fill_three(world, HIGH)
    block = interval_block(html(page(client, high.pm, "project_detail", high.project.pk)))
    assert CUT_SENTENCE in words(block) and "100.5–" not in words(block)
    svg = ET.fromstring(re.search(r"<svg .*?</svg>", block, re.S).group(0))
    bar = next(e for e in svg.iter() if e.get("class") == "t-interval")
    assert (bar.get("data-low"), bar.get("data-high")) == ("95.52", "100.00")
    assert [e for e in svg.iter() if e.get("class") == "cut"]  # the cut end marked
    english_block = unescape(
        words(
            interval_block(html(page(client, high.pm, "project_detail", high.project.pk, en=True)))
        )
    )
    assert CUT_SENTENCE_EN in english_block

    def flat(content: bytes) -> str:
        return "".join(pdf_text(content, tmp_path).split())

    draft = flat(page(client, high.leader, "project_report", high.project.pk).content)
    assert "".join(CUT_SENTENCE.split()) in draft
    assert "".join(CUT_SENTENCE_EN.split()) in draft
    change_state(actor=high.leader, project=high.project, to=Project.State.EVALUATION_COMPLETE)
    decisions.review(actor=high.reviewer, project=high.project, outcome="recommend", comment="齐")
    decisions.decide(
        actor=high.decider, project=high.project, outcome="grant", grade="AAAAA", decided_on=DAY
    )
    decided = flat(page(client, high.client, "project_report", high.project.pk).content)
    assert "".join(CUT_SENTENCE.split()) in decided


def _older_copy(snapshot, result: dict, result_en: dict) -> ResultSnapshot:
    """The next snapshot of the same frozen inputs, holding *result* and *result_en* as a
    snapshot frozen by an earlier release would (a snapshot is never changed: a new one)."""
    return ResultSnapshot.objects.create(
        project=snapshot.project,
        number=snapshot.number + 1,
        created_by=snapshot.created_by,
        scheme_label=snapshot.scheme_label,
        scheme_hash=snapshot.scheme_hash,
        inputs=snapshot.inputs,
        result=result,
        result_en=result_en,
        grade=snapshot.grade,
    )


def _without_statistics(result: dict) -> dict:
    return {k: v for k, v in result.items() if k != "statistics"}


def test_a_snapshot_frozen_before_the_statistics_shows_them_from_its_frozen_inputs(
    three, client, tmp_path
):
    change_state(actor=three.leader, project=three.project, to=Project.State.EVALUATION_COMPLETE)
    frozen = three.project.snapshots.get()
    older = _older_copy(
        frozen, _without_statistics(frozen.result), _without_statistics(frozen.result_en)
    )
    detail = page(client, three.reviewer, "snapshot_detail", three.project.pk, older.number)
    # Worked out from the frozen sheets (90, 91, 92): the sentence they were frozen with.
    block = words(interval_block(html(detail)))
    assert SENTENCE in block and LOW in block and ADVISORY in block
    decisions.review(actor=three.reviewer, project=three.project, outcome="recommend", comment="齐")
    decision = decisions.decide(
        actor=three.decider, project=three.project, outcome="grant", grade="AAAA", decided_on=DAY
    )
    assert decision.snapshot == older
    outcome = interval_block(html(page(client, three.client, "project_detail", three.project.pk)))
    assert SENTENCE in words(outcome) and LOW not in words(outcome)
    report = page(client, three.client, "project_report", three.project.pk)
    assert "".join(SENTENCE.split()) in "".join(pdf_text(report.content, tmp_path).split())
    # Shown, never written: the stored snapshot still has none.
    older.refresh_from_db()
    assert "statistics" not in older.result and "statistics" not in older.result_en


def test_a_snapshot_frozen_with_an_interval_past_100_is_shown_within_it(world, client):
    high = fill_three(world, HIGH)
    change_state(actor=high.leader, project=high.project, to=Project.State.EVALUATION_COMPLETE)
    frozen = high.project.snapshots.get()
    # As frozen before intervals were shown within the scale: no "interval_shown", and the
    # sentence printing the t interval's end 100.5.
    old = {k: v for k, v in frozen.result["statistics"].items() if k != "interval_shown"}
    old["sentence"] = (
        "以目前 3 份测评，服务特性测评得分的 95% 置信区间为 95.5–100.5，"
        "完全位于 AAAAA 门槛 95.0 之上。"
    )
    older = _older_copy(frozen, frozen.result | {"statistics": old}, frozen.result_en)
    detail = page(client, high.reviewer, "snapshot_detail", high.project.pk, older.number)
    block = words(interval_block(html(detail)))
    assert CUT_SENTENCE in block and "100.5，" not in block


def test_a_snapshot_today_scored_otherwise_shows_no_interval(three, client):
    """Statistics worked out again for an old snapshot are shown only around the score it
    froze: had the core come to score its inputs otherwise, the page would draw an interval
    around a score other than the one it prints."""
    change_state(actor=three.leader, project=three.project, to=Project.State.EVALUATION_COMPLETE)
    frozen = three.project.snapshots.get()
    result = _without_statistics(frozen.result)
    result["service"] = result["service"] | {"score": "88.8"}  # frozen 91.0 (90, 91, 92)
    older = _older_copy(frozen, result, _without_statistics(frozen.result_en))
    detail = html(page(client, three.reviewer, "snapshot_detail", three.project.pk, older.number))
    assert "88.8" in detail
    assert SENTENCE not in words(detail) and interval_block(detail) == ""
    # The same inputs frozen with their own score show theirs.
    same = _older_copy(
        older, _without_statistics(frozen.result), _without_statistics(frozen.result_en)
    )
    shown = html(page(client, three.reviewer, "snapshot_detail", three.project.pk, same.number))
    assert SENTENCE in words(interval_block(shown))
