"""How sure the service score is, for a page (issue 18 §3): the interval drawn on the grade
scale, its one sentence, the line that statistics advise and the scheme decides, and, for the
certification body's own people only, the sites whose raters agree too little.

The figures are the ``"statistics"`` of ``greencert score --json`` as the core gave them (the
live result's, or the ones a snapshot stored); nothing is worked out here.
"""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from greencert.core.explanation import series
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
    snapshot frozen before there were statistics).  The low-agreement flags are about the
    certification body's raters: for *staff* (the team, the technical reviewer), not clients."""
    if not statistics:
        return None
    notes = statistics.get("explanation", [])
    return {
        "chart": interval_chart(statistics),
        "sentence": statistics.get("sentence", ""),
        "advisory": next((n["text"] for n in notes if n["code"] == ADVISORY), ""),
        "low_agreement": _low_agreement(statistics) if staff else [],
    }


def _low_agreement(statistics: dict) -> list[dict]:
    """Each flag's text with the site's raters by name (an account by its display name, not
    its id): the flags and the sites flagged low come in the same order."""
    flags = [n["text"] for n in statistics.get("explanation", []) if n["code"] == LOW_AGREEMENT]
    low = [a["raters"] for a in statistics.get("agreement", []) if a.get("low")]
    names = rater_names(r for raters in low for r in raters)
    lang = "en" if (get_language() or "").startswith("en") else "zh-hans"
    return [
        {"text": text, "raters": series([names[r] for r in raters], lang)}
        for text, raters in zip(flags, low, strict=False)
    ]
