"""An organisation's sites, services and contacts, each a list of its own: read, in the
reach of the organisation's page (``clients/access.organisation_for``)."""

from ninja import Router
from ninja.pagination import CursorPagination, paginate

from greencert.web.api import auth
from greencert.web.api.problems import ProblemOut
from greencert.web.api.schemas import ContactOut, ServiceOut, SiteOut
from greencert.web.clients.access import organisation_for

router = Router(tags=["organisations 组织"], auth=auth.READ)
NOT_FOUND = {404: ProblemOut, 401: ProblemOut}
OUT_OF_REACH = "组织在您的范围之外为 404。 An organisation out of your reach is 404."


@router.get(
    "/organisations/{organisation_id}/sites",
    response={200: list[SiteOut], **NOT_FOUND},
    summary="组织的场所 An organisation's sites",
    description=OUT_OF_REACH,
)
@paginate(CursorPagination, ordering=("id",))
def organisation_sites(request, organisation_id: int):
    return organisation_for(request.user, organisation_id).sites.all()


@router.get(
    "/organisations/{organisation_id}/services",
    response={200: list[ServiceOut], **NOT_FOUND},
    summary="组织的服务 An organisation's services",
    description=OUT_OF_REACH,
)
@paginate(CursorPagination, ordering=("id",))
def organisation_services(request, organisation_id: int):
    return organisation_for(request.user, organisation_id).services.all()


@router.get(
    "/organisations/{organisation_id}/contacts",
    response={200: list[ContactOut], **NOT_FOUND},
    summary="组织的联系人 An organisation's contacts",
    description=OUT_OF_REACH,
)
@paginate(CursorPagination, ordering=("id",))
def organisation_contacts(request, organisation_id: int):
    return organisation_for(request.user, organisation_id).contacts.all()
