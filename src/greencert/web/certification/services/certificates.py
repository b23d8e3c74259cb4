"""Certificates (ISO/IEC 17065 §7.7): issue, reissue, suspend, reinstate, withdraw; surveillance.

The number comes from ``settings.CERTIFICATE_NUMBER_PATTERN`` (upper-case,
no spaces, unique).  Validity is ``CERTIFICATE_VALIDITY_YEARS`` (3) years;
surveillance is scheduled every ``SURVEILLANCE_INTERVAL_MONTHS`` (12)
months within it.  Expiry is never stored: it follows from the date.
A surveillance or recertification result reissues the certificate under
the same number with the next revision.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greencert.core import validity
from greencert.core.exceptions import InputError, Problem
from greencert.web.certification import signals, tasks
from greencert.web.certification.models import (
    Certificate,
    CertificateEvent,
    Decision,
    SurveillanceVisit,
)
from greencert.web.certification.services import Refused
from greencert.web.certification.services.certificate_events import record_event
from greencert.web.certification.services.to_issue import claim_issue
from greencert.web.date_limits import Event as Day
from greencert.web.date_limits import check_window, today
from greencert.web.projects.models import Project
from greencert.web.projects.services.projects import create_project
from greencert.web.text_limits import length_problems

Status = Certificate.Status
Event = CertificateEvent.Kind


def expiry_for(granted_on: datetime.date) -> datetime.date:
    """The last day of validity: the day before the anniversary (3 years by default)."""
    return validity.expiry(granted_on, years=settings.CERTIFICATE_VALIDITY_YEARS)


def format_number(year: int, seq: int) -> str:
    number = settings.CERTIFICATE_NUMBER_PATTERN.format(year=year, seq=seq).upper()
    if any(ch.isspace() for ch in number) or not number:
        raise ValueError(f"CERTIFICATE_NUMBER_PATTERN gives {number!r}: numbers have no spaces")
    return number


def next_number(year: int) -> str:
    seq = 1
    while Certificate.objects.filter(number=format_number(year, seq)).exists():
        seq += 1
    return format_number(year, seq)


def _schedule(certificate: Certificate) -> None:
    certificate.surveillance.filter(project__isnull=True).delete()
    done = certificate.surveillance.count()
    due_dates = validity.surveillance_due_dates(
        certificate.granted_on,
        certificate.expires_on,
        interval_months=settings.SURVEILLANCE_INTERVAL_MONTHS,
        done=done,
    )
    for sequence, due in enumerate(due_dates, start=done + 1):
        SurveillanceVisit.objects.create(certificate=certificate, sequence=sequence, due_on=due)


def _site_list(project: Project) -> list[dict]:
    return [{"name": s.name, "address": s.address} for s in project.sites.all()]


def issued_for(decision: Decision) -> bool:
    """Whether *decision* already issued (or reissued) a certificate.

    Any later event of a certificate standing on *decision* follows its issue or reissue
    event, so those two kinds are the ones looked up (by their index)."""
    return decision.certificates.exists() or CertificateEvent.issuing(decision.pk).exists()


def issue_certificate(
    *, actor, decision: Decision, granted_on: datetime.date, signatory: str = ""
) -> Certificate:
    """Issue (or, after surveillance or recertification, reissue) the certificate a decision grants."""
    _check_issuable(decision, granted_on)
    project = decision.project
    signatory = signatory.strip() or settings.CERTIFICATE_SIGNATORY
    previous = certificate_renewed_by(project)
    with transaction.atomic():
        # A double submission: the second waits for the first, then finds it done.
        if not claim_issue(decision):
            if issued_for(decision):
                raise Refused(_("A certificate was already issued for this decision."))
            raise Refused(_("A later decision revision supersedes this one."))
        if previous is not None:
            certificate = _reissue(actor, previous, decision, granted_on, signatory)
        else:
            certificate = _issue_new(actor, decision, granted_on, signatory)
    kind = Event.REISSUED if previous else Event.ISSUED
    signals.announce_certificate_change(certificate, kind)
    transaction.on_commit(lambda: tasks.certificate_changed.delay(certificate.pk, kind))
    return certificate


def _check_issuable(decision: Decision, granted_on: datetime.date | None) -> None:
    if decision.outcome != Decision.Outcome.GRANT:
        raise Refused(_("This decision refused certification: there is no certificate to issue."))
    if decision.project.decisions.order_by("-revision").first().pk != decision.pk:
        raise Refused(_("A later decision revision supersedes this one."))
    if issued_for(decision):
        raise Refused(_("A certificate was already issued for this decision."))
    if granted_on is None:
        raise InputError(Problem(field="granted_on", message=_("give the grant date")))
    check_window(
        granted_on,
        field="granted_on",
        label=_("The grant date"),
        after=[Day(decision.decided_on, _("the certification decision"))],
        before=[today()],
    )


def _reissue(actor, previous: Certificate, decision: Decision, granted_on, signatory: str):
    """The certificate's next revision, after surveillance or recertification (same number)."""
    project = decision.project
    certificate = Certificate.objects.select_for_update().get(pk=previous.pk)
    if certificate.current_status(timezone.localdate()) == Status.WITHDRAWN:
        raise Refused(
            _("The certificate was withdrawn; a new certificate needs an initial certification.")
        )
    certificate.revision += 1
    certificate.project = project
    certificate.decision = decision
    certificate.grade = decision.grade
    certificate.scope = project.scope
    certificate.sites = _site_list(project)
    certificate.signatory = signatory
    certificate.organisation_name = project.organisation.name
    certificate.organisation_address = project.organisation.address
    renewed = project.kind == Project.Kind.RECERTIFICATION
    if renewed:
        certificate.granted_on = granted_on
        certificate.expires_on = expiry_for(granted_on)
    certificate.save()
    record_event(
        certificate,
        kind=Event.REISSUED,
        actor=actor,
        reason=_("Reissued after %(kind)s %(project)s")
        % {"kind": project.get_kind_display(), "project": project.code},
    )
    if renewed:
        _schedule(certificate)
    return certificate


def _issue_new(actor, decision: Decision, granted_on, signatory: str) -> Certificate:
    project = decision.project
    certificate = Certificate.objects.create(
        number=next_number(granted_on.year),
        organisation=project.organisation,
        project=project,
        decision=decision,
        organisation_name=project.organisation.name,
        organisation_address=project.organisation.address,
        scope=project.scope,
        sites=_site_list(project),
        scheme_label=project.scheme_label,
        grade=decision.grade,
        granted_on=granted_on,
        expires_on=expiry_for(granted_on),
        issuer=settings.CERTIFICATION_BODY,
        signatory=signatory,
    )
    record_event(
        certificate,
        kind=Event.ISSUED,
        actor=actor,
        reason=_("Certification decision r%(revision)s") % {"revision": decision.revision},
    )
    _schedule(certificate)
    return certificate


def certificate_renewed_by(project: Project) -> Certificate | None:
    """The certificate a surveillance or recertification project continues, if any.

    A project that already holds a certificate (its decision was revised, after
    an appeal) has it reissued rather than given a second number.
    """
    own = Certificate.objects.filter(project=project).order_by("-id").first()
    if own is not None:
        return own
    visit = SurveillanceVisit.objects.filter(project=project).select_related("certificate").first()
    if visit:
        return visit.certificate
    if project.kind == Project.Kind.RECERTIFICATION and project.previous_id:
        return (
            Certificate.objects.filter(project__in=_cycle(project.previous)).order_by("-id").first()
        )
    return None


def _cycle(project: Project) -> list[Project]:
    chain = []
    while project is not None:
        chain.append(project)
        project = project.previous
    return chain


# The changes a person asks for (the pages' URL word, the API's "change") → history event.
CHANGES = {
    "suspend": Event.SUSPENDED,
    "reinstate": Event.REINSTATED,
    "withdraw": Event.WITHDRAWN,
}
TRANSITIONS = {
    Event.SUSPENDED: ({Status.VALID}, Status.SUSPENDED),
    Event.REINSTATED: ({Status.SUSPENDED}, Status.VALID),
    Event.WITHDRAWN: ({Status.VALID, Status.SUSPENDED}, Status.WITHDRAWN),
}


def change_status(*, actor, certificate: Certificate, kind: str, reason: str) -> Certificate:
    """Suspend, reinstate or withdraw, with the reason kept in the history."""
    if not reason.strip():
        raise InputError(Problem(field="reason", message=_("a change of status needs its reason")))
    if problems := length_problems(Certificate, {"status_reason": reason.strip()}):
        raise InputError([p.at(field="reason") for p in problems])
    allowed, to = TRANSITIONS[kind]
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        current = locked.current_status(timezone.localdate())
        if current not in allowed:
            raise Refused(
                _("Certificate %(number)s is %(status)s: it cannot be %(change)s.")
                % {
                    "number": locked.display_number,
                    "status": Status(current).label,
                    "change": Event(kind).label,
                }
            )
        locked.status = to
        locked.status_reason = reason.strip()
        locked.save(update_fields=["status", "status_reason"])
        record_event(locked, kind=kind, actor=actor, reason=reason.strip())
    signals.announce_certificate_change(locked, kind)
    transaction.on_commit(lambda: tasks.certificate_changed.delay(locked.pk, kind))
    return locked


def overdue_visits(today: datetime.date):
    """Surveillance visits past due whose project has not reached a decision.

    Only of certificates still valid today: an expired certificate owes no surveillance.
    """
    return (
        SurveillanceVisit.objects.filter(
            due_on__lt=today, certificate__status=Status.VALID, certificate__expires_on__gte=today
        )
        .exclude(project__state=Project.State.DECIDED)
        .select_related("certificate", "project")
    )


def start_follow_up(
    *,
    actor,
    certificate: Certificate,
    kind: str,
    planned_start: datetime.date,
    planned_end: datetime.date,
    visit: SurveillanceVisit | None = None,
) -> Project:
    """Open a surveillance or recertification project on the same organisation and scope.

    It links to the previous cycle; its sheets start blank.
    """
    previous = certificate.project
    if certificate.current_status(timezone.localdate()) == Status.WITHDRAWN:
        raise Refused(
            _("Certificate %(number)s was withdrawn: it has no surveillance or recertification.")
            % {"number": certificate.display_number}
        )
    check_window(
        planned_start,
        field="planned_start",
        label=_("The planned start"),
        after=[Day(certificate.granted_on, _("the certificate's grant"))],
        before=[Day(certificate.expires_on, _("the certificate's expiry"))],
    )
    if kind == Project.Kind.SURVEILLANCE and visit is None:
        visit = certificate.surveillance.filter(project__isnull=True).order_by("due_on").first()
        if visit is None:
            raise Refused(_("No surveillance is scheduled for this certificate."))
    with transaction.atomic():
        project = create_project(
            actor=actor,
            organisation=certificate.organisation,
            kind=kind,
            scope=previous.scope,
            planned_start=planned_start,
            planned_end=planned_end,
            sites=list(previous.sites.all()),
            services=list(previous.services.all()),
            previous=previous,
        )
        if visit is not None:
            visit.project = project
            visit.save(update_fields=["project"])
    return project
