"""Organisations, the parts of their record (contacts, sites, services, QMS certificates),
and their applications for certification (认证申请)."""

from django.urls import path

from greencert.web.clients.views import applications, conflicts, organisations, parts, users


def _part_urls(segment: str, name: str, part: parts.Part) -> list:
    base = f"organisations/<int:pk>/{segment}/"
    return [
        path(f"{base}new/", parts.part_add, {"part": part}, name=f"{name}_add"),
        path(f"{base}<int:item>/edit/", parts.part_edit, {"part": part}, name=f"{name}_edit"),
        path(f"{base}<int:item>/delete/", parts.part_delete, {"part": part}, name=f"{name}_delete"),
    ]


urlpatterns = [
    path("organisations/", organisations.organisation_list, name="organisation_list"),
    path("organisations/new/", organisations.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", organisations.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", organisations.organisation_edit, name="organisation_edit"),
    *_part_urls("contacts", "contact", parts.CONTACT),
    *_part_urls("sites", "site", parts.SITE),
    *_part_urls("services", "service", parts.SERVICE),
    *_part_urls("qms-certificates", "qms_certificate", parts.QMS_CERTIFICATE),
    path(
        "organisations/<int:pk>/users/invite/",
        users.organisation_user_invite,
        name="organisation_user_invite",
    ),
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
    path(
        "applications/<int:pk>/refuse/",
        applications.application_refuse,
        name="application_refuse",
    ),
    path("people/<int:pk>/conflicts/", conflicts.person_conflicts, name="person_conflicts"),
    path(
        "people/<int:pk>/conflicts/<int:item>/remove/",
        conflicts.conflict_remove,
        name="conflict_remove",
    ),
]
