"""URL map: one include per app; the public, permanent URLs are listed first."""

from django.urls import include, path

from greencert.web import views
from greencert.web.worklists.views import home

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", views.metrics, name="metrics"),
    path("csp-report/", views.csp_report, name="csp_report"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("greencert.web.api.urls")),
    path("", include("greencert.web.accounts.urls")),
    path("", include("greencert.web.surveys.urls")),  # first: /s/<token>/ is on posters
    path("", home, name="home"),
    path("", include("greencert.web.clients.urls")),
    path("", include("greencert.web.projects.urls")),
    path("", include("greencert.web.certification.urls")),
    path("", include("greencert.web.documents.urls")),
    path("", include("greencert.web.webhooks.urls")),
    path("", include("greencert.web.regulator.urls")),
    path("", include("greencert.web.insights.urls")),
]
