from django.urls import path

from greencert.web.documents import export_views, views

urlpatterns = [
    path("projects/<int:pk>/report.pdf", views.project_report, name="project_report"),
    path("projects/<int:pk>/export.xlsx", views.project_export, name="project_export"),
    path("certificates/register.xlsx", views.register_export, name="register_export"),
    path("certificates/<int:pk>/certificate.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("exports/", export_views.export_list, name="export_list"),
    path("exports/<int:pk>/download/", export_views.export_download, name="export_download"),
    path("exports/register/", export_views.export_register, name="export_register"),
    path(
        "organisations/<int:pk>/certificates.zip",
        export_views.export_certificates,
        name="export_certificates",
    ),
]
