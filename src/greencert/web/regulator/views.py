"""Pages of the regulator's report: the months, one month's rows and problems, the file, the codes.

Administrators only (``access.py``): the audit-plan sheet carries ID-document numbers.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from greencert.core.exceptions import InputError
from greencert.core.report_format import bundled_format
from greencert.web.certification.services import Refused
from greencert.web.downloads import XLSX, download, stored_file
from greencert.web.form_errors import problem_lines, reader_language
from greencert.web.regulator import selectors, services
from greencert.web.regulator.access import filing_required, period_for
from greencert.web.regulator.models import ReportRow
from greencert.workbook.regulator_report import write_report


@require_safe
@filing_required
def period_list(request):
    fmt = services.report_format()
    today = timezone.localdate()
    periods = list(selectors.periods_listed())
    for period in periods:
        period.due = period.deadline(fmt.deadline_day)
        period.overdue = not period.is_reported and today > period.due
    context = {"periods": periods, "format": fmt, "to_complete": _to_complete(fmt)}
    return render(request, "regulator/period_list.html", context)


@require_POST
@filing_required
def collect(request):
    changed = services.collect(actor=request.user, today=timezone.localdate())
    if changed:
        messages.success(
            request,
            _("The report is up to date: %(months)s changed.")
            % {"months": ", ".join(sorted(changed))},
        )
    else:
        messages.info(request, _("The report was already up to date: nothing added."))
    return redirect("regulator_periods")


def _to_complete(fmt) -> list:
    """The code-list entries the platform does not publish and the body has not given yet."""
    return [
        (code_list, entry)
        for code_list in fmt.code_lists.values()
        for entry in code_list.to_complete
    ]


def _labelled(fmt, row: ReportRow, lang: str) -> list[tuple[str, str]]:
    """Each column's name and value as the reader reads them (a code with its label)."""
    english = lang == "en"
    cells = []
    for column in fmt.sheet(row.sheet).columns:
        value = row.values.get(column.field)
        if column.kind == "code":
            value = [
                _code_shown(fmt.code_lists[column.code_list], v, english) for v in _many(value)
            ]
        cells.append((column.name_en if english else column.name, _shown(value)))
    return cells


def _many(value) -> list:
    return [v for v in (value if isinstance(value, list) else [value]) if v not in (None, "")]


def _code_shown(code_list, key: str, english: bool) -> str:
    entry = code_list.entry(key)
    if entry is None:
        return key
    label = entry.label_en if english else entry.label
    return f"{entry.code} {label}" if entry.code else label


def _shown(value) -> str:
    if isinstance(value, list):
        return pgettext("list separator", ", ").join(str(v) for v in _many(value))
    return "" if value is None else str(value)


SOURCES = {
    "plan": gettext_lazy("Audit plan"),
    "decision": gettext_lazy("Certification decision"),
    "certificate-event": gettext_lazy("Certificate event"),
    "expiry": gettext_lazy("Certificate expired"),
}


def _source(row: ReportRow) -> str:
    """What the row reports, in words: the kind of event and what it is about."""
    kind = str(SOURCES[row.source.split(":")[0]])
    return f"{kind} {row.subject}" if row.subject else kind


@require_safe
@filing_required
def period_detail(request, month):
    period = period_for(request.user, month)
    fmt = services.report_format()
    lang = reader_language()
    sheets = []
    for sheet in fmt.sheets:
        rows = list(period.rows.filter(sheet=sheet.key).select_related("corrects__period"))
        for row in rows:
            row.cells = _labelled(fmt, row, lang)
            row.report_type = _report_type(fmt, row, lang)
            row.what = _source(row)
        sheets.append(
            {"sheet": sheet, "name": sheet.name_en if lang == "en" else sheet.name, "rows": rows}
        )
    problems = problem_lines(_in_words(fmt, services.problems_of(period, fmt), lang))
    context = {
        "period": period,
        "deadline": period.deadline(fmt.deadline_day),
        "sheets": sheets,
        "problems": problems,
        "format": fmt,
        "ended": timezone.localdate() > period.last_day,
    }
    return render(request, "regulator/period_detail.html", context)


def _in_words(fmt, problems, lang: str) -> list:
    """In English, a sheet is named by its English name (the file keeps the official one)."""
    if lang != "en":
        return problems
    names = {sheet.name: sheet.name_en for sheet in fmt.sheets}
    return [p.at(sheet=names.get(p.sheet, p.sheet)) for p in problems]


def _report_type(fmt, row: ReportRow, lang: str) -> str:
    key = row.values.get("report_type")
    entry = fmt.code_lists["report_type"].entry(key) if key else None
    if entry is None:
        return ""
    return f"{entry.code} {entry.label_en if lang == 'en' else entry.label}"


@require_safe
@filing_required
def period_file(request, month):
    """The file filed, once reported; before, the file as it would be filed now."""
    period = period_for(request.user, month)
    fmt = services.report_format()
    name = services.report_file_name(fmt, period)
    if period.is_reported:
        return stored_file(period.file, name)
    return download(write_report(fmt, services.rows_by_sheet(period)), XLSX, name)


@require_POST
@filing_required
def mark_reported(request, month):
    period = period_for(request.user, month)
    if request.POST.get("confirmed") != "yes":
        messages.error(
            request, _("Tick the box to confirm that the file was uploaded to the platform.")
        )
        return redirect("regulator_period", month=month)
    try:
        services.mark_reported(actor=request.user, period=period, today=timezone.localdate())
    except InputError as exc:
        n = len(exc.problems)
        messages.error(
            request,
            ngettext(
                "Not marked reported: %(n)s problem remains.",
                "Not marked reported: %(n)s problems remain.",
                n,
            )
            % {"n": n},
        )
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("%(month)s is marked reported; the file filed is kept.") % {"month": month}
        )
    return redirect("regulator_period", month=month)


@require_http_methods(["GET", "POST"])
@filing_required
def codes(request):
    """The codes the platform does not publish, as the body completes them."""
    fmt = services.report_format()
    entries = [
        (code_list, entry, fmt.code_lists[code_list.key].entry(entry.key).code)
        for code_list in bundled_format().code_lists.values()
        for entry in code_list.to_complete
    ]
    if request.method == "POST":
        given = {
            (code_list.key, entry.key): request.POST.get(f"{code_list.key}.{entry.key}", "")
            for code_list, entry, _code in entries
        }
        try:
            changed = services.save_body_codes(actor=request.user, codes=given)
        except InputError as exc:
            for line in problem_lines(exc.problems):
                messages.error(request, line)
        else:
            messages.success(
                request,
                ngettext("%(n)s code saved.", "%(n)s codes saved.", changed) % {"n": changed},
            )
            return redirect("regulator_codes")
    return render(request, "regulator/codes.html", {"entries": entries, "format": fmt})
