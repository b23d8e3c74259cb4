"""URLs of certificates, the public register, complaints and the dashboard.

``verify/<number>`` is printed in certificates' QR codes: it must keep
working for as long as a certificate exists, with or without the slash.
"""

from django.urls import path

from greencert.web.certification.views import certificates, complaints, dashboard, public

urlpatterns = [
    # Public, no login; permanent.
    path("register/", public.register, name="register"),
    path("verify/<str:number>", public.verify, name="verify"),
    path("verify/<str:number>/", public.verify, name="verify_slash"),
    # Staff and client users.
    path("certificates/", certificates.certificate_list, name="certificate_list"),
    path("certificates/<int:pk>/", certificates.certificate_detail, name="certificate_detail"),
    path(
        "decisions/<int:pk>/certificate/",
        certificates.certificate_issue,
        name="certificate_issue",
    ),
    path(
        "certificates/<int:pk>/suspend/",
        certificates.certificate_change,
        {"change": "suspend"},
        name="certificate_suspend",
    ),
    path(
        "certificates/<int:pk>/reinstate/",
        certificates.certificate_change,
        {"change": "reinstate"},
        name="certificate_reinstate",
    ),
    path(
        "certificates/<int:pk>/withdraw/",
        certificates.certificate_change,
        {"change": "withdraw"},
        name="certificate_withdraw",
    ),
    path(
        "certificates/<int:pk>/follow-up/",
        certificates.certificate_follow_up,
        name="certificate_follow_up",
    ),
    # Complaints and appeals.
    path("complaints/", complaints.complaint_list, name="complaint_list"),
    path("complaints/new/", complaints.complaint_create, name="complaint_create"),
    path("complaints/<int:pk>/", complaints.complaint_detail, name="complaint_detail"),
    path("complaints/<int:pk>/assign/", complaints.complaint_assign, name="complaint_assign"),
    path(
        "complaints/<int:pk>/acknowledge/",
        complaints.complaint_acknowledge,
        name="complaint_acknowledge",
    ),
    path("complaints/<int:pk>/close/", complaints.complaint_close, name="complaint_close"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
]
