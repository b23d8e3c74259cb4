"""How sure the service score is, for a page (issue 18 §3): the interval drawn on the grade
scale, its one sentence, the line that statistics advise and the scheme decides, and, for the
certification body's own people only, the sites whose raters agree too little (with their
figures) and the statistics' whole explanation, folded.

The figures are the ``"statistics"`` of ``greencert score --json`` as the core gave them (the
live result's, or the ones a snapshot stored); nothing is worked out here.
"""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from greencert.core.explanation import Note, rule_text
from greencert.core.statistics.wording import agreement_low
from greencert.reports.interval_chart import (
    PAGE_MEDIUM,
    PAGE_NARROW,
    PAGE_WIDE,
    IntervalLabels,
    interval_svg,
)
from greencert.web.accounts.raters import rater_names
from greencert.web.projects.models import Evaluation

ADVISORY = "statistics.advisory"
LOW_AGREEMENT = "statistics.agreement_low"
AGREEMENT = "statistics.agreement"


def interval_chart(statistics: dict) -> SafeString:
    sources = dict(Evaluation.Source.choices)
    level = {"level": "95%"}  # outside the message: "95% i…" would read as a format
    labels = IntervalLabels(
        title=_("The service score's %(level)s interval on the grade scale") % level,
        score=_("Score and %(level)s t interval") % level,
        bootstrap=_("Bootstrap %(level)s interval") % level,
        sources={value: str(label) for value, label in sources.items()},
        single=_("One evaluation only: no interval can be drawn."),
    )
    # Drawn for a wide box, a middling one and a phone; the stylesheet shows one (every text
    # escaped by interval_chart).
    drawings = [
        interval_svg(statistics, labels, frame, css_class)
        for frame, css_class in (
            (PAGE_WIDE, "interval-wide"),
            (PAGE_MEDIUM, "interval-medium"),
            (PAGE_NARROW, "interval-narrow"),
        )
    ]
    return mark_safe("".join(drawings))


def interval_shown(statistics: dict | None, *, staff: bool) -> dict | None:
    """What ``projects/_interval.html`` shows; ``None`` without figures (no service score, or a
    snapshot frozen before there were statistics).  The low-agreement flags and the statistics'
    whole explanation (which names the raters and their agreement) are for the certification
    body's own people, *staff* (the team, the technical reviewer, the decision maker), not
    clients: a client is shown the interval, its sentence and the advisory line."""
    if not statistics:
        return None
    notes = statistics.get("explanation", [])
    flags = _low_agreement(statistics) if staff else []
    return {
        "chart": interval_chart(statistics),
        "sentence": statistics.get("sentence", ""),
        "advisory": next((n["text"] for n in notes if n["code"] == ADVISORY), ""),
        "low_agreement": flags,
        "explanation": _explanation(statistics, flags) if staff else [],
    }


def _language() -> str:
    return "en" if (get_language() or "").startswith("en") else "zh-hans"


def _low_agreement(statistics: dict) -> list[str]:
    """Each low site's flag, its figures and its raters by name (an account by its display
    name, not its id), worded from the site's agreement figures: a snapshot stored before the
    flag gave its figures is flagged as today."""
    low = [a for a in statistics.get("agreement", []) if a.get("low")]
    names = rater_names(r for a in low for r in a["raters"])
    lang = _language()
    return [agreement_low(a, [names[r] for r in a["raters"]]).text(lang) for a in low]


def _explanation(statistics: dict, flags: list[str]) -> list[dict]:
    """The statistics' notes in the reader's language (each ``rule`` and ``text``), but the
    advisory (its own line): the raters named as people know them, the low-agreement flags as
    shown above the notes."""
    lang = _language()
    named = rater_names(r for a in statistics.get("agreement", []) for r in a["raters"])
    flagged = iter(flags)
    shown = []
    for note in statistics.get("explanation", []):
        code, text = note["code"], note["text"]
        if code == ADVISORY:
            continue
        if code == LOW_AGREEMENT:
            text = next(flagged, text)
        elif code == AGREEMENT and "raters" in note.get("figures", {}):
            raters = [named.get(r, r) for r in note["figures"]["raters"]]
            text = Note(note["rule"], code, note["figures"] | {"raters": raters}).text(lang)
        shown.append({"rule": rule_text(note["rule"], lang), "text": text})
    return shown
