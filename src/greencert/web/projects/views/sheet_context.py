"""Where a sheet page works: a project's official assessment, or a client's self-assessment.

The evaluation and maturity views are written once and take a
:class:`SheetContext`: which assessment they act on, whether this person
may change it, which sources an evaluation may have and the URLs of the
pages.  The two decorators below resolve it (404 for anyone without
access, through the selectors) before the view runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, wraps
from http import HTTPStatus

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from greencert.core.scheme import Scheme
from greencert.web.projects.access import editable_project_for, project_for, self_assessment_for
from greencert.web.projects.forms.sheets import OFFICIAL_SOURCES
from greencert.web.projects.models import Assessment, Evaluation, Project
from greencert.web.projects.scoring import scheme_of
from greencert.web.projects.services.self_assessment import ensure_self_assessment


@dataclass
class SheetContext:
    assessment: Assessment
    project: Project | None  # None for a self-assessment
    can_edit: bool  # may this person change the sheets (whatever the project's state)
    prefix: str  # of the URL names: "" or "self_"
    args: tuple  # leading URL arguments: (project pk,) or ()

    @property
    def official(self) -> bool:
        return self.project is not None

    @property
    def is_open(self) -> bool:
        return self.project is None or self.project.is_open

    @property
    def editable(self) -> bool:
        return self.can_edit and self.is_open

    @property
    def closed_message(self) -> str:
        return _("The project is “%(state)s”: its sheets can no longer change.") % {
            "state": self.project.get_state_display() if self.project else ""
        }

    @property
    def sources(self) -> list[tuple[str, str]]:
        if self.official:
            return OFFICIAL_SOURCES
        return [(Evaluation.Source.SELF, Evaluation.Source.SELF.label)]

    @cached_property
    def scheme(self) -> Scheme:
        return scheme_of(self.assessment)

    def url(self, name: str, *extra) -> str:
        return reverse(self.prefix + name, args=(*self.args, *extra))

    @property
    def back_url(self) -> str:
        if self.project is not None:
            return reverse("project_detail", args=(self.project.pk,))
        return reverse("self_assessment")


def official_context(user, pk, *, edit: bool) -> SheetContext:
    """The official sheets of project *pk*: staff who see it may look, its team may edit."""
    if user.is_client:
        raise Http404  # clients see results on the project page, never the auditors' sheets
    if edit:
        project, can_edit = editable_project_for(user, pk), True
    else:
        project = project_for(user, pk)
        try:
            editable_project_for(user, pk)
            can_edit = True
        except Http404:
            can_edit = False
    return SheetContext(project.assessment, project, can_edit, "", (project.pk,))


def official_sheets(view=None, *, edit: bool = False):
    """Decorate ``view(request, ctx, ...)`` for URLs ``projects/<pk>/…``.

    Writing (any method but GET/HEAD) always needs edit rights; with
    *edit*, so does looking.
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, pk, *args, **kwargs):
            needs_edit = edit or request.method not in ("GET", "HEAD")
            ctx = official_context(request.user, pk, edit=needs_edit)
            return view(request, ctx, *args, **kwargs)

        return wrapped

    return decorator(view) if view else decorator


def self_sheets(view):
    """Decorate ``view(request, ctx, ...)`` for the client's own self-assessment (staff: 404)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        assessment = self_assessment_for(request.user)
        if assessment.pk != 0 or request.method in ("GET", "HEAD"):
            return view(request, SheetContext(assessment, None, True, "self_", ()), *args, **kwargs)
        # The first write stores the self-assessment with it; looking never does, and
        # neither does a POST that stores nothing (a preview, a refusal, a form with errors:
        # every stored write redirects).
        with transaction.atomic():
            assessment = ensure_self_assessment(organisation=request.user.organisation)
            response = view(
                request, SheetContext(assessment, None, True, "self_", ()), *args, **kwargs
            )
            if response.status_code != HTTPStatus.FOUND:
                transaction.set_rollback(True)
        return response

    return wrapped
