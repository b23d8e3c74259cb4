"""One assessment, start to finish: the single entry point callers use.

:func:`assess` takes the typed input, an
:class:`~greencert.core.assessment_input.AssessmentInput` (built from typed
values by its constructors, or read from plain data by
:func:`~greencert.core.inputs.parse_assessment`, see :func:`assess_data`),
and returns an :class:`Assessment` holding every figure, the grade, its
explanation and the gap to the next grade.  :meth:`Assessment.as_dict` is
the JSON contract of ``greencert score --json``: decimal figures are
strings, exactly as shown to people.

Parts of that output that follow the official-score rules (issue 11 part 5):

- ``service`` counts every evaluation except those of source ``"self"``
  (§5.1.2); ``self_assessment`` (``null`` when there are none) gives those
  apart: ``score``, ``n`` and ``evaluations``, never a grade.  Only
  self-evaluations: ``service`` is ``null`` and there is no grade.
- An item's or characteristic's ``band`` is that of its exact mean α;
  ``mean_alpha`` is shown at 2 decimals, or cut at 4 with "…" (``"0.8033…"``)
  where 2 decimals would read as the band below.
- ``service.rounded_apart`` lists the characteristics whose items' shown
  ``points`` do not add up to their own shown ``points`` (each is rounded on
  its own); the explanation says so (``service.rounded_apart``).
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import not_

from greencert.core.conformity import (
    ConformityResult,
    audit_notes,
    check_conformity,
    checklist_audits,
)
from greencert.core.explanation import Note
from greencert.core.grade import decide_grade, level_names
from greencert.core.inputs import AssessmentInput, parse_assessment
from greencert.core.maturity import ManagementResult, score_management
from greencert.core.next_grade import NextGrade, next_grade
from greencert.core.rounding import cut, round_half_up
from greencert.core.scheme import Scheme
from greencert.core.service import (
    ServiceResult,
    chosen,
    likert_ratings,
    official_flags,
    score_service,
)

CONTRACT = 2  # the version of the ``as_dict`` / ``--json`` output (2: checklist audits, issue 11)


@dataclass(frozen=True)
class Assessment:
    scheme: Scheme
    input: AssessmentInput
    service: ServiceResult | None
    management: ManagementResult | None
    conformity: ConformityResult
    grade: str | None
    notes: tuple[Note, ...]
    next_grade: NextGrade | None
    # The organisation's own evaluations (source "self"), scored apart: never official (§5.1.2).
    self_assessment: ServiceResult | None = None

    def explanation(self, lang: str = "zh-hans") -> list[dict]:
        return [note.as_dict(lang) for note in self.notes]

    def as_dict(self, lang: str = "zh-hans") -> dict:
        audits = self.conformity.audits
        return {
            "contract": CONTRACT,
            "scheme": self.scheme.identity,
            "service": _service_dict(self.service),
            "self_assessment": _self_dict(self.self_assessment),
            "management": _management_dict(self.management),
            "qms": audits["qms"].as_dict() if "qms" in audits else None,
            "specific": audits["specific"].as_dict() if "specific" in audits else None,
            "conformity": {
                "passed": self.conformity.passed,
                "reasons": [
                    n.text(lang)
                    for n in self.notes
                    if n.code.startswith("conformity.") and n.code != "conformity.passed"
                ],
            },
            "grade": self.grade,
            "explanation": self.explanation(lang),
            "next_grade": self.next_grade.as_dict() if self.next_grade else None,
        }


def assess(scheme: Scheme, data: AssessmentInput, *, predict_from_self: bool = False) -> Assessment:
    """Compute an assessment; the input is already validated, so nothing here fails half-way.

    Self-evaluations never count in the official service score (§5.1.2): they
    are scored apart, in ``self_assessment``.  *predict_from_self* is for an
    organisation's own prediction only (never a certification result): its
    self-evaluations are scored as if they were the official ones, and the
    explanation says so.
    """
    evaluations = data.evaluations or ()
    official = official_flags(evaluations)
    if predict_from_self or all(official):
        counted, own = evaluations, ()
    else:
        counted = chosen(evaluations, official)
        own = chosen(evaluations, list(map(not_, official)))
    service = score_service(scheme, counted)
    self_assessment = score_service(scheme, own)
    notes = _service_notes(scheme, service, self_assessment)
    if predict_from_self and not all(official):
        notes.append(Note("§5.1.2", "service.self_predicted"))

    management = score_management(scheme, data.maturity) if data.maturity is not None else None
    if management is None:
        notes.append(Note("§5.2", "management.absent"))
    else:
        notes.extend(_management_notes(scheme, management))

    audits = checklist_audits(data, scheme)
    conformity = check_conformity(scheme, management, data.nonconformities, audits=audits)
    notes.extend(audit_notes(conformity, data.exemption))
    notes.extend(_conformity_notes(conformity))

    grade, upcoming = None, None
    if service and management and management.complete:
        grade, grade_notes = decide_grade(
            scheme, service.score, management.level, conformity.passed
        )
        notes.extend(grade_notes)
        upcoming = next_grade(scheme, grade, service, management, conformity)
    else:
        notes.append(Note("§5.3", "grade.incomplete"))
    return Assessment(
        scheme,
        data,
        service,
        management,
        conformity,
        grade,
        tuple(notes),
        upcoming,
        self_assessment,
    )


def _service_notes(
    scheme: Scheme, service: ServiceResult | None, own: ServiceResult | None
) -> list[Note]:
    """How the service score was reached (§5.1), and where self-evaluations went (§5.1.2)."""
    if service is None:
        if own is None:
            return [Note("§5.1.2", "service.absent")]
        return [Note("§5.1.2", "service.self_only", {"n": str(own.n), "score": str(own.score)})]
    notes = [Note("附录1 / §5.1.1", "service.items", {"count": str(len(scheme.items))})]
    likert = likert_ratings(service.counted)
    if likert:
        mapping = ", ".join(f"{b.level}→{b.alpha}" for b in scheme.likert)
        notes.append(
            Note("§5.1.1 2)", "service.likert", {"count": str(likert), "mapping": mapping})
        )
    edges = [
        (key, fig)
        for key, fig in [*service.characteristics.items(), *service.items.items()]
        if fig.alpha_past_edge
    ]
    if edges:
        listed = "; ".join(
            f"{key}: {fig.shown_alpha()} > {fig.band.lower} → {fig.band.level}"
            for key, fig in edges
        )
        notes.append(Note("§5.1.1 2)", "service.band_exact", {"figures": listed}))
    if service.rounded_apart:
        listed = "; ".join(
            f"{cid}: {' + '.join(map(str, parts))} = {sum(parts)} ≠ {whole}"
            for cid, (parts, whole) in service.rounded_apart.items()
        )
        notes.append(Note("§5.1.1 1)", "service.rounded_apart", {"figures": listed}))
    notes.append(
        Note(
            "§5.1.2",
            "service.mean",
            {
                "n": str(service.n),
                "sum": str(round_half_up(service.mean * service.n, 2)),
                "mean": shown_mean(service.mean),
                "places": str(scheme.service_score_places),
                "score": str(service.score),
            },
        )
    )
    if own is not None:
        notes.append(
            Note("§5.1.2", "service.self_apart", {"n": str(own.n), "score": str(own.score)})
        )
    return notes


def shown_mean(mean) -> str:
    """The exact mean for the explanation: exact if it has at most 4 decimals, else cut (not
    rounded) at 4 with "…", so it never seems to contradict the score rounded from it."""
    return cut(mean, 4)


def assess_data(scheme: Scheme, raw: object) -> Assessment:
    """Validate plain data (decoded JSON) and assess it; raises InputError on bad input."""
    return assess(scheme, parse_assessment(raw, scheme))


def _management_notes(scheme: Scheme, management: ManagementResult) -> list[Note]:
    if not management.complete:
        missing = management.missing
        return [
            Note(
                "附录3 说明1",
                "management.incomplete",
                {"count": str(len(missing)), "clauses": ", ".join(missing)},
            )
        ]
    band = management.band
    level_zh, level_en = level_names(scheme, band.level)
    closing = "]" if band.closed_above else ")"
    notes = [
        Note("附录3 说明2", "management.total", {"total": str(management.total)}),
        Note(
            "附录3 说明3",
            "management.level",
            {
                "total": str(management.total),
                "range": f"[{band.lower}, {band.upper}{closing}",
                "level": level_zh,
                "level_en": level_en,
            },
        ),
    ]
    rated = [r.level for r in management.clauses.values()]
    lowest, highest = min(rated), max(rated)
    if not lowest <= band.level <= highest:
        # RULES.md §2: the bands are not proportional; say so where it shows (one level
        # given everywhere is named once, not as a range from it to itself).
        low_zh, low_en = clause_level_names(scheme, lowest)
        high_zh, high_en = clause_level_names(scheme, highest)
        code = (
            "management.disproportion" if lowest < highest else "management.disproportion_uniform"
        )
        notes.append(
            Note(
                "附录3 说明3",
                code,
                {
                    "lowest": low_zh,
                    "lowest_en": low_en,
                    "highest": high_zh,
                    "highest_en": high_en,
                    "total": str(management.total),
                    "level": level_zh,
                    "level_en": level_en,
                },
            )
        )
    return notes


def clause_level_names(scheme: Scheme, level: int) -> tuple[str, str]:
    """The name of a clause's maturity level (§5.2.5), in Chinese and English."""
    return scheme.maturity_levels[level - 1].name, f"level {level}"


def _conformity_notes(conformity: ConformityResult) -> list[Note]:
    if conformity.passed:
        return [Note("§5.3", "conformity.passed")]
    notes = []
    if conformity.unrated:
        notes.append(
            Note(
                "§5.3",
                "conformity.unrated",
                {"count": str(len(conformity.unrated)), "clauses": ", ".join(conformity.unrated)},
            )
        )
    if conformity.open_major:
        notes.append(
            Note("§5.3", "conformity.open_major", {"ids": ", ".join(conformity.open_major)})
        )
    if conformity.minor_without_plan:
        notes.append(
            Note(
                "§5.3",
                "conformity.minor_without_plan",
                {"ids": ", ".join(conformity.minor_without_plan)},
            )
        )
    return notes


def _service_dict(service: ServiceResult | None) -> dict | None:
    if service is None:
        return None
    return {
        "score": str(service.score),
        "n": service.n,
        "evaluations": _evaluation_rows(service),
        "items": {item_id: fig.shown() for item_id, fig in service.items.items()},
        "characteristics": {cid: fig.shown() for cid, fig in service.characteristics.items()},
        # Characteristics whose items, each rounded on its own, do not add up to them as shown.
        "rounded_apart": list(service.rounded_apart),
    }


def _self_dict(own: ServiceResult | None) -> dict | None:
    """The self-evaluations apart: how many, their mean and each one's score (never a grade)."""
    if own is None:
        return None
    return {
        "score": str(own.score),
        "n": own.n,
        "evaluations": _evaluation_rows(own),
    }


def _evaluation_rows(service: ServiceResult) -> list[dict]:
    return [
        {
            "id": r.evaluation.id,
            "source": r.evaluation.source,
            "site": r.evaluation.site,
            "score": str(r.shown_score),
        }
        for r in service.evaluations
    ]


def _management_dict(management: ManagementResult | None) -> dict | None:
    if management is None:
        return None
    return {
        "total": management.total,
        "level": management.level,
        "complete": management.complete,
        "missing": management.missing,
        "clauses": {
            cid: {"level": r.level, "points": r.points, "worth": r.clause.worth}
            for cid, r in management.clauses.items()
        },
    }
