"""Writes for client organisations and their applications (认证申请).

Every function is keyword-only, runs in one transaction, validates the
whole object before anything is stored (a ``ValidationError`` names the
field), and writes its audit entry in the same transaction.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greencert.core import validity
from greencert.web.audit.services import record
from greencert.web.clients.models import (
    CONTACT_FIELDS,
    ORGANISATION_FIELDS,
    QMS_FIELDS,
    SERVICE_FIELDS,
    SITE_FIELDS,
    Application,
    Contact,
    Organisation,
    QmsCertificate,
    Service,
    Site,
)
from greencert.web.date_limits import Event, today, window_problems
from greencert.web.text_limits import length_problems


def _snapshot(obj, fields) -> dict:
    return {f: getattr(obj, f) for f in fields}


def _assign(obj, fields, values: dict) -> None:
    unknown = set(values) - set(fields)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    for name, value in values.items():
        setattr(obj, name, value.strip() if isinstance(value, str) else value)
    texts = {name: getattr(obj, name) for name in values}
    problems = length_problems(type(obj), texts)
    if isinstance(obj, QmsCertificate):
        problems += _qms_date_problems(obj)
    if problems:
        raise ValidationError({p.field: [p.message] for p in problems})


def _qms_date_problems(certificate: QmsCertificate) -> list:
    """A GB/T 19001 certificate took effect by today and runs one three-year cycle at most
    (ISO/IEC 17021-1 §9.1.3.2): a later expiry is a typing error."""
    problems = window_problems(
        certificate.valid_from, field="valid_from", label=_("Valid from"), before=[today()]
    )
    start = certificate.valid_from or timezone.localdate()
    years = validity.QMS_CERTIFICATION_CYCLE_YEARS
    problems += window_problems(
        certificate.valid_until,
        field="valid_until",
        label=_("Valid until"),
        before=[
            Event(
                validity.qms_certificate_latest_expiry(start),
                _("%(years)s years after %(start)s") % {"years": years, "start": start.isoformat()},
            )
        ],
    )
    return problems


# --- organisations ---------------------------------------------------------


@transaction.atomic
def create_organisation(
    *, actor, name: str, address: str, uscc: str, uscc_exception_reason: str = "", **details
) -> Organisation:
    """A new organisation; *details* may give its region_code, postcode, legal_representative
    and industry (what the regulator's report asks)."""
    organisation = Organisation()
    _assign(
        organisation,
        ORGANISATION_FIELDS,
        {
            "name": name,
            "address": address,
            "uscc": uscc,
            "uscc_exception_reason": uscc_exception_reason,
            **details,
        },
    )
    # Also compacts the USCC and checks GB 32100, the division code and the postcode.
    organisation.full_clean()
    organisation.save()
    record(
        actor=actor,
        action="greencert.organisation.created",
        target=organisation,
        organisation=organisation,
        after=_snapshot(organisation, ORGANISATION_FIELDS),
    )
    return organisation


@transaction.atomic
def update_organisation(*, actor, organisation: Organisation, **changes) -> Organisation:
    """Change any of :data:`ORGANISATION_FIELDS`."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = _snapshot(organisation, ORGANISATION_FIELDS)
    _assign(organisation, ORGANISATION_FIELDS, changes)
    organisation.full_clean()
    after = _snapshot(organisation, ORGANISATION_FIELDS)
    if after != before:
        organisation.save()
        record(
            actor=actor,
            action="greencert.organisation.changed",
            target=organisation,
            organisation=organisation,
            before=before,
            after=after,
        )
    return organisation


# --- contacts, sites and services: the same three steps each -------------


def _add_part(*, actor, model, fields, kind: str, organisation, values: dict):
    part = model(organisation=organisation)
    _assign(part, fields, values)
    part.full_clean()
    part.save()
    record(
        actor=actor,
        action=f"greencert.{kind}.created",
        target=part,
        organisation=organisation,
        after=_snapshot(part, fields),
    )
    return part


def _update_part(*, actor, part, fields, kind: str, values: dict):
    part = type(part).objects.select_for_update().get(pk=part.pk)
    before = _snapshot(part, fields)
    _assign(part, fields, values)
    part.full_clean()
    after = _snapshot(part, fields)
    if after != before:
        part.save()
        record(
            actor=actor,
            action=f"greencert.{kind}.changed",
            target=part,
            organisation=part.organisation,
            before=before,
            after=after,
        )
    return part


def _remove_part(*, actor, part, fields, kind: str) -> None:
    record(
        actor=actor,
        action=f"greencert.{kind}.deleted",
        target=part,
        organisation=part.organisation,
        before=_snapshot(part, fields),
    )
    part.delete()


def _refuse_removal_if_used(part) -> None:
    """A site or service named by a project or an application stays: removing it
    would silently rewrite what was applied for and assessed."""
    codes = list(part.project_set.values_list("code", flat=True)[:5])
    if codes:
        raise ValidationError(
            _("“%(name)s” is part of project(s) %(codes)s and cannot be removed.")
            % {"name": part.name, "codes": ", ".join(codes)}
        )
    if part.application_set.exists():
        raise ValidationError(
            _("“%(name)s” is named in an application and cannot be removed.") % {"name": part.name}
        )
    if part.blueprints.exists():
        raise ValidationError(
            _("“%(name)s” has a service blueprint drawn for it and cannot be removed.")
            % {"name": part.name}
        )
    if isinstance(part, Site) and part.evaluation_set.exists():
        raise ValidationError(
            _("“%(name)s” is the site of recorded evaluations and cannot be removed.")
            % {"name": part.name}
        )


@transaction.atomic
def add_contact(*, actor, organisation: Organisation, **values) -> Contact:
    return _add_part(
        actor=actor,
        model=Contact,
        fields=CONTACT_FIELDS,
        kind="contact",
        organisation=organisation,
        values=values,
    )


@transaction.atomic
def update_contact(*, actor, contact: Contact, **values) -> Contact:
    return _update_part(
        actor=actor, part=contact, fields=CONTACT_FIELDS, kind="contact", values=values
    )


@transaction.atomic
def remove_contact(*, actor, contact: Contact) -> None:
    _remove_part(actor=actor, part=contact, fields=CONTACT_FIELDS, kind="contact")


@transaction.atomic
def add_site(*, actor, organisation: Organisation, **values) -> Site:
    return _add_part(
        actor=actor,
        model=Site,
        fields=SITE_FIELDS,
        kind="site",
        organisation=organisation,
        values=values,
    )


@transaction.atomic
def update_site(*, actor, site: Site, **values) -> Site:
    return _update_part(actor=actor, part=site, fields=SITE_FIELDS, kind="site", values=values)


@transaction.atomic
def remove_site(*, actor, site: Site) -> None:
    _refuse_removal_if_used(site)
    _remove_part(actor=actor, part=site, fields=SITE_FIELDS, kind="site")


@transaction.atomic
def add_service(*, actor, organisation: Organisation, **values) -> Service:
    return _add_part(
        actor=actor,
        model=Service,
        fields=SERVICE_FIELDS,
        kind="service",
        organisation=organisation,
        values=values,
    )


@transaction.atomic
def update_service(*, actor, service: Service, **values) -> Service:
    return _update_part(
        actor=actor, part=service, fields=SERVICE_FIELDS, kind="service", values=values
    )


@transaction.atomic
def remove_service(*, actor, service: Service) -> None:
    _refuse_removal_if_used(service)
    _remove_part(actor=actor, part=service, fields=SERVICE_FIELDS, kind="service")


# --- GB/T 19001 certificates and the §5.2.2 exemption decision -------------


@transaction.atomic
def record_qms_certificate(*, actor, organisation: Organisation, **values) -> QmsCertificate:
    """Record a GB/T 19001 certificate; an exemption decision needs its reason."""
    return _add_part(
        actor=actor,
        model=QmsCertificate,
        fields=QMS_FIELDS,
        kind="qms_certificate",
        organisation=organisation,
        values=values,
    )


@transaction.atomic
def update_qms_certificate(*, actor, certificate: QmsCertificate, **values) -> QmsCertificate:
    return _update_part(
        actor=actor, part=certificate, fields=QMS_FIELDS, kind="qms_certificate", values=values
    )


@transaction.atomic
def remove_qms_certificate(*, actor, certificate: QmsCertificate) -> None:
    _remove_part(actor=actor, part=certificate, fields=QMS_FIELDS, kind="qms_certificate")


# --- applications ----------------------------------------------------------


def application_snapshot(application: Application) -> dict:
    return {
        "scope": application.scope,
        "status": application.status,
        "review_reason": application.review_reason,
        "services": sorted(s.name for s in application.services.all()),
        "sites": sorted(s.name for s in application.sites.all()),
    }


@transaction.atomic
def submit_application(
    *, actor, organisation: Organisation, scope: str, services, sites
) -> Application:
    """Record a request for certification of some of *organisation*'s services and sites."""
    services, sites = list(services), list(sites)
    errors: dict[str, list[str]] = {}
    if not scope.strip():
        errors["scope"] = [_("Describe the scope you apply for.")]
    for problem in length_problems(Application, {"scope": scope.strip()}):
        errors["scope"] = [problem.message]
    if not services:
        errors["services"] = [_("Choose at least one service.")]
    if not sites:
        errors["sites"] = [_("Choose at least one site.")]
    # Guard here too, not only in the form: another organisation's sites never slip in.
    foreign = [s.name for s in services if s.organisation_id != organisation.pk]
    if foreign:
        errors["services"] = [
            _("%(names)s is not a service of %(organisation)s.")
            % {"names": ", ".join(foreign), "organisation": organisation}
        ]
    foreign = [s.name for s in sites if s.organisation_id != organisation.pk]
    if foreign:
        errors["sites"] = [
            _("%(names)s is not a site of %(organisation)s.")
            % {"names": ", ".join(foreign), "organisation": organisation}
        ]
    if errors:
        raise ValidationError(errors)
    application = Application.objects.create(organisation=organisation, scope=scope.strip())
    application.services.set(services)
    application.sites.set(sites)
    record(
        actor=actor,
        action="greencert.application.submitted",
        target=application,
        organisation=organisation,
        after=application_snapshot(application),
    )
    return application


def check_reviewable(application: Application) -> None:
    """Only a submitted application is reviewed, once."""
    if application.status != Application.Status.SUBMITTED:
        raise ValidationError(
            _("This application was already reviewed (%(status)s).")
            % {"status": application.get_status_display()}
        )


@transaction.atomic
def review_application(
    *, actor, application: Application, accept: bool, reason: str = ""
) -> Application:
    """Accept or refuse a submitted application; a refusal needs its reason."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    check_reviewable(application)
    reason = reason.strip()
    if not accept and not reason:
        raise ValidationError({"reason": [_("A refusal needs its reason.")]})
    for problem in length_problems(Application, {"review_reason": reason}):
        raise ValidationError({"reason": [problem.message]})
    before = application_snapshot(application)
    application.status = Application.Status.ACCEPTED if accept else Application.Status.REFUSED
    application.review_reason = reason
    application.reviewed_by = actor
    application.reviewed_at = timezone.now()
    application.save(update_fields=["status", "review_reason", "reviewed_by", "reviewed_at"])
    record(
        actor=actor,
        action="greencert.application.accepted" if accept else "greencert.application.refused",
        target=application,
        organisation=application.organisation,
        before=before,
        after=application_snapshot(application),
    )
    return application
