"""The sheets as the API gives and takes them: an evaluation's ratings in the shape of the
input contract of ``greencert score`` (``alpha``: item → α as a string, ``likert``: item →
level), the maturity sheet as clause → level and note."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from greencert.web.api.schemas import IsoDate
from greencert.web.projects.models import Evaluation


class EvaluationOut(Schema):
    id: int
    code: str = Field(description="测评编号 Evaluation id (E1, E2, …)")
    evaluator: str
    rater: str | None = Field(
        description="评价人账号的用户名（审核组成员）The rater's account, by username"
    )
    date: datetime.date
    site: int | None = Field(
        description="场所 id，见组织的场所 The site's id (the organisation's sites)"
    )
    source: str = Field(description="来源 auditor, mystery_shopper, customer")
    note: str
    alpha: dict[str, str] = Field(description="体验系数 α，按项目，字符串 α by item, as strings")
    likert: dict[str, int] = Field(description="李克特等级，按项目 Likert levels by item")
    notes: dict[str, str] = Field(description="审核员备注，按项目 The auditor's notes by item")
    counts: bool = Field(description="计入服务得分 Counts in the service score")
    survey_response: bool = Field(
        description="顾客的问卷答复：不能修改或删除 A customer's survey response: never changed"
    )
    version: int = Field(description="版本（ETag 由此而来）The stored version (the ETag's)")
    created_at: datetime.datetime

    @staticmethod
    def resolve_rater(obj) -> str | None:
        return obj.rater.get_username() if obj.rater_id else None

    @staticmethod
    def resolve_site(obj) -> int | None:
        return obj.site_id

    @staticmethod
    def resolve_alpha(obj) -> dict[str, str]:
        return {r.item_id: str(r.alpha) for r in obj.ratings.all() if r.likert is None}

    @staticmethod
    def resolve_likert(obj) -> dict[str, int]:
        return {r.item_id: r.likert for r in obj.ratings.all() if r.likert is not None}

    @staticmethod
    def resolve_notes(obj) -> dict[str, str]:
        return {r.item_id: r.note for r in obj.ratings.all() if r.note}

    @staticmethod
    def resolve_survey_response(obj) -> bool:
        return hasattr(obj, "survey_response")


class EvaluationIn(Schema):
    """One complete sheet: every item of the scheme rated, by α or by Likert level."""

    code: str = Field(
        "",
        description="测评编号；留空：新建取下一个（E1、E2…），修改则保留"
        " Empty: the next free id when adding, kept when replacing",
    )
    evaluator: str = Field(min_length=1, description="测评人 Who evaluated")
    rater: str | None = Field(
        None,
        description="评价人账号的用户名：项目审核组成员，仅审核员与神秘顾客的测评；"
        "null 为不记录；修改时不传则保留 The rater's username: a member of the project's team, "
        "for an auditor's or mystery shopper's evaluation only; null: none recorded; left out "
        "when replacing: kept",
    )
    date: IsoDate = Field(description="测评日期 The evaluation date (YYYY-MM-DD)")
    site: int | None = Field(None, description="场所 id Site id (one of the organisation's)")
    source: Evaluation.Source = Field(
        Evaluation.Source.AUDITOR, description="来源 auditor, mystery_shopper or customer"
    )
    note: str = ""
    alpha: dict[str, str] = Field(
        default_factory=dict, description='α 按项目，字符串 α by item, as strings: {"1.1": "0.85"}'
    )
    likert: dict[str, int] = Field(
        default_factory=dict, description='李克特等级 Likert level by item: {"1.2": 4}'
    )
    notes: dict[str, str] = Field(default_factory=dict, description="备注，按项目 Notes by item")


class ClauseLevelOut(Schema):
    level: int | None = Field(
        description="成熟度等级 1–5；未评为 null Level 1–5, null: not yet rated"
    )
    note: str


class MaturityOut(Schema):
    version: int = Field(description="版本（ETag 由此而来）The stored version (the ETag's)")
    clauses: dict[str, ClauseLevelOut] = Field(description="21 个条款 The 21 clauses, in order")


class ClauseLevelIn(Schema):
    level: int | None = Field(None, description="1–5；null 为未评 null: not yet rated")
    note: str = ""


class MaturityIn(Schema):
    """The whole sheet: a clause left out is not rated (its level and note are cleared)."""

    clauses: dict[str, ClauseLevelIn] = Field(description='条款 → 等级与备注 {"4.1": {"level": 3}}')
