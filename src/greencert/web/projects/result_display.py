"""The core's result, laid out for a page (the project page now, reports later).

Nothing is computed here: every figure is one the core has already
worked out and rounded (``Figure.shown()``, ``shown_score``, ``Note.text``);
this module only picks the names in the active language and groups the
figures the way the tables show them.  Use it with the partial
``projects/_result.html``::

    {% include "projects/_result.html" with shown=shown %}
"""

from __future__ import annotations

from django.utils.translation import get_language

from greencert.core.assessment import Assessment as Result
from greencert.core.explanation import FIGURE_NOTES, rule_text
from greencert.core.level_wording import level_wording
from greencert.core.scheme import Scheme
from greencert.web.projects.models import Evaluation


def core_language() -> str:
    """The core's language code for the active Django language ('zh-hans' or 'en')."""
    return "en" if (get_language() or "").lower().startswith("en") else "zh-hans"


def level_name(maturity, lang: str) -> str:
    """A maturity level's name: the scheme's (四级) in Chinese, "Level 4" in English
    (the scheme names its levels in Chinese only, §5.2.5)."""
    return f"Level {maturity.level}" if lang == "en" else maturity.name


def _pick(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


def _figure(scheme: Scheme, shown: dict, lang: str) -> dict:
    band = scheme.likert_band(shown["band"])
    return {**shown, "band_label": _pick(lang, band.label, band.label_en)}


def _service(result: Result, lang: str) -> dict | None:
    service = result.service
    if service is None:
        return None
    scheme = result.scheme
    characteristics = []
    for c in scheme.characteristics:
        items = [
            {
                "id": item.id,
                "aspect": _pick(lang, item.aspect, item.aspect_en),
                **_figure(scheme, service.items[item.id].shown(), lang),
            }
            for item in c.items
        ]
        characteristics.append(
            {
                "id": c.id,
                "name": _pick(lang, c.name, c.name_en),
                **_figure(scheme, service.characteristics[c.id].shown(), lang),
                "items": items,
            }
        )
    notes = [n.text(lang) for n in result.notes if n.code in FIGURE_NOTES]
    return {
        "score": service.score,
        "n": service.n,
        "characteristics": characteristics,
        "notes": notes,  # how the table reads: exact bands, parts rounded apart
    }


def _evaluations(result: Result, stored) -> list[dict]:
    """Every stored evaluation, with its score when it counts (in the core's result).

    The row holds the texts the table shows, so that a page of hundreds of
    evaluations renders without a lookup per cell.
    """
    scores = {}
    if result.service is not None:
        scores = {r.evaluation.id: r.shown_score for r in result.service.evaluations}
    sources = {value: str(label) for value, label in Evaluation.Source.choices}
    return [
        {
            "object": e,
            "code": e.code,
            "evaluator": e.evaluator,
            "date": e.date.isoformat(),
            "site": e.site.name if e.site_id else "—",
            "source": sources.get(e.source, e.source),
            "score": scores.get(e.code),
            "counts": e.code in scores,
        }
        for e in stored
    ]


def _management(result: Result, lang: str) -> dict:
    scheme = result.scheme
    management = result.management
    clauses = management.clauses if management else {}
    wording = level_wording(scheme)
    chapters = []
    for chapter in scheme.chapters:
        rows = []
        for clause in chapter.clauses:
            rated = clauses.get(clause.id)
            level = rated.level if rated else None
            maturity = scheme.maturity_levels[level - 1] if level else None
            rows.append(
                {
                    "id": clause.id,
                    "title": _pick(lang, clause.title, clause.title_en),
                    "worth": clause.worth,
                    "level": level,
                    "level_name": level_name(maturity, lang) if maturity else "",
                    "level_label": wording.marked_label(maturity, lang) if maturity else "",
                    "points": rated.points if rated else None,
                }
            )
        chapters.append(
            {"id": chapter.id, "title": _pick(lang, chapter.title, chapter.title_en), "rows": rows}
        )
    missing = management.missing if management else list(scheme.clauses)
    band = management.band if management else None
    return {
        "chapters": chapters,
        "wording_note": wording.note(scheme, lang),  # whose words the level names are
        "total": management.total if management else None,
        "complete": bool(management and management.complete),
        "missing": missing,
        "level": band.level if band else None,
        "level_name": _pick(lang, band.name, band.name_en) if band else "",
        "range": (
            f"[{band.lower}, {band.upper}{']' if band.closed_above else ')'}" if band else ""
        ),
    }


def _next(result: Result, lang: str) -> dict | None:
    if result.next_grade is None:
        return None
    gap = result.next_grade.as_dict()
    management = gap.get("management")
    if management:
        clauses = result.scheme.clauses
        management["raises"] = [
            {
                **r,
                "title": _pick(lang, clauses[r["clause"]].title, clauses[r["clause"]].title_en),
            }
            for r in management["raises"]
        ]
    return gap


def present(result: Result, stored_evaluations=(), lang: str | None = None) -> dict:
    """What ``projects/_result.html`` shows, from the core's result.

    *stored_evaluations* are the evaluation rows of the assessment (all of
    them, counting or not), listed with the score the core gave them.
    """
    lang = lang or core_language()
    scheme = result.scheme
    complete = result.service is not None and bool(result.management and result.management.complete)
    conformity_reasons = [
        note.text(lang)
        for note in result.notes
        if note.code.startswith("conformity.") and note.code != "conformity.passed"
    ]
    return {
        "scheme": {"label": scheme.label, "hash": scheme.hash[:12]},
        "service": _service(result, lang),
        "evaluations": _evaluations(result, stored_evaluations),
        "management": _management(result, lang),
        "conformity": {"passed": result.conformity.passed, "reasons": conformity_reasons},
        "grade": result.grade,
        # "none": the figures are complete and no grade is reached (不予认证);
        # "pending": a part is missing, so nothing is decided yet.
        "status": "awarded" if result.grade else ("none" if complete else "pending"),
        "top": result.grade is not None and result.grade == scheme.grades[0].grade,
        "notes": [
            {"rule": rule_text(n.rule, lang), "code": n.code, "text": n.text(lang)}
            for n in result.notes
        ],
        "next": _next(result, lang),
    }
