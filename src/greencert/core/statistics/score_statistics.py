"""How sure a service score is: the statistics of one assessment (issue 18 §1, §2).

Statistics advise; the scheme decides.  Nothing here changes a grade: the
grade is the core's (:mod:`greencert.core.grade`), and leave-one-out asks
that same rule what the grade would be without each evaluation.

:func:`score_statistics` takes an :class:`~greencert.core.assessment.Assessment`
and returns a :class:`ScoreStatistics`: plain figures (the interval, the
thresholds with the side each lies on, each source's mean and interval) that
a page or a PDF draws on the grade scale without computing anything, and
the explanation as notes in Chinese and English.

>>> from greencert.core import default_scheme
>>> from greencert.core.assessment import assess_data
>>> from greencert.core.inputs import parse_assessment
>>> import json
>>> from importlib import resources
>>> example = json.loads((resources.files("greencert") / "examples" / "assessment.json").read_text())
>>> s = score_statistics(assess_data(default_scheme(), example))
>>> s.sample.n, s.score, [t.side for t in s.thresholds]
(3, Decimal('91.3'), ['above', 'straddles', 'straddles'])
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from greencert.core.assessment import Assessment
from greencert.core.explanation import Note
from greencert.core.grade import decide_grade
from greencert.core.service import service_score
from greencert.core.statistics.agreement import RESAMPLES as AGREEMENT_RESAMPLES
from greencert.core.statistics.agreement import SiteAgreement, site_agreements
from greencert.core.statistics.placement import more_needed, side
from greencert.core.statistics.sample import (
    BOOTSTRAP_MAX_N,
    Difference,
    Interval,
    Sample,
    bootstrap_interval,
    describe_units,
    welch,
)
from greencert.core.statistics.wording import notes_for

SOURCES = ("auditor", "mystery_shopper", "customer")
MOST_DISAGREEING = 5


@dataclass(frozen=True)
class Threshold:
    grade: str
    score: Decimal  # the grade row's service minimum (§5.3)
    side: str | None  # where the t interval lies: above, below, straddles; None without one


@dataclass(frozen=True)
class ItemDisagreement:
    item: str
    spread: Fraction  # highest source's mean α − lowest source's
    means: dict[str, Fraction]  # source → mean α on the item


@dataclass(frozen=True)
class ScoreStatistics:
    places: int  # the service score's decimals (the interval is shown the same way)
    sample: Sample  # n, exact mean, sd, se and the t interval of the evaluation scores
    score: Decimal  # the scheme's service score (rounded once)
    bootstrap: Interval | None
    thresholds: tuple[Threshold, ...]  # lowest first
    nearest: Threshold | None  # the threshold nearest the mean
    margin_se: float | None  # (mean − nearest) / se
    more_needed: int | None  # evaluations at this mean and spread that place the interval
    leave_one_out: tuple[str, ...] | None  # ids whose removal alone changes the grade
    by_source: dict[str, Sample]  # the sources that have evaluations
    auditor_minus_customer: Difference | None
    disagreement: tuple[ItemDisagreement, ...]
    agreement: tuple[SiteAgreement, ...]
    notes: tuple[Note, ...]

    @property
    def margin_points(self) -> Decimal | None:
        """The score's distance from the nearest threshold, as the scheme compares (signed)."""
        return None if self.nearest is None else self.score - self.nearest.score


def score_statistics(
    assessment: Assessment, *, agreement_resamples: int = AGREEMENT_RESAMPLES
) -> ScoreStatistics | None:
    """The statistics of the official service score; ``None`` when there is none.

    *agreement_resamples*: the resamples behind each agreement measure's interval, most of the
    time taken here; 0 gives the measures without intervals (a page that shows only the
    low-agreement flag, which reads the values alone).
    """
    service = assessment.service
    if service is None:
        return None
    scheme = assessment.scheme
    scale = 10**scheme.alpha_places
    scores = [Fraction(u, scale) for u in service.units] if service.n <= BOOTSTRAP_MAX_N else []
    sample = describe_units(service.units, scale)
    places = scheme.service_score_places
    thresholds = tuple(
        Threshold(
            row.grade,
            row.min_service,
            side(sample.interval, row.min_service, places) if sample.interval else None,
        )
        for row in sorted(scheme.grades, key=lambda row: row.min_service)
    )
    nearest = min(thresholds, key=lambda t: abs(sample.mean - Fraction(t.score)), default=None)
    margin_se = None
    if nearest is not None and sample.se:
        margin_se = float(sample.mean - Fraction(nearest.score)) / sample.se
    more = None
    if nearest is not None and sample.sd is not None:
        more = more_needed(float(sample.mean), sample.sd, sample.n, nearest.score, places)
    by_source = _by_source(service.counted, service.units, scale)
    figures = ScoreStatistics(
        places,
        sample,
        service.score,
        bootstrap_interval(scores),
        thresholds,
        nearest,
        margin_se,
        more,
        _leave_one_out(assessment, service.units, scale),
        by_source,
        _auditor_minus_customer(by_source),
        _disagreement(scheme, service.counted),
        site_agreements(scheme, service.counted, agreement_resamples),
        (),
    )
    return _with_notes(figures)


def _with_notes(figures: ScoreStatistics) -> ScoreStatistics:
    """The figures with their explanation (worded from the figures, so made after them)."""
    return replace(figures, notes=tuple(notes_for(figures)))


def _auditor_minus_customer(by_source: dict[str, Sample]) -> Difference | None:
    if "auditor" not in by_source or "customer" not in by_source:
        return None
    return welch(by_source["auditor"], by_source["customer"])


def _by_source(evaluations, units, scale) -> dict[str, Sample]:
    chosen: dict[str, list[int]] = {}
    for e, u in zip(evaluations, units, strict=True):
        chosen.setdefault(e.source, []).append(u)
    return {source: describe_units(chosen[source], scale) for source in SOURCES if source in chosen}


def _leave_one_out(assessment: Assessment, units: tuple[int, ...], scale: int):
    """Each evaluation whose removal alone changes the grade, by the scheme's own rule; ``None``
    when no grade is decided yet (management incomplete) or there is only one evaluation."""
    management, scheme = assessment.management, assessment.scheme
    if management is None or not management.complete or len(units) < 2:
        return None
    total, n = sum(units), len(units)
    grade_without: dict[int, str | None] = {}
    for u in set(units):
        score = service_score(scheme, Fraction(total - u, scale * (n - 1)))
        grade_without[u] = decide_grade(
            scheme, score, management.level, assessment.conformity.passed
        )[0]
    return tuple(
        e.id
        for e, u in zip(assessment.service.counted, units, strict=True)
        if grade_without[u] != assessment.grade
    )


def _disagreement(scheme, evaluations) -> tuple[ItemDisagreement, ...]:
    """The items whose mean α differs most between sources (two sources at least)."""
    groups: dict[str, list] = {}
    for e in evaluations:
        groups.setdefault(e.source, []).append(e)
    if len(groups) < 2:
        return ()
    found = []
    units, scale = scheme.legal_alphas, 10**scheme.alpha_places
    for item_id in scheme.items:
        means = {
            source: Fraction(sum(units[e.alphas[item_id]] for e in chosen), scale * len(chosen))
            for source, chosen in groups.items()
        }
        spread = max(means.values()) - min(means.values())
        if spread > 0:
            found.append(ItemDisagreement(item_id, spread, means))
    found.sort(key=lambda d: -d.spread)  # stable: ties keep the scheme's order
    return tuple(found[:MOST_DISAGREEING])
