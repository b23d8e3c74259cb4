"""Excel import: the template to download, and a filled-in workbook to upload.

All or nothing: :func:`greencert.web.projects.services.import_workbook`
reads the workbook with :func:`greencert.workbook.read_workbook` (every
problem named by sheet and row) and stores the evaluations in one
transaction, so a workbook with one bad cell stores nothing.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from greencert.core.exceptions import InputError
from greencert.web.downloads import XLSX, download
from greencert.web.projects.checklists import KINDS, pinned_checklist
from greencert.web.projects.errors import NotEditable
from greencert.web.projects.forms.sheets import ImportForm
from greencert.web.projects.services.imports import Imported, import_workbook
from greencert.workbook import write_template

TEMPLATE_EVALUATIONS = 3  # evaluation sheets in the downloaded template (more may be copied)
MAX_TEMPLATE_EVALUATIONS = 50


@require_http_methods(["GET", "HEAD", "POST"])
def upload(request, ctx):
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    problems: list[str] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            imported = import_workbook(
                actor=request.user, assessment=ctx.assessment, stream=form.cleaned_data["file"]
            )
        except InputError as exc:
            problems = [p.text(get_language()) for p in exc.problems]  # the reader's language
        except NotEditable as exc:
            problems, status = [str(exc)], 409
        else:
            messages.success(request, imported_message(imported))
            return redirect(ctx.back_url)
    context = {"ctx": ctx, "form": form, "problems": problems, "editable": ctx.editable}
    return render(request, "projects/import_form.html", context, status=status)


def imported_message(imported: Imported) -> str:
    """What was imported, in the reader's language."""
    count = len(imported.evaluations)
    parts = [
        ngettext("%(count)d evaluation imported.", "%(count)d evaluations imported.", count)
        % {"count": count}
    ]
    if imported.verdicts:
        parts.append(
            ngettext(
                "%(count)d checklist verdict recorded.",
                "%(count)d checklist verdicts recorded.",
                imported.verdicts,
            )
            % {"count": imported.verdicts}
        )
    if imported.exemption_ignored:
        parts.append(
            _(
                "The workbook's §5.2.2 exemption block was not imported: the exemption is "
                "recorded on its own page, with the certificate."
            )
        )
    return " ".join(parts)


@require_safe
def template(request, ctx):
    """The blank workbook for the project's pinned scheme."""
    try:
        count = int(request.GET.get("evaluations", TEMPLATE_EVALUATIONS))
    except ValueError:
        count = TEMPLATE_EVALUATIONS
    count = min(max(count, 1), MAX_TEMPLATE_EVALUATIONS)
    stream = io.BytesIO()
    # The checklist sheets of the versions this assessment pinned, so that the upload matches.
    pinned = (pinned_checklist(ctx.assessment, kind) for kind in KINDS)
    write_template(ctx.scheme, stream, evaluations=count, checklists=tuple(filter(None, pinned)))
    name = f"{ctx.project.code}-template.xlsx" if ctx.project else "greencert-template.xlsx"
    return download(stream.getvalue(), XLSX, name)
