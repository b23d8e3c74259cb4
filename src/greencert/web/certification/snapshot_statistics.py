"""How sure a frozen snapshot's service score is, for showing it (issue 18 §3).

A snapshot keeps its statistics with its result, in both languages.  One frozen before
there were statistics has none, and one frozen before intervals were shown within the
score's scale (``interval_shown``) keeps a sentence that may print an end past 100: for
those, the statistics are worked out on display from the snapshot's own frozen inputs and
scheme — the same figures (the bootstrap's seed is fixed), nothing written — provided today's
core gives the frozen score and grade again (else none are shown: never an interval around a
score other than the one printed).  A snapshot never changes, so what is worked out is
remembered per process, a few at a time.  Without the scheme it was frozen under (gone, or
its file changed), nothing can be worked out: none are shown, as before.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from greencert.core.assessment import assess_data
from greencert.core.exceptions import GreenCertError
from greencert.core.registry import get_scheme
from greencert.core.score_output import score_outputs
from greencert.web.certification.models import ResultSnapshot

_WORKED_OUT: OrderedDict[tuple, dict] = OrderedDict()
_LOCK = threading.Lock()
WORKED_OUT_KEPT = 32


def _as_shown_now(statistics) -> bool:
    """Whether stored statistics are shown as they are: none (no service score) or with the
    interval within the scale."""
    return statistics is None or "interval_shown" in statistics


def snapshot_statistics(snapshot: ResultSnapshot) -> dict[str, dict | None]:
    """The snapshot's statistics by language ("zh-hans", "en"), as
    :func:`greencert.core.statistics.output.statistics_dict` gives them; ``None`` for a
    language without (no service score, or none could be worked out)."""
    stored = {"zh-hans": snapshot.result, "en": snapshot.result_en}
    if all("statistics" in r and _as_shown_now(r["statistics"]) for r in stored.values()):
        return {lang: result["statistics"] for lang, result in stored.items()}
    key = (snapshot.pk, snapshot.created_at)  # a number given again (another database) differs
    with _LOCK:  # a threaded server's requests share the memory
        worked = _WORKED_OUT.get(key)
        if worked is not None:
            _WORKED_OUT.move_to_end(key)
            return worked
    worked = _work_out(snapshot)  # outside the lock: seconds, for a large snapshot
    with _LOCK:
        _WORKED_OUT[key] = worked
        while len(_WORKED_OUT) > WORKED_OUT_KEPT:
            _WORKED_OUT.popitem(last=False)
    return worked


def _work_out(snapshot: ResultSnapshot) -> dict[str, dict | None]:
    none = {"zh-hans": None, "en": None}
    try:
        scheme = get_scheme(snapshot.scheme_label)
        if scheme.hash != snapshot.scheme_hash:
            return none  # frozen under another scheme file: its figures cannot be redone
        result = assess_data(scheme, snapshot.inputs)
    except GreenCertError:
        return none  # statistics advise: a snapshot the core can no longer read shows none
    # The agreement measures without their resampled intervals (the flag and the explanation
    # then give the values alone): the resampling is most of the time.
    outputs = score_outputs(result, agreement_resamples=0)
    if _frozen_figures(outputs["zh-hans"]) != _frozen_figures(snapshot.result):
        return none  # today's core scores the inputs otherwise: no interval around another score
    return {lang: output["statistics"] for lang, output in outputs.items()}


def _frozen_figures(result: dict) -> tuple:
    """The service score and grade that statistics are about, as a result dict gives them."""
    return ((result.get("service") or {}).get("score"), result.get("grade"))
