"""Importing a filled Excel template into an assessment, all or nothing."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from greencert.core.exceptions import InputError, Problem
from greencert.web.projects.models import Assessment, Evaluation
from greencert.web.projects.scoring import scheme_of
from greencert.web.projects.services.sheets import save_evaluation, save_maturity
from greencert.web.projects.services.states import check_assessment_open
from greencert.workbook import read_workbook


@transaction.atomic
def import_workbook(*, actor, assessment: Assessment, stream) -> list[Evaluation]:
    """Add the evaluations (and maturity levels) of a filled template, all or nothing."""

    check_assessment_open(assessment)
    scheme = scheme_of(assessment)
    data = read_workbook(scheme, stream)  # raises InputError naming sheet and row
    sites = {site.name: site for site in assessment.organisation.sites.all()}
    unknown = [
        Problem(
            evaluation=entry["id"],
            message=_("site “%(site)s” is not one of the organisation's sites")
            % {"site": entry["site"]},
        )
        for entry in data.get("evaluations", [])
        if entry.get("site") and entry["site"] not in sites
    ]
    if unknown:
        raise InputError(unknown)
    created = []
    for entry in data.get("evaluations", []):
        site = sites.get(entry.get("site", ""))
        date = entry.get("date") or ""
        ratings = {i: {"alpha": a} for i, a in (entry.get("alpha") or {}).items()}
        ratings |= {i: {"likert": lv} for i, lv in (entry.get("likert") or {}).items()}
        created.append(
            save_evaluation(
                actor=actor,
                assessment=assessment,
                header={
                    "code": entry["id"],
                    "evaluator": entry.get("evaluator", ""),
                    "date": datetime.date.fromisoformat(date) if date else datetime.date.today(),
                    "site": site,
                    "source": entry.get("source", "auditor"),
                },
                ratings=ratings,
            )
        )
    if data.get("maturity"):
        current = {
            r.clause_id: {"level": r.level, "note": r.note} for r in assessment.clause_ratings.all()
        }
        current |= {cid: {"level": level} for cid, level in data["maturity"].items()}
        save_maturity(
            actor=actor,
            assessment=assessment,
            levels=current,
            expected_version=assessment.maturity_version,
        )
    return created
