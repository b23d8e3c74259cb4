"""``/api/v1/``: the operations, ``openapi.json`` and the documentation page (``docs``)."""

from django.urls import path

from greencert.web.api.main import api

urlpatterns = [path("api/v1/", api.urls)]
