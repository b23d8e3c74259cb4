"""The service blueprint page (服务蓝图, §4.2.2 2)①): the drawing, and the steps to edit.

Everyone who sees the project sees the drawing; its team and administrators
edit the steps while the project is open.  A POST may also only add an
empty step or preview the drawing of the steps as typed (nothing is stored
then).  Saving is locked by the blueprint's version: a stale copy is
refused with 409 and the typed steps are kept on the page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from greencert.core.blueprint import MAX_STEPS, Blueprint
from greencert.core.exceptions import InputError
from greencert.reports.blueprint_svg import blueprint_svg
from greencert.web.projects.access import blueprint_place_for, may_edit_blueprints
from greencert.web.projects.errors import EditConflict, NotEditable
from greencert.web.projects.forms.blueprints import (
    StepFormSet,
    VersionForm,
    initial_of,
    steps_data,
)
from greencert.web.projects.models import ServiceBlueprint
from greencert.web.projects.result_display import core_language
from greencert.web.projects.services.blueprints import save_blueprint

TEMPLATE = "projects/blueprint.html"
SCALE = 1.4  # the drawing's 9 pt text at about 12.5 px


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def blueprint_edit(request, pk, site_id, service_id):
    writing = request.method == "POST"
    project, site, service = blueprint_place_for(
        request.user, pk, site_id, service_id, edit=writing
    )
    stored = ServiceBlueprint.objects.filter(project=project, site=site, service=service).first()
    page = _Page(request, project, site, service, stored)
    if not writing:
        return page.render(StepFormSet(initial=initial_of(stored.data) if stored else None))
    formset, version = StepFormSet(request.POST), VersionForm(request.POST)
    if "add_step" in request.POST:
        return page.render(_with_one_more(request.POST))
    if not project.is_open:
        return page.render(formset, conflict=page.closed_message, status=409)
    if not (formset.is_valid() and version.is_valid()):
        return page.render(formset, problems=[_("Please correct the marked steps.")])
    data, kept = steps_data(formset)
    try:
        if "preview" in request.POST:
            return page.render(formset, drawing=Blueprint.of(data))
        saved_url = _save(request, project, site, service, data, version)
    except InputError as exc:
        return page.render(formset, problems=_put_back(exc.problems, kept))
    except (EditConflict, NotEditable) as exc:
        return page.render(formset, conflict=str(exc), status=409)
    messages.success(request, _("Service blueprint saved."))
    return redirect(saved_url)


def _save(request, project, site, service, data, version) -> str:
    save_blueprint(
        actor=request.user,
        project=project,
        site=site,
        service=service,
        data=data,
        expected_version=version.cleaned_data["version"],
    )
    return reverse("blueprint_edit", args=(project.pk, site.pk, service.pk))


def _with_one_more(post):
    data = post.copy()
    total = int(data.get("form-TOTAL_FORMS") or 0)
    data["form-TOTAL_FORMS"] = str(min(total + 1, MAX_STEPS))
    return StepFormSet(data)


def _put_back(problems, kept) -> list[str]:
    """Each problem on the step form it names; the others listed at the top."""
    lang = core_language()
    top = []
    for problem in problems:
        if problem.step is None or problem.step > len(kept):
            top.append(problem.text(lang))
            continue
        form = kept[problem.step - 1]
        field = problem.field if problem.field in form.fields else None
        if field:
            form.add_error(field, problem.message_text(lang))
        else:
            form.add_error(None, problem.at(step=None).text(lang))
    return top or [_("Please correct the marked steps.")]


class _Page:
    def __init__(self, request, project, site, service, stored):
        self.request, self.project, self.site, self.service = request, project, site, service
        self.stored = stored
        self.can_edit = may_edit_blueprints(request.user, project)

    @property
    def closed_message(self) -> str:
        return _("The project is “%(state)s”: its blueprints can no longer change.") % {
            "state": self.project.get_state_display()
        }

    def render(self, formset, *, problems=(), conflict="", drawing=None, status=200):
        stored = self.stored
        if drawing is None and stored is not None:
            drawing = Blueprint.of(stored.data)
        title = f"{self.site.name} · {self.service.name}"
        context = {
            "project": self.project,
            "site": self.site,
            "service": self.service,
            "stored": stored,
            "svg": mark_safe(blueprint_svg(drawing, title, SCALE, core_language()))
            if drawing
            else "",  # text escaped
            "previewing": drawing is not None and "preview" in self.request.POST,
            "formset": formset,
            "version": VersionForm(initial={"version": stored.version if stored else 0})
            if not self.request.POST
            else VersionForm(self.request.POST),
            "editable": self.can_edit and self.project.is_open,
            "can_edit": self.can_edit,
            "closed_message": self.closed_message,
            "problems": list(problems),
            "conflict": conflict,
        }
        return render(self.request, TEMPLATE, context, status=status)
