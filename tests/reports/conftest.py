"""A small assessment whose every figure is worked out by hand (below), and its context.

Within each characteristic every item has the same α, so an item's figures
equal its characteristic's.  Weights (Appendix 1): characteristic 1 = 17,
2–6 = 15 each, 7 = 8.

    characteristic   1     2     3     4     5     6     7
    E1 α           1.00  0.95  0.90  0.85  0.80  0.75  0.70
    E2 α           0.95  0.90  0.85  0.80  0.75  0.70  0.65
    mean α         0.975 0.925 0.875 0.825 0.775 0.725 0.675
    percent        97.5  92.5  87.5  82.5  77.5  72.5  67.5

    E1 = 17×1.00 + 15×(0.95+0.90+0.85+0.80+0.75) + 8×0.70 = 17 + 63.75 + 5.6 = 86.35
    E2 = 17×0.95 + 15×(0.90+0.85+0.80+0.75+0.70) + 8×0.65 = 16.15 + 60 + 5.2 = 81.35
    service score = (86.35 + 81.35) / 2 = 83.85 → half-up, 1 decimal → 83.9

    characteristic 7: mean α 0.675 shown 0.68 → band 4 高于预期 (0.6, 0.8]; points 8 × 0.675 = 5.4 → 5.40

Maturity: every clause at level 3 except 1.1 at 4 and 4.1 at 5.  Thirteen clauses
are worth 5 (level 3 = 3 points), eight worth 10 (level 3 = 6): 13×3 + 8×6 = 87;
1.1 at 4 gives +1, 4.1 at 5 gives 10 − 6 = +4: total 92 → 三级 [70, 95).

Grade (RULES.md §3): 83.9 ≥ 80.0, 三级 ≥ 二级, conformity passed (the one
nonconformity is a closed minor) → AAA.  To AAAA: 90.0 − 83.9 = 6.1 short;
the two evaluations together need 2 × 89.95 − 167.70 = +12.20 points.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from greencert.core import default_scheme
from greencert.core.assessment import assess_data
from tests.audit_verdicts import conforming

ALPHAS = {
    "E1": ["1.00", "0.95", "0.90", "0.85", "0.80", "0.75", "0.70"],
    "E2": ["0.95", "0.90", "0.85", "0.80", "0.75", "0.70", "0.65"],
}
PERCENTS = ["97.5", "92.5", "87.5", "82.5", "77.5", "72.5", "67.5"]
ORGANISATION = "江西绿源生活服务有限公司"


def sheet(values: list[str]) -> dict[str, Decimal]:
    scheme = default_scheme()
    return {
        item.id: Decimal(values[int(ch.id) - 1])
        for ch in scheme.characteristics
        for item in ch.items
    }


def small_input() -> dict:
    scheme = default_scheme()
    maturity = {cid: 3 for cid in scheme.clauses} | {"1.1": 4, "4.1": 5}
    return {
        "scheme": "CTS TBSC041-2026 B/0",
        "evaluations": [
            {
                "id": "E1",
                "source": "auditor",
                "site": "南昌红谷滩服务中心",
                "date": "2026-05-11",
                "evaluator": "李明",
                "alpha": sheet(ALPHAS["E1"]),
            },
            {
                "id": "E2",
                "source": "customer",
                "site": "九江服务网点",
                "date": "2026-05-12",
                "evaluator": "顾客 07",
                "alpha": sheet(ALPHAS["E2"]),
            },
        ],
        "maturity": maturity,
        "nonconformities": [
            {"id": "NC1", "clause": "5.2", "severity": "minor", "status": "closed"}
        ],
        "qms": conforming("qms"),
        "specific": conforming("specific"),
    }


@pytest.fixture(scope="session")
def scheme():
    return default_scheme()


@pytest.fixture(scope="session")
def result(scheme) -> dict:
    return assess_data(scheme, small_input()).as_dict()


@pytest.fixture
def context() -> dict:
    return {
        "organisation": ORGANISATION,
        "address": "江西省南昌市红谷滩区丰和中大道 1 号",
        "scope": "绿色产品服务：家电回收与以旧换新",
        "sites": ["南昌红谷滩服务中心", "九江服务网点"],
        "project_code": "TB-P-2026-017",
        "date": "2026-06-01",
        "team": [{"name": "李明", "role": "leader"}, {"name": "王芳", "role": "evaluator"}],
        "nonconformities": [
            {
                "id": "NC1",
                "clause": "5.2",
                "severity": "minor",
                "status": "closed",
                "description": "应急预案未演练",
            }
        ],
        "signatures": {"team_leader": "李明", "reviewer": "赵强"},
        "draft": True,
    }


@pytest.fixture
def certificate_fields() -> dict:
    return {
        "number": "TB-GPS-2026-0001",
        "revision": 1,
        "organisation": ORGANISATION,
        "address": "江西省南昌市红谷滩区丰和中大道 1 号",
        "scope": "绿色产品服务：家电回收与以旧换新",
        "sites": [{"name": "南昌红谷滩服务中心", "address": "南昌市红谷滩区"}],
        "scheme_label": "CTS TBSC041-2026 B/0",
        "scheme_title": "绿色产品服务认证技术规范",
        "grade": "AAAA",
        "granted_on": "2026-06-01",
        "expires_on": "2029-05-31",
        "issuer": "江西腾标认证有限公司",
        "signatory": "张伟",
        "site_url": "https://cert.example.cn",
    }
