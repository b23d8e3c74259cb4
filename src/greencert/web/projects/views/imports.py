"""Excel import: the template to download, a filled-in workbook to upload, its preview, and
the confirmation that applies it.

Uploading shows what the workbook would change against what is stored, cell by cell
(:func:`greencert.web.projects.services.imports.preview_import`); nothing is stored until
the person confirms, and then all or nothing, exactly as previewed
(:func:`~greencert.web.projects.services.imports.apply_import`).
"""

from __future__ import annotations

import hashlib
import io

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from greencert.core.exceptions import InputError
from greencert.web.downloads import XLSX, download
from greencert.web.form_errors import problem_lines
from greencert.web.projects import import_previews
from greencert.web.projects.checklists import KINDS, pinned_checklist
from greencert.web.projects.errors import EditConflict, NotEditable
from greencert.web.projects.forms.sheets import ImportForm
from greencert.web.projects.import_display import added_rows, change_groups
from greencert.web.projects.services.background_imports import in_background, queue_import
from greencert.web.projects.services.imports import (
    Applied,
    StalePreview,
    apply_import,
    preview_import,
    read_upload,
)
from greencert.workbook import write_template

TEMPLATE_EVALUATIONS = 3  # evaluation sheets in the downloaded template (more may be copied)
MAX_TEMPLATE_EVALUATIONS = 50


@require_http_methods(["GET", "HEAD", "POST"])
def upload(request, ctx):
    """The upload form; a posted workbook is read and compared, and the preview shown (nothing
    is stored: the file is kept for the confirmation)."""
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if request.method == "POST" and not ctx.editable:
        return _form(request, ctx, form, [ctx.closed_message], status=409)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        return _preview(request, ctx, file.name, file.read())
    return _form(request, ctx, form)


@require_POST
def confirm(request, ctx):
    """Apply the previewed workbook, as previewed; a changed project is shown the new preview."""
    token = request.POST.get("token", "")
    kept = import_previews.take(user=request.user, assessment=ctx.assessment, token=token)
    if kept is None:
        problem = _("The preview has expired or was not found: upload the workbook again.")
        return _form(request, ctx, ImportForm(), [problem], status=409)
    if ctx.project is not None and in_background(
        content=kept.content, evaluations=kept.evaluations
    ):
        return _queue(request, ctx, kept, token)
    try:
        read = read_upload(assessment=ctx.assessment, name=kept.name, content=kept.content)
        applied = apply_import(
            actor=request.user,
            assessment=ctx.assessment,
            upload=read,
            stored_digest=kept.stored_digest,
        )
    except EditConflict as exc:  # stale, or someone saved a sheet while this one was stored
        import_previews.discard(token)
        message = str(exc) if isinstance(exc, StalePreview) else str(StalePreview.default())
        return _preview(request, ctx, kept.name, kept.content, stale=message)
    except InputError as exc:
        return _form(request, ctx, ImportForm(), _texts(exc), status=200)
    except NotEditable as exc:
        return _form(request, ctx, ImportForm(), [str(exc)], status=409)
    import_previews.discard(token)
    messages.success(request, applied_message(applied))
    return redirect(ctx.back_url)


def _queue(request, ctx, kept, token: str):
    """A large workbook: applied by a task; its state is shown on the project page."""
    queue_import(
        actor=request.user,
        assessment=ctx.assessment,
        name=kept.name,
        content=kept.content,
        sha256=hashlib.sha256(kept.content).hexdigest(),
        stored_digest=kept.stored_digest,
    )
    import_previews.discard(token)
    messages.info(
        request,
        _(
            "The workbook is large: it is being imported in the background. Its progress "
            "and result are shown below, under Workbook imports."
        ),
    )
    return redirect(ctx.back_url + "#imports")


def _preview(request, ctx, name: str, content: bytes, stale: str = ""):
    try:
        read = read_upload(assessment=ctx.assessment, name=name, content=content)
        preview = preview_import(assessment=ctx.assessment, upload=read)
    except InputError as exc:
        return _form(request, ctx, ImportForm(), _texts(exc))
    token = ""
    if preview.changes.any and ctx.editable:
        token = import_previews.keep(
            user=request.user,
            assessment=ctx.assessment,
            name=name,
            content=content,
            stored_digest=preview.stored_digest,
            evaluations=len(read.reading.data.get("evaluations", [])),
        )
    context = {
        "ctx": ctx,
        "name": name,
        "changes": preview.changes,
        "added": added_rows(preview.changes),
        "groups": change_groups(preview.changes),
        "token": token,
        "stale": stale,
    }
    return render(request, "projects/import_preview.html", context, status=409 if stale else 200)


def _form(request, ctx, form, problems=(), status=200):
    context = {"ctx": ctx, "form": form, "problems": list(problems), "editable": ctx.editable}
    return render(request, "projects/import_form.html", context, status=status)


def _texts(exc: InputError) -> list[str]:
    return problem_lines(exc.problems)  # the reader's language


def applied_message(applied: Applied) -> str:
    """What the confirmed import stored, in the reader's language."""
    parts = []
    if applied.added:
        parts.append(
            ngettext("%(count)d evaluation added.", "%(count)d evaluations added.", applied.added)
            % {"count": applied.added}
        )
    if applied.changed_evaluations:
        count = applied.changed_evaluations
        parts.append(
            ngettext("%(count)d evaluation changed.", "%(count)d evaluations changed.", count)
            % {"count": count}
        )
    if applied.levels:
        parts.append(
            ngettext(
                "%(count)d maturity level changed.",
                "%(count)d maturity levels changed.",
                applied.levels,
            )
            % {"count": applied.levels}
        )
    if applied.verdicts:
        parts.append(
            ngettext(
                "%(count)d checklist verdict recorded.",
                "%(count)d checklist verdicts recorded.",
                applied.verdicts,
            )
            % {"count": applied.verdicts}
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
