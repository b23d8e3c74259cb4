"""The service blueprints of a project (§4.2.2 2)①), one page per site and service."""

from django.urls import path

from greencert.web.projects.views import blueprints

urlpatterns = [
    path(
        "projects/<int:pk>/blueprints/<int:site_id>/<int:service_id>/",
        blueprints.blueprint_edit,
        name="blueprint_edit",
    ),
]
