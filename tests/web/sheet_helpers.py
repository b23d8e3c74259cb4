"""Helpers of the sheet tests: a logged-in browser in English and a filled-in sheet.

The item ids and weights are copied by hand from RULES.md §1 (Appendix 1),
not read from the scheme, so the tests check the scheme's data too.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from greencert.core.ratings import Rating
from greencert.core.registry import default_scheme
from greencert.web.projects.services.sheets import save_evaluation

SCHEME = default_scheme()

# RULES.md §1: 1 功能性 (1.1 5, 1.2 7, 1.3 5); characteristics 2–6 each 5/5/5; 7.1 8.
WEIGHTS = {"1.1": 5, "1.2": 7, "1.3": 5}
for _c in "23456":
    WEIGHTS |= {f"{_c}.1": 5, f"{_c}.2": 5, f"{_c}.3": 5}
WEIGHTS["7.1"] = 8
ITEMS = list(WEIGHTS)
assert len(ITEMS) == 19 and sum(WEIGHTS.values()) == 100

# RULES.md §2 / Appendix 3: 21 clauses; these eight are worth 10, the others 5.
CLAUSES = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "3.1", "3.2"]
CLAUSES += ["4.1", "4.2", "4.3", "4.4", "4.5", "5.1", "5.2", "6.1", "6.2", "6.3", "7.1", "7.2"]
WORTH_10 = {"4.1", "4.2", "4.3", "5.1", "5.2", "6.1", "6.2", "6.3"}
assert len(CLAUSES) == 21


def browser(client, user):
    """*client* logged in as *user*, reading the pages in English."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def sheet(alpha: dict | None = None, likert: dict | None = None, every="0.9", **header) -> dict:
    """POST data of an evaluation sheet: α *every* for items not given otherwise."""
    alpha, likert = alpha or {}, likert or {}
    data = {
        "code": "",
        "evaluator": "李审核",
        "date": "2026-05-11",
        "source": "auditor",
        "note": "",
        "save": "1",
    }
    data |= header
    for item in ITEMS:
        if item in likert:
            data[f"likert_{item}"] = str(likert[item])
        elif item in alpha:
            data[f"alpha_{item}"] = str(alpha[item])
        elif every is not None:
            data[f"alpha_{item}"] = every
    return data


def maturity(levels: dict | None = None, every=None, version=0, **extra) -> dict:
    """POST data of the maturity sheet."""
    levels = levels or {}
    data = {"version": str(version), "save": "1"}
    for clause in CLAUSES:
        level = levels.get(clause, every)
        data[f"level_{clause}"] = "" if level is None else str(level)
    return data | extra


def version_on(page) -> str:
    """The optimistic-lock version the sheet was opened with (its hidden field)."""
    return re.search(r'name="version" value="(\d+)"', page.content.decode()).group(1)


def add_evaluation(assessment, actor, every="0.9", alpha=None, code="", source="auditor"):
    """Store an evaluation directly through the service (set-up, not under test)."""
    alpha = alpha or {}
    ratings = {i: Rating.of_alpha(Decimal(alpha.get(i, every)), SCHEME) for i in ITEMS}
    return save_evaluation(
        actor=actor,
        assessment=assessment,
        header={
            "code": code,
            "evaluator": "王测评",
            "date": datetime.date(2026, 5, 11),
            "source": source,
        },
        ratings=ratings,
    )


def import_confirmed(client, project, file):
    """Upload *file* to the project's Excel import and confirm its preview; the last response
    (the preview itself when it offers nothing to confirm)."""
    preview = client.post(reverse("evaluation_import", args=(project.pk,)), {"file": file})
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode())
    if token is None:
        return preview
    url = reverse("evaluation_import_confirm", args=(project.pk,))
    return client.post(url, {"token": token.group(1)})
