"""A nonconformity's reference as a reader sees it: where it stands, its number, its title.

A nonconformity cites an Appendix 1 item, an Appendix 3/4 maturity clause,
a GB/T 19001 checklist row (§4.2.1) or a §4.2.2 requirement (issue 11 §4).
Pages, reports and exports name it the same way, in either language; a
checklist row is cited as the checklist file says (``cite``), so a project
that pinned an older checklist is named by that version (pass it in
:class:`~greencert.core.assessment_input.Checklists`).

>>> from greencert.core.registry import default_scheme
>>> checklists = Checklists(default_scheme())
>>> reference_label(Reference("qms", "8.5.1"), checklists)
'GB/T 19001 8.5.1 生产和服务提供的控制'
>>> reference_label(Reference("item", "3.1"), checklists, "en")
'Appendix 1 3.1 Timeliness · Staff'
>>> reference_label(Reference("clause", "5.2"), checklists)
'附录3 5.2 应急准备及响应'
>>> reference_label(Reference("specific", "2.3"), checklists)[:13]
'§4.2.2 2)③ 确保'
>>> entry_reference({"id": "N1", "clause": "4.1", "item": "1.2", "severity": "minor"})
Reference(kind='clause', id='4.1')
"""

from __future__ import annotations

from collections.abc import Mapping

from greencert.core.assessment_input import REFERENCE_KINDS, Checklists, Reference

# Where an item or a clause stands in the scheme text; a checklist row carries its own cite.
APPENDIX = {"item": ("附录1", "Appendix 1"), "clause": ("附录3", "Appendix 3")}


def reference_label(ref: Reference, checklists: Checklists, lang: str = "zh-hans") -> str:
    """“GB/T 19001 8.5.1 生产和服务提供的控制”; an id its kind does not have is named as given
    (kind and id), never guessed."""
    en = lang == "en"
    name = _name(ref, checklists, en)
    if name is not None:
        return name
    kind = REFERENCE_KINDS.get(ref.kind, (ref.kind, ref.kind))
    return f"{kind[1] if en else kind[0]} {ref.id}"


def _name(ref: Reference, checklists: Checklists, en: bool) -> str | None:
    scheme = checklists.scheme
    if ref.kind == "item" and ref.id in scheme.items:
        item = scheme.items[ref.id]
        characteristic = scheme.characteristic_by_id[item.characteristic_id]
        title = (
            f"{characteristic.name_en} · {item.aspect_en}"
            if en
            else f"{characteristic.name} · {item.aspect}"
        )
        return f"{APPENDIX['item'][en]} {ref.id} {title}"
    if ref.kind == "clause" and ref.id in scheme.clauses:
        clause = scheme.clauses[ref.id]
        return f"{APPENDIX['clause'][en]} {ref.id} {clause.title_en if en else clause.title}"
    if ref.kind in ("qms", "specific"):
        row = checklists[ref.kind].clauses.get(ref.id)
        if row is not None:
            return f"{row.cite} {row.title_en if en else row.title}"
    return None


def entry_reference(entry: Mapping) -> Reference:
    """The reference of a nonconformity entry of the input contract: ``"ref"``, or the old
    ``"clause"`` key (any ``"item"`` beside it was checked, not kept) read as a maturity clause.
    The entry is one the core has read before (a frozen snapshot's), so it is not checked here."""
    ref = entry.get("ref")
    if isinstance(ref, Mapping):
        return Reference(str(ref.get("kind", "")), str(ref.get("id", "")))
    return Reference("clause", str(entry.get("clause", "")))
