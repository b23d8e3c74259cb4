"""The project page's figures: the core's live result laid out, remembered while nothing changes.

Reading a project page again unchanged is the common case (a team refreshing
while others work).  :func:`~greencert.web.projects.scoring.live_result_keyed`
already skips scoring then; this keeps what is derived from the result too —
the figures laid out (:func:`present`), their charts, how sure the service score is (its
interval drawn and worded, issue 18 §3), the per-source scores and
the rendered parts of the result (one per section of the page), hundreds of rows
for a large assessment — keyed by the result's digest, every stored evaluation's
header (the not-counting ones are listed too) and the language.  Per process, like the results, so a new release starts empty.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language

from greencert.core.exceptions import GreenCertError
from greencert.core.statistics.output import statistics_dict
from greencert.core.statistics.score_statistics import score_statistics
from greencert.web.form_errors import problem_lines
from greencert.web.projects import scoring
from greencert.web.projects.by_source import held_responses, service_by_source_rows
from greencert.web.projects.charts import result_charts
from greencert.web.projects.interval_display import interval_shown
from greencert.web.projects.result_display import core_language, present

_LAID_OUT: OrderedDict[str, dict] = OrderedDict()
LAID_OUT_KEPT = 32
# The result's parts as the page's sections show them: part → template (projects/_<name>.html).
RESULT_PARTS = {
    "summary": "result_summary",
    "explained": "result_explained",
    "service": "service_figures",
    "management": "management_figures",
    "interval": "interval",
}


def project_figures(project) -> dict:
    """``shown`` (the result laid out), ``result_html`` (its parts by section: ``summary``,
    ``explained``, ``service``, ``management``, ``interval``), ``by_source`` and
    ``scoring_problems`` for the project page; one query per table, whatever n."""
    assessment = getattr(project, "assessment", None)
    if assessment is None:
        return {"shown": None, "scoring_problems": []}
    # What the table and the result need: a note or who created a sheet is not shown here.
    stored = list(
        assessment.evaluations.select_related("site").defer("note", "created_by", "created_at")
    )
    try:
        scheme = scoring.scheme_of(assessment)
        result, result_key = scoring.live_result_keyed(
            assessment, scheme, [e for e in stored if e.counts]
        )
    except GreenCertError as exc:
        # A stored sheet the core refuses, or a scheme file changed since: say so, show no figures.
        return {"shown": None, "scoring_problems": problem_lines(exc.problems)}
    key = _key(project, result_key, stored)
    laid_out = _LAID_OUT.get(key)
    if laid_out is None:
        laid_out = _lay_out(project, assessment, result, stored)
        _LAID_OUT[key] = laid_out
        while len(_LAID_OUT) > LAID_OUT_KEPT:
            _LAID_OUT.popitem(last=False)
    else:
        _LAID_OUT.move_to_end(key)
    by_source = laid_out["by_source"] | {"held": held_responses(assessment)}
    return {**laid_out, "by_source": by_source, "scoring_problems": []}


def _lay_out(project, assessment, result, stored) -> dict:
    shown = present(result, stored)
    sheet_url = url_pattern("evaluation_edit", project.pk)
    for row in shown["evaluations"]:
        row["url"] = sheet_url.format(row["object"].pk)
        del row["object"]  # kept past this request: no model instance held
    context = {"shown": shown, "charts": result_charts(shown), "interval": _interval(result)}
    return {
        "shown": shown,
        "result_html": {
            part: render_to_string(f"projects/_{template}.html", context)
            for part, template in RESULT_PARTS.items()
        },
        "by_source": service_by_source_rows(assessment, result, held=False),
    }


def _interval(result) -> dict | None:
    """The interval and its sentence, for the people of the certification body (the only ones
    shown live figures).  The agreement measures without their resampled intervals: live, the
    low-agreement flag and the explanation give the values alone (the resampling is most of
    the statistics' time); a frozen snapshot, which the reviewer and the decision maker read,
    has the intervals too."""
    statistics = score_statistics(result, agreement_resamples=0)
    if statistics is None:
        return None
    return interval_shown(statistics_dict(statistics, core_language()), staff=True)


def _key(project, result_key: str, stored) -> str:
    headers = [
        (
            e.pk,
            e.version,
            e.updated_at,
            e.code,
            e.evaluator,
            e.date,
            e.site_id and e.site.name,
            e.source,
            e.rater_id,
            e.counts,
        )
        for e in stored
    ]
    parts = (result_key, project.pk, get_language(), headers)
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def url_pattern(name: str, *fixed) -> str:
    """The URL of *name* for *fixed* arguments, with ``{}`` for its last one.

    Reversed once for a page listing hundreds of links (one ``reverse`` per
    row costs more than the rest of the row).
    """
    marker = 987654321
    return reverse(name, args=(*fixed, marker)).replace(str(marker), "{}")
