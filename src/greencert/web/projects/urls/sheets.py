"""The sheets: service evaluations, the maturity sheet, Excel import, evidence files,
and the client's self-assessment, which reuses the same views on its own assessment."""

from django.urls import path

from greencert.web.projects.views import evaluations, evidence, imports, maturity, self_assessment
from greencert.web.projects.views.sheet_context import official_sheets, self_sheets

P = "projects/<int:pk>/"
S = "self-assessment/"

urlpatterns = [
    # A project's official sheets: its team (and administrators) edit, other staff look.
    path(
        P + "evaluations/new/",
        official_sheets(evaluations.create, edit=True),
        name="evaluation_create",
    ),
    path(
        P + "evaluations/preview/",
        official_sheets(evaluations.preview, edit=True),
        name="evaluation_preview",
    ),
    path(P + "evaluations/<int:eid>/", official_sheets(evaluations.edit), name="evaluation_edit"),
    path(
        P + "evaluations/<int:eid>/delete/",
        official_sheets(evaluations.delete, edit=True),
        name="evaluation_delete",
    ),
    path(P + "maturity/", official_sheets(maturity.edit), name="maturity_edit"),
    path(
        P + "maturity/preview/",
        official_sheets(maturity.preview, edit=True),
        name="maturity_preview",
    ),
    path(P + "import/", official_sheets(imports.upload, edit=True), name="evaluation_import"),
    path(
        P + "import/confirm/",
        official_sheets(imports.confirm, edit=True),
        name="evaluation_import_confirm",
    ),
    path(
        P + "template.xlsx",
        official_sheets(imports.template, edit=True),
        name="evaluation_template",
    ),
    path(
        P + "evidence/<int:evidence_id>/",
        official_sheets(evidence.download),
        name="evidence_download",
    ),
    # The client's own, unofficial self-assessment.
    path(S, self_sheets(self_assessment.overview), name="self_assessment"),
    path(S + "evaluations/new/", self_sheets(evaluations.create), name="self_evaluation_create"),
    path(
        S + "evaluations/preview/",
        self_sheets(evaluations.preview),
        name="self_evaluation_preview",
    ),
    path(S + "evaluations/<int:eid>/", self_sheets(evaluations.edit), name="self_evaluation_edit"),
    path(
        S + "evaluations/<int:eid>/delete/",
        self_sheets(evaluations.delete),
        name="self_evaluation_delete",
    ),
    path(S + "maturity/", self_sheets(maturity.edit), name="self_maturity_edit"),
    path(S + "maturity/preview/", self_sheets(maturity.preview), name="self_maturity_preview"),
    path(
        S + "evidence/<int:evidence_id>/",
        self_sheets(evidence.download),
        name="self_evidence_download",
    ),
]
