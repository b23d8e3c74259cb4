"""The API object: its routers, its authentication, errors as problem details, the schema.

The schema is OpenAPI 3.1 (django-ninja's own); refusals are described there as
``application/problem+json``, which is what they are sent as.
"""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from greencert.web.api import auth, preconditions, problems
from greencert.web.api.links import add_links
from greencert.web.api.openapi import describe_refusals
from greencert.web.api.parser import RequestParser
from greencert.web.api.routers import (
    certificate_status,
    certificates,
    clients,
    documents,
    evaluations,
    nonconformities,
    projects,
    public,
    sites,
    surveys,
)

DESCRIPTION = """
绿色产品服务认证系统的接口：与网页相同的服务与权限规则。用个人访问令牌（在“我的账户”页面创建）
以 `Authorization: Bearer gct_…` 调用；浏览器会话亦可（写操作需 CSRF）。错误以
`application/problem+json`（RFC 9457）返回并指明字段；范围之外为 404。日期为 ISO 8601，小数以字符串表示。
列表以游标分页（`cursor`、`page_size`）。POST 可带 `Idempotency-Key`。

GreenCert's API: the same services and permission rules as the pages. Call it with a personal
access token (made on "My account") as `Authorization: Bearer gct_…`; the browser's session works
too (CSRF on writes). Errors are `application/problem+json` (RFC 9457) naming the field; out of
reach is 404. Dates are ISO 8601, decimal figures strings. Lists use cursor pagination (`cursor`,
`page_size`). A POST may carry an `Idempotency-Key`.
"""


class GreenCertAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        return add_links(describe_refusals(super().get_openapi_schema(*args, **kwargs)))


api = GreenCertAPI(
    title="GreenCert API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=auth.READ,
    docs=Swagger(settings={"persistAuthorization": False}),
    parser=RequestParser(),
)
for exception, handler in problems.HANDLERS + preconditions.HANDLERS:
    api.add_exception_handler(exception, handler)
api.add_router("", public.router)
api.add_router("", clients.router)
api.add_router("", projects.router)
api.add_router("", certificates.router)
api.add_router("", sites.router)
api.add_router("", evaluations.router)
api.add_router("", nonconformities.router)
api.add_router("", surveys.router)
api.add_router("", certificate_status.router)
api.add_router("", documents.router)
