"""URLs of the projects app, one module per area."""

from greencert.web.projects.urls import checklists, projects, sheets

urlpatterns = [*projects.urlpatterns, *sheets.urlpatterns, *checklists.urlpatterns]
