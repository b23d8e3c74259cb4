"""The service blueprint (服务蓝图), §4.2.2 2)①: touchpoints and the lines between them.

§4.2.2 2)① asks the organisation to "识别可提供的接触点，确定服务接触面，建立服务蓝图"
(identify the touchpoints, define the service encounter, build the service
blueprint).  One blueprint belongs to one site and one service.  It is an
ordered list of steps; each step holds, lane by lane from the customer
down:

- ``customer``: the customer's action (顾客行为), one text;
- ``contacts``: the contact points in front of the customer (前台接触点),
  each typed ``people`` (人员), ``equipment`` (设备设施) or ``digital`` (数字);
- ``backstage``: the back-office actions the customer does not see (后台行为);
- ``support``: the support processes behind them (支持过程).

The boundaries between the lanes are the line of interaction (互动分界线),
the line of visibility (可视分界线) and the line of internal interaction
(内部互动分界线): see :data:`LINES`.

:meth:`Blueprint.of` builds one from plain data (JSON) and refuses bad input
with :class:`~greencert.core.exceptions.Problem`\\ s naming the step and the
field; :meth:`Blueprint.as_data` gives the plain data back.

>>> bp = Blueprint.of({"steps": [
...     {"customer": " 进店咨询 ", "contacts": [{"kind": "people", "text": "接待员"}],
...      "backstage": ["查询库存"], "support": ["会员系统"]},
...     {"customer": "扫码付款", "contacts": [{"kind": "digital", "text": "收银小程序"}]},
... ]})
>>> [step.customer for step in bp.steps]
['进店咨询', '扫码付款']
>>> bp.steps[1].as_data()
{'customer': '扫码付款', 'contacts': [{'kind': 'digital', 'text': '收银小程序'}], 'backstage': [], 'support': []}
>>> Blueprint.of(bp.as_data()) == bp
True

A bad value is refused, and the problem says where, in either language:

>>> try:
...     Blueprint.of({"steps": [{"customer": "", "contacts": [{"kind": "robot", "text": "x"}]}]})
... except InputError as exc:
...     print(exc.texts("en")); print(exc.texts("zh-hans"))
['step 1 customer action: must not be empty', 'step 1 contact points: entry 1: type robot is not one of people, equipment, digital']
['第 1 步 顾客行为：不能为空', '第 1 步 前台接触点：第 1 条：类型 robot 不是 people（人员）、equipment（设备设施）、digital（数字）之一']
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from greencert.core.exceptions import InputError, Problem

MAX_STEPS = 30  # a blueprint of more steps is better split by service
MAX_ENTRIES = 8  # contact points, backstage actions or support processes in one step
MAX_TEXT = 120  # characters of one text

CONTACT_KINDS = ("people", "equipment", "digital")
LANE_FIELDS = ("customer", "contacts", "backstage", "support")

# (key, zh-hans, en): how the parts are named on the page, in the drawing and in the report.
LANE_NAMES = {
    "customer": ("顾客行为", "Customer actions"),
    "contacts": ("前台接触点", "Contact points (onstage)"),
    "backstage": ("后台行为", "Backstage actions"),
    "support": ("支持过程", "Support processes"),
}
CONTACT_NAMES = {
    "people": ("人员", "people"),
    "equipment": ("设备设施", "equipment"),
    "digital": ("数字", "digital"),
}
# The line below each lane but the last: interaction, visibility, internal interaction.
LINES = {
    "customer": ("互动分界线", "line of interaction"),
    "contacts": ("可视分界线", "line of visibility"),
    "backstage": ("内部互动分界线", "line of internal interaction"),
}


@dataclass(frozen=True)
class ContactPoint:
    """One contact point in front of the customer: people, equipment or digital."""

    kind: str
    text: str

    def as_data(self) -> dict:
        return {"kind": self.kind, "text": self.text}


@dataclass(frozen=True)
class Step:
    customer: str
    contacts: tuple[ContactPoint, ...] = ()
    backstage: tuple[str, ...] = ()
    support: tuple[str, ...] = ()

    def as_data(self) -> dict:
        return {
            "customer": self.customer,
            "contacts": [c.as_data() for c in self.contacts],
            "backstage": list(self.backstage),
            "support": list(self.support),
        }


@dataclass(frozen=True)
class Blueprint:
    steps: tuple[Step, ...]

    @classmethod
    def of(cls, data: object) -> Blueprint:
        """A blueprint from plain data, or :class:`InputError` listing every problem."""
        problems: list[Problem] = []
        if not isinstance(data, dict):
            raise InputError(Problem(code="input.not_object", path="blueprint", value=data))
        problems += [
            Problem(code="input.unknown_key", params={"key": repr(k)}, path="blueprint")
            for k in data
            if k != "steps"
        ]
        raw = data.get("steps")
        if not isinstance(raw, list):
            raise InputError([*problems, Problem(code="input.not_list", path="blueprint.steps")])
        if not raw:
            problems.append(Problem(code="blueprint.no_steps", path="blueprint.steps"))
        elif len(raw) > MAX_STEPS:
            problems.append(
                Problem(
                    code="blueprint.too_many_steps",
                    params={"count": str(len(raw)), "limit": str(MAX_STEPS)},
                    path="blueprint.steps",
                )
            )
        steps = tuple(_step(n, entry, problems) for n, entry in enumerate(raw, start=1))
        if problems:
            raise InputError(problems)
        return cls(steps)

    def as_data(self) -> dict:
        return {"steps": [step.as_data() for step in self.steps]}


def _step(n: int, data: object, problems: list[Problem]) -> Step:
    if not isinstance(data, dict):
        problems.append(Problem(code="input.not_record", step=n))
        return Step("")
    problems += [
        Problem(code="input.unknown_key", params={"key": repr(k)}, step=n)
        for k in data
        if k not in LANE_FIELDS
    ]
    found: list[Problem] = []
    customer = _text(data.get("customer"), found)
    problems += [p.at(step=n, field="customer") for p in found]
    contacts = tuple(
        ContactPoint(kind, text)
        for kind, text in _entries(n, "contacts", data.get("contacts"), problems, _contact)
    )
    backstage = tuple(_entries(n, "backstage", data.get("backstage"), problems, _text))
    support = tuple(_entries(n, "support", data.get("support"), problems, _text))
    return Step(customer, contacts, backstage, support)


def _entries(n: int, field: str, data: object, problems: list[Problem], read) -> list:
    """The entries of one lane of step *n*, each read by *read*; problems name the entry."""
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(Problem(code="input.not_list", step=n, field=field))
        return []
    if len(data) > MAX_ENTRIES:
        problems.append(
            Problem(
                code="blueprint.too_many_entries",
                params={"count": str(len(data)), "limit": str(MAX_ENTRIES)},
                step=n,
                field=field,
            )
        )
    out = []
    for number, entry in enumerate(data, start=1):
        found: list[Problem] = []
        value = read(entry, found)
        problems += [
            Problem(
                code=f"blueprint.entry:{p.code}",  # the entry's own problem, with its number
                params={**p.params, "entry": str(number)},
                step=n,
                field=field,
            )
            for p in found
        ]
        if not found:
            out.append(value)
    return out


def _text(value: object, problems: list[Problem]) -> str:
    """One text: stripped, NFC; refused when not text, empty or longer than MAX_TEXT."""
    if not isinstance(value, str):
        problems.append(
            Problem(code="blueprint.not_text" if value is not None else "blueprint.empty")
        )
        return ""
    text = unicodedata.normalize("NFC", " ".join(value.split()))
    if not text:
        problems.append(Problem(code="blueprint.empty"))
    elif len(text) > MAX_TEXT:
        problems.append(
            Problem(
                code="blueprint.too_long", params={"length": str(len(text)), "limit": str(MAX_TEXT)}
            )
        )
    return text


def _contact(value: object, problems: list[Problem]) -> tuple[str, str]:
    if not isinstance(value, dict):
        problems.append(Problem(code="input.not_record"))
        return "", ""
    kind = value.get("kind")
    if kind not in CONTACT_KINDS:
        problems.append(
            Problem(
                code="blueprint.contact_kind",
                params={"value": str(kind)},
            )
        )
    return kind, _text(value.get("text"), problems)
