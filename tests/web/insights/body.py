"""The body's figures the insights pages are tested on, with what they must show by hand.

* 绿源 (world.alpha, 物业服务, 360102 南昌): world.project, granted AAAA in 2026; every item
  0.80 but the first 0.70; the first clause at level 2, the rest 4.  An older surveillance
  result of 2025 (T project, AAAAA) is another cycle of 绿源.
* Five certified peers 同业一 … 同业五 of 物业服务 in 360102: AAA, AAA, AAAA, AAAA, AAAAA in
  2026; items at 0.70, 0.75, 0.85, 0.90, 0.95, the first item at 0.50, 0.55, 0.65, 0.70, 0.75.
* 蓝天 (world.beta, 其他, 110105 北京): AAAAA in 2025, items 0.90.
* Not counted: 同业一's earlier result (not current) granted AAAAA in 2024, and 未决组织's
  current result with no decision.
* Deviations on current results: 李明 +4, +5, +6 (lenient); 王芳 −1, 0, +2 (no flag).

Each certified organisation counts once: by sector and region, and in the weakest items and
clauses, by its latest certified result; by year, by its latest certified result of that year.

By hand — grades by year: 2025 AAAAA 2 (蓝天, 绿源's surveillance), 2026 AAA 2, AAAA 3,
AAAAA 1.  By sector 物业服务 (and region 江西): 绿源 by its 2026 AAAA, the five peers: AAA 2,
AAAA 3, AAAAA 1, 6 in all.  Weakest item: the first, over the seven organisations,
(0.70 + 0.50 + 0.55 + 0.65 + 0.70 + 0.75 + 0.90) / 7 = 4.75 / 7 = 0.679 (绿源's older
surveillance result, every item at 0.80, is not its latest).  Weakest clause: the first,
(2 + 4 × 6) / 7 = 26 / 7 = 3.71.
"""

from __future__ import annotations

from decimal import Decimal

from greencert.web.certification.models import RaterDeviation
from greencert.web.projects.models import Project
from tests.web.insights.support import ITEMS, SCHEME, organisation, stored

FIRST_ITEM, FIRST_CLAUSE = ITEMS[0], next(iter(SCHEME.clauses))
PEERS = ["同业一", "同业二", "同业三", "同业四", "同业五"]


def build(world):
    actor = world.pm
    for o, region, sector in ((world.alpha, "360102", "物业服务"), (world.beta, "110105", "其他")):
        o.region_code, o.industry = region, sector
        o.save()
    Project.objects.filter(pk=world.project.pk).update(state=Project.State.DECIDED)
    world.project.refresh_from_db()
    own = stored(
        world.alpha,
        actor=actor,
        project=world.project,
        grade="AAAA",
        alpha="0.80",
        items={FIRST_ITEM: Decimal("0.70")},
        clauses={FIRST_CLAUSE: 2},
    )
    older = stored(
        world.alpha, actor=actor, grade="AAAAA", year=2025, alpha="0.80", kind="surveillance"
    )
    peers = []
    for name, grade, alpha, first in zip(
        PEERS,
        ("AAA", "AAA", "AAAA", "AAAA", "AAAAA"),
        ("0.70", "0.75", "0.85", "0.90", "0.95"),
        ("0.50", "0.55", "0.65", "0.70", "0.75"),
        strict=True,
    ):
        peer = organisation(name)
        if name == "同业一":
            stored(peer, actor=actor, grade="AAAAA", year=2024, current=False)
        peers.append(
            stored(peer, actor=actor, grade=grade, alpha=alpha, items={FIRST_ITEM: Decimal(first)})
        )
    stored(world.beta, actor=actor, grade="AAAAA", year=2025, region="110105", sector="其他")
    stored(organisation("未决组织"), actor=actor, grade="")
    for rater, values in (("李明", (4, 5, 6)), ("王芳", (-1, 0, 2))):
        for figures, value in zip((own, older, peers[0]), values, strict=True):
            RaterDeviation.objects.create(
                figures=figures, site="现场", rater=rater, deviation=value, co_raters=1
            )
    return world
