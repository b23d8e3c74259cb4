"""What a project's nonconformities may cite, and how each reference is named.

A nonconformity cites an Appendix 1 item, an Appendix 3/4 maturity clause
(the project's scheme), or a row of the GB/T 19001 or §4.2.2 checklist the
assessment pinned (issue 11 §4).  The form, the service and every page read
the rows from here, so what is offered is what is accepted.
"""

from __future__ import annotations

from greencert.core.assessment_input import Checklists, Reference
from greencert.core.reference_labels import reference_label
from greencert.web.projects.checklists import pinned_checklist
from greencert.web.projects.models import Assessment
from greencert.web.projects.result_display import core_language
from greencert.web.projects.scoring import scheme_of

KINDS = ("item", "clause", "qms", "specific")


def checklists_of(assessment: Assessment) -> Checklists:
    """The scheme and the checklists the assessment pinned (SchemeError if a file changed)."""
    return Checklists(
        scheme_of(assessment),
        pinned_checklist(assessment, "qms"),
        pinned_checklist(assessment, "specific"),
    )


def citable(assessment: Assessment, checklists: Checklists) -> dict[str, tuple[str, ...]]:
    """The ids each kind may take, in scheme or checklist order (*checklists*: the
    assessment's); no checklist rows where the assessment pinned no checklist."""
    scheme = checklists.scheme
    rows = {"item": tuple(scheme.items), "clause": tuple(scheme.clauses)}
    pinned = {"qms": assessment.qms_label, "specific": assessment.specific_label}
    for kind in ("qms", "specific"):
        rows[kind] = tuple(checklists[kind].clauses) if pinned[kind] else ()
    return rows


def parse(text: str) -> Reference | None:
    """``"qms:8.5.1"`` (as the form and the checklist pages' links write it) → a Reference."""
    kind, sep, ident = (text or "").partition(":")
    return Reference(kind, ident) if sep and kind and ident else None


def as_text(ref: Reference) -> str:
    return f"{ref.kind}:{ref.id}"


def label(ref: Reference, checklists: Checklists) -> str:
    """The reference named in the page's language (“GB/T 19001 8.5.1 生产和服务提供的控制”)."""
    return reference_label(ref, checklists, core_language())
