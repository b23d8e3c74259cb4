from django.urls import path

from greencert.web.documents import views

urlpatterns = [
    path("projects/<int:pk>/report.pdf", views.project_report, name="project_report"),
    path("projects/<int:pk>/export.xlsx", views.project_export, name="project_export"),
    path("certificates/register.xlsx", views.register_export, name="register_export"),
    path("certificates/<int:pk>/certificate.pdf", views.certificate_pdf, name="certificate_pdf"),
]
