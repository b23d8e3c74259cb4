from django.urls import path, re_path

from greencert.web.regulator import views

MONTH = r"(?P<month>[0-9]{4}-[0-9]{2})"

urlpatterns = [
    path("regulator/", views.period_list, name="regulator_periods"),
    path("regulator/collect", views.collect, name="regulator_collect"),
    path("regulator/codes/", views.codes, name="regulator_codes"),
    re_path(rf"^regulator/{MONTH}/$", views.period_detail, name="regulator_period"),
    re_path(rf"^regulator/{MONTH}/report\.xlsx$", views.period_file, name="regulator_file"),
    re_path(rf"^regulator/{MONTH}/reported$", views.mark_reported, name="regulator_mark"),
]
