"""Certificates for staff and client users: list, detail, issue, status changes, follow-up.

Who sees a certificate follows who sees projects: administrators, project
managers, technical reviewers and decision makers see every certificate;
an auditor those of the projects on whose team they are; a client user
those of its own organisation (read-only).  Only the managers (project
managers and administrators) issue certificates, change their status and
start surveillance or recertification.  Anyone else gets 404.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_safe

from greencert.core.exceptions import InputError
from greencert.web.accounts.access import managers_required
from greencert.web.accounts.checks import fresh_check_required
from greencert.web.certification import consequences
from greencert.web.certification.access import certificate_for, may_print, visible_certificates
from greencert.web.certification.forms.certificates import (
    CertificateFilterForm,
    FollowUpForm,
    IssueForm,
    StatusChangeForm,
)
from greencert.web.certification.models import Certificate, CertificateEvent, Decision
from greencert.web.certification.next_steps import project_facts
from greencert.web.certification.selectors import certificates_to_issue
from greencert.web.certification.services import Refused
from greencert.web.certification.services import certificates as service
from greencert.web.form_errors import add_problems, error_summary
from greencert.web.listing import Column, Sorting, list_context, page_of
from greencert.web.next_steps import with_next_step
from greencert.web.projects.access import visible_projects
from greencert.web.projects.models import Project

PER_PAGE = 50
Status = Certificate.Status
Event = CertificateEvent.Kind

CHANGES = service.CHANGES
# What the buttons and the confirmation pages say, by URL word.
CHANGE_LABELS = {
    "suspend": gettext_lazy("Suspend the certificate"),
    "reinstate": gettext_lazy("Reinstate the certificate"),
    "withdraw": gettext_lazy("Withdraw the certificate"),
}


def with_status(certificates: QuerySet[Certificate], status: str, today: datetime.date):
    """Filter by the status people see: expired follows from the date, it is never stored."""
    if status == Status.EXPIRED:
        return certificates.filter(status=Status.VALID, expires_on__lt=today)
    if status == Status.VALID:
        return certificates.filter(status=Status.VALID, expires_on__gte=today)
    return certificates.filter(status=status)


CERTIFICATE_COLUMNS = [
    Column("number", _lazy("Certificate number"), ("number",)),
    Column("organisation", _lazy("Organisation"), ("organisation_name",)),
    Column("grade", _lazy("Grade"), ("grade",)),
    Column("status", _lazy("Status")),  # as of today (expiry included): not a stored column
    Column("granted", _lazy("Granted"), ("granted_on",)),
    Column("expires", _lazy("Expires"), ("expires_on",)),
]


@login_required
@require_safe
def certificate_list(request):
    today = timezone.localdate()
    form = CertificateFilterForm(request.GET or None)
    certificates = visible_certificates(request.user)
    if form.is_valid():
        if q := form.cleaned_data["q"].strip():
            number = "".join(q.split()).upper()
            certificates = certificates.filter(
                Q(number__icontains=number)
                | Q(organisation_name__icontains=q)
                | Q(organisation__uscc=number)
            )
        if status := form.cleaned_data["status"]:
            certificates = with_status(certificates, status, today)
        certificates = form.in_range(certificates, "granted_on")
    sorting = Sorting(request.GET, CERTIFICATE_COLUMNS, default="-granted")
    page = page_of(certificates.order_by(*sorting.order_by()), request.GET, PER_PAGE)
    for certificate in page.object_list:
        certificate.shown_status = certificate.current_status(today)
    context = {"form": form, **list_context(page, sorting)}
    if request.user.manages:
        context["awaiting"] = list(certificates_to_issue()[:PER_PAGE])
    return render(request, "certification/certificate_list.html", context)


def _visits(certificate: Certificate, today: datetime.date) -> list:
    visits = list(certificate.surveillance.select_related("project").order_by("sequence"))
    overdue = set(
        service.overdue_visits(today).filter(certificate=certificate).values_list("pk", flat=True)
    )
    for visit in visits:
        visit.overdue = visit.pk in overdue
    return visits


@login_required
@require_safe
def certificate_detail(request, pk):
    user = request.user
    certificate = certificate_for(user, pk)
    today = timezone.localdate()
    current = certificate.current_status(today)
    context = {
        "certificate": certificate,
        "status": current,
        "events": certificate.events.select_related("by"),
        "visits": _visits(certificate, today),
        "manages": user.manages,
        "show_people": not user.is_client,
        "may_print": may_print(user, certificate, today),
    }
    if user.manages:
        context["changes"] = [
            {
                "url_name": f"certificate_{word}",
                "label": CHANGE_LABELS[word],
                "danger": kind == Event.WITHDRAWN,
            }
            for word, kind in CHANGES.items()
            if current in service.TRANSITIONS[kind][0]
        ]
        context["may_follow_up"] = current in (Status.VALID, Status.SUSPENDED, Status.EXPIRED)
    if not user.is_client:
        context["complaints"] = certificate.complaints.all()
    return render(request, "certification/certificate_detail.html", context)


@managers_required
@fresh_check_required
@require_http_methods(["GET", "POST"])
def certificate_issue(request, pk):
    """Issue the certificate of a granting decision (the decision's pk)."""
    decision = get_object_or_404(
        Decision.objects.select_related("project__organisation", "decided_by"),
        pk=pk,
        project__in=visible_projects(request.user),
    )
    issued = decision.certificates.first()
    if issued is not None and request.method == "GET":
        messages.info(
            request,
            _("Certificate %(number)s was issued for this decision.")
            % {"number": issued.display_number},
        )
        return redirect("certificate_detail", pk=issued.pk)
    form = IssueForm(request.POST if request.method == "POST" else None, decision=decision)
    if issued is not None:
        # A second issue (another tab, a double click): a conflict whatever the form says.
        refused = _("A certificate was already issued for this decision.")
        return _issue_refused(request, decision, form, refused, issued)
    if request.method == "POST" and form.is_valid():
        try:
            certificate = service.issue_certificate(
                actor=request.user,
                decision=decision,
                granted_on=form.cleaned_data["granted_on"],
                signatory=form.cleaned_data["signatory"],
            )
        except InputError as exc:
            add_problems(form, exc)
        except Refused as exc:
            return _issue_refused(request, decision, form, str(exc), decision.certificates.first())
        else:
            done = _("Certificate %(number)s issued, valid until %(date)s.") % {
                "number": certificate.display_number,
                "date": certificate.expires_on.isoformat(),
            }
            messages.success(request, with_next_step(done, project_facts(decision.project)))
            return redirect("certificate_detail", pk=certificate.pk)
    # What will happen, for the grant date asked for (the decision's date until one is given).
    granted_on = getattr(form, "cleaned_data", {}).get("granted_on") or decision.decided_on
    context = {
        "decision": decision,
        "project": decision.project,
        "form": form,
        "errors": error_summary(form) if form.is_bound else [],
        "consequences": consequences.certificate_issue(decision, granted_on),
    }
    return render(request, "certification/certificate_issue.html", context)


def _issue_refused(request, decision, form, refused: str, issued: Certificate | None):
    """409: the process does not allow this issue; the page says why, without the form to retry."""
    context = {
        "decision": decision,
        "project": decision.project,
        "form": form,
        "refused": refused,
        "issued": issued,
    }
    return render(request, "certification/certificate_issue.html", context, status=409)


@managers_required
@fresh_check_required
@require_http_methods(["GET", "POST"])
def certificate_change(request, pk, change):
    """Suspend, reinstate or withdraw, with the reason kept in the history."""
    certificate = certificate_for(request.user, pk)
    kind = CHANGES[change]
    form = StatusChangeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate = service.change_status(
                actor=request.user,
                certificate=certificate,
                kind=kind,
                reason=form.cleaned_data["reason"],
            )
        except InputError as exc:
            add_problems(form, exc)
        except Refused as exc:
            messages.error(request, str(exc))
            return redirect("certificate_detail", pk=certificate.pk)
        else:
            messages.success(
                request,
                _("Certificate %(number)s: %(change)s.")
                % {"number": certificate.display_number, "change": kind.label},
            )
            return redirect("certificate_detail", pk=certificate.pk)
    context = {
        "certificate": certificate,
        "status": certificate.current_status(timezone.localdate()),
        "form": form,
        "change": change,
        "kind": kind,
        "title": CHANGE_LABELS[change],
        "errors": error_summary(form) if form.is_bound else [],
        "consequences": consequences.certificate_change(certificate, kind),
    }
    return render(request, "certification/certificate_change.html", context)


@managers_required
@require_http_methods(["GET", "POST"])
def certificate_follow_up(request, pk):
    """Open the surveillance or recertification project of a certificate."""
    certificate = certificate_for(request.user, pk)
    next_visit = certificate.surveillance.filter(project__isnull=True).order_by("due_on").first()
    start = next_visit.due_on if next_visit else timezone.localdate()
    initial = {
        "kind": Project.Kind.SURVEILLANCE if next_visit else Project.Kind.RECERTIFICATION,
        "planned_start": start,
        "planned_end": start + datetime.timedelta(days=2),
    }
    form = FollowUpForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = service.start_follow_up(
                actor=request.user,
                certificate=certificate,
                kind=data["kind"],
                planned_start=data["planned_start"],
                planned_end=data["planned_end"],
            )
        except InputError as exc:
            add_problems(form, exc)
        except Refused as exc:
            messages.error(request, str(exc))
            return redirect("certificate_detail", pk=certificate.pk)
        else:
            messages.success(
                request,
                _("Project %(code)s (%(kind)s) opened for certificate %(number)s.")
                % {
                    "code": project.code,
                    "kind": project.get_kind_display(),
                    "number": certificate.display_number,
                },
            )
            return redirect("project_detail", pk=project.pk)
    context = {"certificate": certificate, "form": form, "next_visit": next_visit}
    return render(request, "certification/certificate_follow_up.html", context)
