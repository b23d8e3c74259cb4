"""Applications for certification (认证申请)."""

from django.urls import path

from greencert.web.projects.views import applications

urlpatterns = [
    path("applications/", applications.application_list, name="application_list"),
    path(
        "organisations/<int:pk>/applications/new/",
        applications.application_create,
        name="application_create",
    ),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path(
        "applications/<int:pk>/review/",
        applications.application_review,
        name="application_review",
    ),
]
