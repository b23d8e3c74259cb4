"""Organisations (with their sites, services and contacts) and applications: read, in the
pages' reach (``clients/access.py``)."""

from django.db.models import Q
from ninja import Query, Router, Schema
from ninja.pagination import CursorPagination, paginate

from greencert.web.api import auth
from greencert.web.api.problems import ProblemOut
from greencert.web.api.schemas import ApplicationOut, OrganisationDetail, OrganisationOut, RowId
from greencert.web.clients.access import (
    application_for,
    organisation_for,
    visible_applications,
    visible_organisations,
)
from greencert.web.clients.models import Application

router = Router(tags=["organisations 组织", "applications 申请"], auth=auth.READ)
NOT_FOUND = {404: ProblemOut, 401: ProblemOut}


class OrganisationFilter(Schema):
    q: str = ""  # name or USCC


class ApplicationFilter(Schema):
    status: Application.Status | None = None
    organisation: RowId | None = None


@router.get(
    "/organisations",
    response=list[OrganisationOut],
    summary="组织列表 Organisations",
    description="在您可见范围内的组织（按名称或信用代码筛选）。 The organisations within your reach.",
)
@paginate(CursorPagination, ordering=("-id",))
def organisation_list(request, filters: Query[OrganisationFilter]):
    organisations = visible_organisations(request.user)
    if q := filters.q.strip():
        organisations = organisations.filter(Q(name__icontains=q) | Q(uscc=q.upper()))
    return organisations


@router.get(
    "/organisations/{organisation_id}",
    response={200: OrganisationDetail, **NOT_FOUND},
    summary="组织详情 An organisation with its sites, services and contacts",
    description="范围之外为 404。 Out of reach is 404.",
)
def organisation_detail(request, organisation_id: int):
    return organisation_for(request.user, organisation_id)


@router.get(
    "/applications",
    response=list[ApplicationOut],
    summary="认证申请列表 Applications",
    description="管理人员看到全部，顾客看到本组织的。 Managers see all; a client its own.",
)
@paginate(CursorPagination, ordering=("-id",))
def application_list(request, filters: Query[ApplicationFilter]):
    applications = visible_applications(request.user)
    if filters.status:
        applications = applications.filter(status=filters.status)
    if filters.organisation:
        applications = applications.filter(organisation_id=filters.organisation)
    return applications


@router.get(
    "/applications/{application_id}",
    response={200: ApplicationOut, **NOT_FOUND},
    summary="认证申请 An application",
)
def application_detail(request, application_id: int):
    return application_for(request.user, application_id)
