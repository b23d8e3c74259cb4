"""Assessment projects: list, create, the project page, plan, team, state and audit trail."""

from django.urls import path

from greencert.web.projects.views import project_manage, project_team, projects

urlpatterns = [
    path("projects/", projects.project_list, name="project_list"),
    path("projects/new/", project_manage.project_create, name="project_create"),
    path("projects/<int:pk>/", projects.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", project_manage.project_edit, name="project_edit"),
    path("projects/<int:pk>/team/", project_team.project_team, name="project_team"),
    path("projects/<int:pk>/audit/", projects.project_audit, name="project_audit"),
]
