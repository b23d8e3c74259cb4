"""URLs of the projects app, one module per area."""

from greencert.web.projects.urls import applications, projects, sheets

urlpatterns = [*applications.urlpatterns, *projects.urlpatterns, *sheets.urlpatterns]
