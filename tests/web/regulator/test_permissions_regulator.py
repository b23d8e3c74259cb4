"""Who may open or post to the regulator's report: the administrators, who file it (its
audit-plan sheet names auditors by ID-document number).  Everyone else gets 404; an
anonymous visitor is sent to log in.

October 2026 holds one complete certificate row (so that it can be marked reported);
the world's two projects, planned today, are the events a "bring up to date" collects.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from greencert.web.regulator import services
from greencert.web.regulator.models import BodyCode, ReportPeriod, ReportRow
from tests.web.matrix import PERSONAS, assert_outcome, get_reading_only, post_checked, writes
from tests.workbook.test_regulator_report import certificate_row

FILERS = {"admin"}
OCTOBER = "2026-10"
BODY_CODES = {
    ("certification_project", "green_service"): "A01",
    ("certification_scope", "green_service"): "S01",
    ("multi_site", "yes"): "1",
    ("multi_site", "no"): "0",
}


def complete_october(world) -> ReportPeriod:
    services.save_body_codes(actor=world.admin, codes=BODY_CODES)
    period = ReportPeriod.objects.create(month=datetime.date(2026, 10, 1))
    values = json.loads(json.dumps(certificate_row(), cls=DjangoJSONEncoder))
    ReportRow.objects.create(
        period=period,
        sheet="certificate",
        source="certificate-event:0",
        subject="TB-GPS-2026-0001",
        event_on=datetime.date(2026, 10, 5),
        values=values,
    )
    return period


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple = ()
    method: str = "get"
    data: dict | None = None
    effect: object = None

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.name}"


def _reported() -> bool:
    return ReportPeriod.objects.get(month=datetime.date(2026, 10, 1)).is_reported


CASES = [
    Case("regulator_periods"),
    Case("regulator_period", (OCTOBER,)),
    Case("regulator_file", (OCTOBER,)),
    Case("regulator_codes"),
    Case(
        "regulator_codes",
        method="post",
        data={**{f"{k}.{e}": c for (k, e), c in BODY_CODES.items()}, "change_type.correction": "9"},
        effect=writes(
            "regulator.BodyCode",
            audit="greencert.regulator.code_set",
            check=lambda: (
                BodyCode.objects.get(code_list="change_type", key="correction").code == "9"
            ),
        ),
    ),
    Case(
        "regulator_collect",
        method="post",
        effect=writes(
            "regulator.ReportPeriod", "regulator.ReportRow", audit="greencert.regulator.collected"
        ),
    ),
    Case(
        "regulator_mark",
        (OCTOBER,),
        method="post",
        data={"confirmed": "yes"},
        effect=writes(
            "regulator.ReportPeriod", audit="greencert.regulator.reported", check=_reported
        ),
    ),
]


@pytest.fixture
def october(world):
    return complete_october(world)


def _request(http, case: Case, *, allowed: bool):
    url = reverse(case.name, args=case.args)
    if case.method == "post":
        return post_checked(http, url, case.data, allowed=allowed, effect=case.effect)
    return get_reading_only(http, url)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_only_the_administrators_file_the_report(case, persona, world, october, client):
    client.force_login(world.users()[persona])
    allowed = persona in FILERS
    response = _request(client, case, allowed=allowed)
    assert_outcome(client, response, allowed=allowed, method=case.method)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_anonymous_visitors_are_sent_to_log_in(case, world, october, client):
    response = _request(client, case, allowed=False)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
