"""Complaints and appeals (ISO/IEC 17065 §7.13).

Each is registered with its receipt date, subject and related certificate
or project; deadlines follow from the settings; the handler may not be
anyone who evaluated or decided the case; the outcome and how it was
communicated are recorded.  An appeal names the decision it contests and
reopens review by someone independent (see decisions.review).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from greencert.core.exceptions import InputError, Problem
from greencert.web.audit.services import record
from greencert.web.certification.models import Complaint
from greencert.web.certification.services import Refused
from greencert.web.certification.services.impartiality import deciders_of, evaluators_of, refuse
from greencert.web.date_limits import Event, check_window, record_floor, today, window_problems
from greencert.web.text_limits import length_problems


def related_project(complaint: Complaint):
    if complaint.decision_id:
        return complaint.decision.project
    if complaint.project_id:
        return complaint.project
    if complaint.certificate_id:
        return complaint.certificate.project
    return None


def register(
    *,
    actor,
    kind: str,
    received_on: datetime.date,
    complainant: str,
    subject: str,
    certificate=None,
    project=None,
    decision=None,
) -> Complaint:
    problems = []
    if kind not in Complaint.Kind.values:
        problems.append(Problem(field="kind", message=_("choose complaint or appeal")))
    if not complainant.strip():
        problems.append(Problem(field="complainant", message=_("say who it comes from")))
    if not subject.strip():
        problems.append(Problem(field="subject", message=_("give the subject")))
    if received_on is None:
        problems.append(Problem(field="received_on", message=_("give the date it was received")))
    if kind == Complaint.Kind.APPEAL and decision is None:
        problems.append(
            Problem(field="decision", message=_("an appeal names the decision it contests"))
        )
    problems += length_problems(
        Complaint, {"complainant": complainant.strip(), "subject": subject.strip()}
    )
    problems += _receipt_problems(received_on, certificate, decision)
    if problems:
        raise InputError(problems)
    with transaction.atomic():
        year = received_on.year
        prefix = f"{'AP' if kind == Complaint.Kind.APPEAL else 'CP'}-{year}-"
        n = Complaint.objects.filter(reference__startswith=prefix).count() + 1
        complaint = Complaint.objects.create(
            kind=kind,
            reference=f"{prefix}{n:03d}",
            received_on=received_on,
            complainant=complainant.strip(),
            subject=subject.strip(),
            certificate=certificate,
            project=project or (decision.project if decision else None),
            decision=decision,
            acknowledge_by=received_on
            + datetime.timedelta(days=settings.COMPLAINT_ACKNOWLEDGE_DAYS),
            resolve_by=received_on + datetime.timedelta(days=settings.COMPLAINT_RESOLVE_DAYS),
        )
        record(
            actor=actor,
            action=f"greencert.{kind}.registered",
            target=complaint,
            project=complaint.project,
            organisation=complaint.certificate.organisation if certificate else None,
            after={"subject": complaint.subject, "received_on": received_on},
        )
    return complaint


def _receipt_problems(received_on, certificate, decision) -> list[Problem]:
    """Received by today, and not before what it is about: the certificate's grant, the decision
    appealed against (nor before the record window)."""
    return window_problems(
        received_on,
        field="received_on",
        label=_("The date received"),
        after=[
            record_floor(),
            certificate and Event(certificate.granted_on, _("the certificate's grant")),
            decision and Event(decision.decided_on, _("the decision appealed against")),
        ],
        before=[today()],
    )


def barred_handlers(complaint: Complaint) -> set[int]:
    """Ids of the people who may not handle *complaint*: who evaluated or decided its project."""
    project = related_project(complaint)
    return set() if project is None else evaluators_of(project) | deciders_of(project)


def assign_handler(*, actor, complaint: Complaint, handler) -> Complaint:
    if complaint.status == Complaint.Status.CLOSED:
        raise Refused(_("%(ref)s is already closed.") % {"ref": complaint.reference})
    project = related_project(complaint)
    if handler.is_client:
        raise InputError(
            Problem(field="handler", message=_("a client user cannot handle complaints"))
        )
    if handler.pk in barred_handlers(complaint):
        refuse(
            user=handler,
            action="greencert.complaint.handler_refused",
            project=project,
            complaint=complaint,
            reason=_("%(user)s evaluated or decided %(project)s and may not handle %(ref)s.")
            % {"user": handler, "project": project.code, "ref": complaint.reference},
        )
    with transaction.atomic():
        before = complaint.handler_id
        complaint.handler = handler
        complaint.status = Complaint.Status.IN_HANDLING
        complaint.save(update_fields=["handler", "status"])
        record(
            actor=actor,
            action="greencert.complaint.assigned",
            target=complaint,
            project=project,
            before={"handler": before},
            after={"handler": handler.username},
        )
    return complaint


def acknowledge(*, actor, complaint: Complaint, on: datetime.date) -> Complaint:
    if complaint.status == Complaint.Status.CLOSED:
        raise Refused(_("%(ref)s is already closed.") % {"ref": complaint.reference})
    if complaint.acknowledged_on is not None:
        raise Refused(_("%(ref)s was already acknowledged.") % {"ref": complaint.reference})
    if on is None:
        raise InputError(
            Problem(field="on", message=_("give the date the receipt was acknowledged"))
        )
    check_window(
        on,
        field="on",
        label=_("The acknowledgement"),
        after=[Event(complaint.received_on, _("the receipt"))],
        before=[today()],
    )
    with transaction.atomic():
        complaint.acknowledged_on = on
        complaint.save(update_fields=["acknowledged_on"])
        record(
            actor=actor,
            action="greencert.complaint.acknowledged",
            target=complaint,
            project=related_project(complaint),
            after={"acknowledged_on": on},
        )
    return complaint


def close(
    *,
    actor,
    complaint: Complaint,
    outcome: str,
    communicated_on: datetime.date,
    communicated_how: str,
) -> Complaint:
    _check_closer(actor, complaint)
    problems = []
    if not outcome.strip():
        problems.append(Problem(field="outcome", message=_("record the outcome")))
    if communicated_on is None:
        problems.append(
            Problem(field="communicated_on", message=_("record when the outcome was communicated"))
        )
    if not communicated_how.strip():
        problems.append(
            Problem(field="communicated_how", message=_("record how the outcome was communicated"))
        )
    problems += length_problems(
        Complaint, {"outcome": outcome.strip(), "communicated_how": communicated_how.strip()}
    )
    problems += window_problems(
        communicated_on,
        field="communicated_on",
        label=_("The date the outcome was communicated"),
        after=[
            Event(complaint.received_on, _("the receipt")),
            complaint.acknowledged_on
            and Event(complaint.acknowledged_on, _("the acknowledgement")),
        ],
        before=[today()],
    )
    if problems:
        raise InputError(problems)
    with transaction.atomic():
        complaint.outcome = outcome.strip()
        complaint.communicated_on = communicated_on
        complaint.communicated_how = communicated_how.strip()
        complaint.status = Complaint.Status.CLOSED
        complaint.closed_on = communicated_on
        complaint.save()
        record(
            actor=actor,
            action="greencert.complaint.closed",
            target=complaint,
            project=related_project(complaint),
            after={
                "outcome": complaint.outcome,
                "communicated_on": communicated_on,
                "how": complaint.communicated_how,
            },
        )
    return complaint


def _check_closer(actor, complaint: Complaint) -> None:
    """The handler closes an open case; an administrator in their place must be impartial too."""
    if complaint.status == Complaint.Status.CLOSED:
        raise Refused(_("%(ref)s is already closed.") % {"ref": complaint.reference})
    if complaint.handler_id is None:
        raise Refused(_("Assign a handler first."))
    if actor.pk != complaint.handler_id and actor.role != "admin":
        raise Refused(_("Only the handler records the outcome."))
    project = related_project(complaint)
    # An administrator closing in the handler's place must be just as impartial.
    if (
        actor.pk != complaint.handler_id
        and project is not None
        and actor.pk in evaluators_of(project) | deciders_of(project)
    ):
        refuse(
            user=actor,
            action="greencert.complaint.close_refused",
            project=project,
            complaint=complaint,
            reason=_("%(user)s evaluated or decided %(project)s and may not close %(ref)s.")
            % {"user": actor, "project": project.code, "ref": complaint.reference},
        )
