"""The administrators' webhook pages."""

from django.urls import path

from greencert.web.webhooks import views

urlpatterns = [
    path("webhooks/", views.endpoint_list, name="webhook_list"),
    path("webhooks/new/", views.endpoint_register, name="webhook_register"),
    path("webhooks/<int:pk>/", views.endpoint_detail, name="webhook_detail"),
    path("webhooks/<int:pk>/change/", views.endpoint_change, name="webhook_change"),
    path("webhooks/<int:pk>/secret/", views.endpoint_secret, name="webhook_secret"),
    path("webhooks/<int:pk>/test/", views.endpoint_test, name="webhook_test"),
]
