"""Importing a filled Excel template into an assessment, all or nothing."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from greencert.core.assessment_input import AssessmentInput
from greencert.core.exceptions import InputError, Problem
from greencert.core.inputs import parse_assessment
from greencert.core.ratings import Rating
from greencert.web.projects.models import Assessment, Evaluation
from greencert.web.projects.scoring import scheme_of
from greencert.web.projects.services.sheets import save_evaluation, save_maturity
from greencert.web.projects.services.states import check_assessment_open
from greencert.workbook import read_workbook


def import_workbook(*, actor, assessment: Assessment, stream) -> list[Evaluation]:
    """Add the evaluations (and maturity levels) of a filled template, all or nothing.

    The file is an edge like the command line: its cells are read into the
    input contract (naming sheet and row for each problem), which the core
    reads once into typed evaluations; those are stored as they are.
    The file is read before the transaction: on SQLite a transaction holds
    the whole database's write lock from its start, and reading is the slow part.
    """
    scheme = scheme_of(assessment)
    parsed = parse_assessment(read_workbook(scheme, stream), scheme)
    return _store(actor, assessment, parsed)


@transaction.atomic
def _store(actor, assessment: Assessment, parsed: AssessmentInput) -> list[Evaluation]:
    check_assessment_open(assessment)
    sites = {site.name: site for site in assessment.organisation.sites.all()}
    unknown = [
        Problem(
            evaluation=e.id,
            message=_("site “%(site)s” is not one of the organisation's sites") % {"site": e.site},
        )
        for e in parsed.evaluations or ()
        if e.site and e.site not in sites
    ]
    if unknown:
        raise InputError(unknown)
    created = [
        save_evaluation(
            actor=actor,
            assessment=assessment,
            header={
                "code": e.id,
                "evaluator": e.evaluator,
                "date": datetime.date.fromisoformat(e.date) if e.date else datetime.date.today(),
                "site": sites.get(e.site),
                "source": e.source,
            },
            ratings={i: Rating(alpha, e.likert.get(i)) for i, alpha in e.alphas.items()},
        )
        for e in parsed.evaluations or ()
    ]
    if parsed.maturity:
        current = {
            r.clause_id: {"level": r.level, "note": r.note} for r in assessment.clause_ratings.all()
        }
        current |= {cid: {"level": level} for cid, level in parsed.maturity.items()}
        save_maturity(
            actor=actor,
            assessment=assessment,
            levels=current,
            expected_version=assessment.maturity_version,
        )
    return created
