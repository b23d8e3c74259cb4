"""URLs of the projects app, one module per area."""

from greencert.web.projects.urls import blueprints, checklists, projects, sheets

urlpatterns = [
    *projects.urlpatterns,
    *sheets.urlpatterns,
    *blueprints.urlpatterns,
    *checklists.urlpatterns,
]
