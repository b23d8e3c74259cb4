"""The explanation of a :class:`~.score_statistics.ScoreStatistics`, as notes (code + figures).

Figures on the score scale are shown as the score is (the scheme's places,
half-up); means and spreads with two decimals; agreement with two.  An interval of
scores is shown within the scale 0–100, and a sentence that shows one cut says so
(:mod:`.messages`).  Lists (thresholds, evaluations, items, raters) are kept as lists,
listed in the reader's language when the note is worded.
"""

from __future__ import annotations

from fractions import Fraction

from greencert.core.explanation import Note
from greencert.core.rounding import round_half_up
from greencert.core.statistics.messages import SOURCE_NAMES
from greencert.core.statistics.placement import SCALE, cut_ends, within_scale
from greencert.core.statistics.sample import RESAMPLES, Interval

RULE = "§5.1.2"  # the statistics are about the service score's evidence


def figure(value, places: int = 2) -> str:
    """A float or fraction shown half-up at *places*; "—" when missing.

    >>> figure(2.125), figure(Fraction(1, 3), 1), figure(None)
    ('2.13', '0.3', '—')
    """
    if value is None:
        return "—"
    exact = Fraction(value) if not isinstance(value, Fraction) else value
    return str(round_half_up(exact, places))


def notes_for(s) -> list[Note]:
    notes = [Note(RULE, "statistics.advisory")]
    if s.sample.interval is None:
        notes.append(Note(RULE, "statistics.single"))
    else:
        notes += _interval_notes(s)
    notes += _source_notes(s)
    if s.disagreement:
        items = [{"item": d.item, "spread": figure(d.spread)} for d in s.disagreement]
        notes.append(Note(RULE, "statistics.disagreement", {"items": items}))
    notes += _agreement_notes(s)
    return notes


def headline(s) -> Note:
    """The one plain sentence shown beside the interval drawn (issue 18 §3): where the 95 %
    interval lies against the scheme's thresholds or, with one evaluation, that there is none
    and how many more are needed for one."""
    if s.sample.interval is None:
        return Note(RULE, "statistics.single")
    return _placement_note(s, *shown_ends(s.sample.interval, s.places))


def shown_ends(interval: Interval, places: int) -> tuple[dict[str, str], str]:
    """An interval's ends as shown, within the score's scale at *places*, and the suffix of the
    sentence's code that says where it was cut ("" when it was not); a cut sentence is also
    given the t interval's own ends and the scale's.

    >>> shown_ends(Interval(81.62, 101.08), 1)
    ({'low': '81.6', 'high': '100.0', 't_low': '81.6', 't_high': '101.1', 'bottom': '0', 'top': '100'}, '_cut_high')
    >>> shown_ends(Interval(88.52, 93.48), 1)
    ({'low': '88.5', 'high': '93.5'}, '')
    """
    shown = within_scale(interval)
    ends = {"low": figure(shown.low, places), "high": figure(shown.high, places)}
    cut = cut_ends(interval, places)
    if not cut:
        return ends, ""
    raw = {"t_low": figure(interval.low, places), "t_high": figure(interval.high, places)}
    scale = {"bottom": str(SCALE[0]), "top": str(SCALE[1])}
    return ends | raw | scale, "_cut_both" if len(cut) == 2 else f"_cut_{cut[0]}"


def _interval_notes(s) -> list[Note]:
    p = s.places
    sample = s.sample
    ends, cut = shown_ends(sample.interval, p)
    spread = {"n": str(sample.n), "mean": figure(sample.mean), "sd": figure(sample.sd)}
    notes = [Note(RULE, "statistics.spread", {**spread, "se": figure(sample.se)})]
    notes.append(_placement_note(s, ends, cut))
    if s.bootstrap is not None:
        boot = {"low": figure(s.bootstrap.low, p), "high": figure(s.bootstrap.high, p)}
        notes.append(Note(RULE, "statistics.bootstrap", {**boot, "resamples": str(RESAMPLES)}))
    if s.nearest is not None:
        where = {"grade": s.nearest.grade, "threshold": str(s.nearest.score)}
        margin = {
            "score": str(s.score),
            "points": str(s.margin_points),
            "se": figure(s.margin_se, 1),
        }
        notes.append(Note("§5.3", "statistics.margin", {**where, **margin}))
        if s.more_needed is None:
            notes.append(Note("§5.3", "statistics.none_can", where))
        elif s.more_needed > 0:
            notes.append(
                Note("§5.3", "statistics.more_needed", {**where, "more": str(s.more_needed)})
            )
    if s.leave_one_out:
        notes.append(Note("§5.3", "statistics.leave_one_out", {"ids": list(s.leave_one_out)}))
    elif s.leave_one_out is not None:
        notes.append(Note("§5.3", "statistics.leave_one_out_none"))
    return notes


def _placement_note(s, ends: dict[str, str], cut: str) -> Note:
    """Where the interval shown lies against the thresholds; *cut*: see :func:`shown_ends`."""
    named = {"n": str(s.sample.n), **ends}
    sides = [t.side for t in s.thresholds]
    if "straddles" in sides:
        across = [
            {"grade": t.grade, "score": str(t.score)} for t in s.thresholds if t.side == "straddles"
        ]
        return Note("§5.3", "statistics.straddles" + cut, {**named, "thresholds": across})
    under = [t for t in s.thresholds if t.side == "above"]  # thresholds the interval is above
    over = [t for t in s.thresholds if t.side == "below"]
    if under:
        named |= {"below_grade": under[-1].grade, "below": str(under[-1].score)}
    if over:
        named |= {"above_grade": over[0].grade, "above": str(over[0].score)}
    code = (
        "statistics.between"
        if under and over
        else "statistics.above"
        if under
        else "statistics.below"
    )
    return Note("§5.3", code + cut, named)


def _source_notes(s) -> list[Note]:
    notes = []
    for source, sample in s.by_source.items():
        zh, en = SOURCE_NAMES[source]
        named = {"source": zh, "source_en": en, "n": str(sample.n), "mean": figure(sample.mean)}
        if sample.interval is None:
            notes.append(Note(RULE, "statistics.source_single", named))
        else:
            ends, cut = shown_ends(sample.interval, 2)
            notes.append(Note(RULE, "statistics.source" + cut, {**named, **ends}))
    d = s.auditor_minus_customer
    if d is not None:
        ends = {"low": figure(d.interval.low), "high": figure(d.interval.high)}
        notes.append(
            Note(RULE, "statistics.difference", {"difference": figure(d.estimate), **ends})
        )
    return notes


def _agreement_notes(s) -> list[Note]:
    notes = []
    for a in s.agreement:
        named = {"site": a.site or "—", "count": str(len(a.raters)), "raters": list(a.raters)}
        values = {
            "alpha": _measure(a.alpha_interval),
            "ordinal": _measure(a.alpha_ordinal),
            "icc": _measure(a.icc),
        }
        notes.append(Note(RULE, "statistics.agreement", {**named, **values}))
        if a.low:
            low = {"site": named["site"], "raters": named["raters"]}
            low |= {"alpha": values["alpha"], "icc": values["icc"]}
            notes.append(Note(RULE, "statistics.agreement_low", low))
    return notes


def agreement_low(agreement: dict, raters: list[str]) -> Note:
    """The low-agreement flag of one site as the ``"agreement"`` entry of
    :func:`~.output.statistics_dict` gives it (a stored one too, whatever its notes), the
    site's raters named as the reader knows them.

    >>> entry = {"site": "一店", "alpha_interval": {"value": "0.07", "interval": None},
    ...          "icc": {"value": "0.10", "interval": {"low": "-0.20", "high": "0.41"}}}
    >>> agreement_low(entry, ["李明", "Wang"]).text("en")  # doctest: +NORMALIZE_WHITESPACE
    "Low agreement between the raters of site “一店”: Krippendorff's alpha (α, interval) 0.07,
    below 0.67; ICC(2,1) 0.10 [-0.20, 0.41]. For the technical reviewer's attention.
    Raters: 李明 and Wang."
    """
    figures = {"site": agreement["site"] or "—", "raters": list(raters)}
    figures |= {"alpha": measured(agreement["alpha_interval"]), "icc": measured(agreement["icc"])}
    return Note(RULE, "statistics.agreement_low", figures)


def measured(shown: dict) -> str:
    """An agreement measure as given in the statistics' dict (``value`` and ``interval``, as
    strings): the value, then its 95 % interval in brackets when there is one.

    >>> measured({"value": "0.07", "interval": {"low": "-0.12", "high": "0.25"}})
    '0.07 [-0.12, 0.25]'
    >>> measured({"value": None, "interval": None})
    '—'
    """
    value = shown["value"] or "—"
    if shown["interval"] is None:
        return value
    return f"{value} [{shown['interval']['low']}, {shown['interval']['high']}]"


def measure_figures(m) -> dict:
    """An agreement :class:`~.agreement.Measure` as the statistics' dict gives it."""
    return {
        "value": None if m.value is None else figure(m.value),
        "interval": None
        if m.interval is None
        else {"low": figure(m.interval.low), "high": figure(m.interval.high)},
    }


def _measure(m) -> str:
    return measured(measure_figures(m))
