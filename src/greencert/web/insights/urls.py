from django.urls import path

from greencert.web.insights import views

urlpatterns = [
    path("insights/", views.overview, name="insights"),
    path("insights/insights.xlsx", views.export, name="insights_export"),
    path(
        "insights/organisations/<int:pk>/",
        views.organisation_cycles,
        name="insights_organisation",
    ),
    path("projects/<int:pk>/benchmark/", views.project_benchmark, name="project_benchmark"),
]
