"""URLs of the certification app, one module per area: findings to decision, and
certificates with the public register, complaints and the dashboard."""

from greencert.web.certification.urls import certificates, findings

urlpatterns = [*findings.urlpatterns, *certificates.urlpatterns]
