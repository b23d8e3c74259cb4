"""What the API returns: plain fields, dates as ISO 8601, decimal figures as strings.

Each schema is built from the model row (``from_attributes``); choices are
given as their stored code with the label in the reader's language beside it.
"""

import datetime
import re
from typing import Annotated

from django.utils import timezone
from ninja import Field, Schema
from pydantic import BeforeValidator

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date_only(value):
    """A date is written YYYY-MM-DD: pydantic would read "0" as 1970-01-01."""
    if isinstance(value, str) and not ISO_DATE.match(value):
        raise ValueError("a date is written YYYY-MM-DD")
    return value


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date_only)]


class Named(Schema):
    id: int
    name: str


class SiteOut(Schema):
    id: int
    name: str
    address: str


class ServiceOut(Schema):
    id: int
    name: str
    description: str


class ContactOut(Schema):
    id: int
    name: str
    position: str
    phone: str
    email: str


class OrganisationOut(Schema):
    id: int
    name: str
    address: str
    uscc: str | None = Field(None, description="统一社会信用代码 Unified social credit code")
    created_at: datetime.datetime


class OrganisationDetail(OrganisationOut):
    sites: list[SiteOut]
    services: list[ServiceOut]
    contacts: list[ContactOut]


class ApplicationOut(Schema):
    id: int
    organisation: Named
    scope: str
    status: str
    status_label: str
    submitted_at: datetime.datetime
    reviewed_at: datetime.datetime | None

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())


class ProjectOut(Schema):
    id: int
    code: str = Field(description="项目编号 Project number")
    organisation: Named
    kind: str
    state: str = Field(description="项目状态 The project's state (its code)")
    state_label: str
    scope: str
    scheme_label: str
    planned_start: datetime.date
    planned_end: datetime.date
    created_at: datetime.datetime

    @staticmethod
    def resolve_state_label(obj) -> str:
        return str(obj.get_state_display())


class StateMove(Schema):
    to: str = Field(description="目标状态 The state to move to, e.g. in_progress")
    reason: str = Field(
        "", max_length=2000, description="理由（取消时必填）Reason (required to cancel)"
    )


class CertificateOut(Schema):
    id: int
    number: str
    revision: int
    organisation_name: str
    scope: str
    scheme_label: str
    grade: str
    granted_on: datetime.date
    expires_on: datetime.date
    issuer: str
    status: str = Field(description="证书今日状态 The certificate's status today")

    @staticmethod
    def resolve_status(obj) -> str:
        return obj.current_status(timezone.localdate())


class PublicSite(Schema):
    name: str
    address: str = ""


class VerifyOut(Schema):
    """The public facts of the verification page, and nothing more."""

    number: str
    display_number: str
    organisation: str
    scope: str
    sites: list[PublicSite]
    scheme: str
    grade: str
    granted_on: datetime.date
    expires_on: datetime.date
    issuer: str
    status: str
    status_label: str


class AuditEntryOut(Schema):
    sequence: int
    at: datetime.datetime
    actor: str | None
    action: str
    object_type: str
    object_id: str
    object_repr: str
    before: dict | None
    after: dict | None

    @staticmethod
    def resolve_actor(obj) -> str | None:
        return obj.actor.username if obj.actor_id else None


# An id in a filter: within a signed 64-bit column, else refused (422) by name.  A larger
# number given to a foreign key's lookup reaches SQLite's driver, which cannot bind it.
MAX_ID = 2**63 - 1
RowId = Annotated[int, Field(ge=1, le=MAX_ID)]
