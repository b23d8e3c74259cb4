"""The checklist audit of a project (GB/T 19001 and §4.2.2) and its §5.2.2 exemption record."""

from django.urls import path

from greencert.web.projects.views import checklists, exemption
from greencert.web.projects.views.sheet_context import official_sheets

P = "projects/<int:pk>/"
C = P + "checklists/"

urlpatterns = [
    path(C + "<str:kind>/", official_sheets(checklists.checklist), name="checklist"),
    path(
        C + "<str:kind>/rows/<str:clause_id>/",
        official_sheets(checklists.verdict_edit, edit=True),
        name="checklist_verdict",
    ),
    path(
        C + "evidence/<int:evidence_id>/",
        official_sheets(checklists.verdict_evidence),
        name="checklist_evidence",
    ),
    path(P + "exemption/", exemption.exemption, name="project_exemption"),
]
