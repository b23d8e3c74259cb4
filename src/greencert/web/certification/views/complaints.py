"""The register of complaints and appeals (ISO/IEC 17065 §7.13).

Project managers and administrators register them and assign a handler;
the handler acknowledges receipt and records the outcome (an
administrator may stand in).  Administrators, project managers, technical
reviewers and decision makers see the whole register; an auditor sees the
cases they handle; client users have no page here (404).
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from greencert.core.exceptions import InputError
from greencert.web.accounts.access import managers_required, staff_required
from greencert.web.accounts.models import Role
from greencert.web.certification.access import (
    complaint_for,
    handled_complaint_for,
    visible_complaints,
)
from greencert.web.certification.forms.complaints import (
    SHOWN,
    AcknowledgeForm,
    AssignForm,
    CloseForm,
    ComplaintFilterForm,
    ComplaintForm,
)
from greencert.web.certification.models import Complaint
from greencert.web.certification.services import Refused
from greencert.web.certification.services import complaints as service
from greencert.web.form_errors import add_problems
from greencert.web.listing import Column, Sorting, list_context, page_of, with_params

PER_PAGE = 50
OPEN = ~Q(status=Complaint.Status.CLOSED)


def overdue_q(today: datetime.date) -> Q:
    """Open cases past a deadline: receipt not acknowledged in time, or not resolved in time."""
    return OPEN & (
        Q(acknowledged_on__isnull=True, acknowledge_by__lt=today) | Q(resolve_by__lt=today)
    )


def flag(complaint: Complaint, today: datetime.date) -> Complaint:
    is_open = complaint.status != Complaint.Status.CLOSED
    complaint.acknowledge_late = (
        is_open and complaint.acknowledged_on is None and complaint.acknowledge_by < today
    )
    complaint.resolve_late = is_open and complaint.resolve_by < today
    return complaint


COMPLAINT_COLUMNS = [
    Column("reference", pgettext_lazy("complaint", "Reference"), ("reference",)),
    Column("kind", _lazy("Type"), ("kind",)),
    Column("received", pgettext_lazy("complaint", "Received"), ("received_on",)),
    Column("from", _lazy("From"), ("complainant",)),
    Column("subject", _lazy("Subject")),
    Column("handler", _lazy("Handler")),
    Column("acknowledge", _lazy("Acknowledge by"), ("acknowledge_by",)),
    Column("resolve", _lazy("Resolve by"), ("resolve_by",)),
    Column("status", _lazy("Status"), ("status",)),
]


@staff_required
@require_safe
def complaint_list(request):
    today = timezone.localdate()
    form = ComplaintFilterForm(request.GET or None)
    complaints = visible_complaints(request.user).select_related("handler")
    shown = "open"
    if form.is_valid():
        shown = form.cleaned_data["show"] or "open"
        if q := form.cleaned_data["q"].strip():
            complaints = complaints.filter(
                Q(reference__icontains=q) | Q(complainant__icontains=q) | Q(subject__icontains=q)
            )
        complaints = form.in_range(complaints, "received_on")
    if shown == "open":
        complaints = complaints.filter(OPEN)
    elif shown == "overdue":
        complaints = complaints.filter(overdue_q(today))
    sorting = Sorting(request.GET, COMPLAINT_COLUMNS, default="-received")
    page = page_of(complaints.order_by(*sorting.order_by()), request.GET, PER_PAGE)
    for complaint in page.object_list:
        flag(complaint, today)
    context = {
        "form": form,
        "shown": shown,
        "show_links": [(key, label, with_params(request.GET, show=key)) for key, label in SHOWN],
        "manages": request.user.manages,
        **list_context(page, sorting),
    }
    return render(request, "certification/complaint_list.html", context)


@managers_required
@require_http_methods(["GET", "POST"])
def complaint_create(request):
    initial = {"received_on": timezone.localdate(), "kind": Complaint.Kind.COMPLAINT}
    for name in ("certificate", "project", "decision"):
        if (value := request.GET.get(name, "")).isdigit():
            initial[name] = int(value)
    if "decision" in initial:
        initial["kind"] = Complaint.Kind.APPEAL
    form = ComplaintForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = service.register(actor=request.user, **data)
        except InputError as exc:
            add_problems(form, exc)
        else:
            messages.success(
                request,
                _("%(kind)s %(ref)s registered: acknowledge by %(ack)s, resolve by %(resolve)s.")
                % {
                    "kind": complaint.get_kind_display(),
                    "ref": complaint.reference,
                    "ack": complaint.acknowledge_by.isoformat(),
                    "resolve": complaint.resolve_by.isoformat(),
                },
            )
            return redirect("complaint_detail", pk=complaint.pk)
    return render(request, "certification/complaint_form.html", {"form": form})


def _detail(request, complaint, **forms):
    user = request.user
    today = timezone.localdate()
    handles = complaint.handler_id == user.pk or user.role == Role.ADMIN
    is_open = complaint.status != Complaint.Status.CLOSED
    context = {
        "complaint": flag(complaint, today),
        "project": service.related_project(complaint),
        "is_open": is_open,
    }
    if is_open and user.manages:
        context["assign_form"] = forms.get("assign_form") or AssignForm(
            initial={"handler": complaint.handler_id},
            barred=service.barred_handlers(complaint),
        )
    if is_open and handles and complaint.handler_id:
        if complaint.acknowledged_on is None:
            context["acknowledge_form"] = forms.get("acknowledge_form") or AcknowledgeForm(
                initial={"on": today}
            )
        context["close_form"] = forms.get("close_form") or CloseForm(
            initial={"communicated_on": today}
        )
    return render(request, "certification/complaint_detail.html", context)


@staff_required
@require_safe
def complaint_detail(request, pk):
    return _detail(request, complaint_for(request.user, pk))


@managers_required
@require_POST
def complaint_assign(request, pk):
    complaint = complaint_for(request.user, pk)
    form = AssignForm(request.POST, barred=service.barred_handlers(complaint))
    if not form.is_valid():
        return _detail(request, complaint, assign_form=form)
    try:
        service.assign_handler(
            actor=request.user, complaint=complaint, handler=form.cleaned_data["handler"]
        )
    except InputError as exc:
        add_problems(form, exc)
        return _detail(request, complaint, assign_form=form)
    except Refused as exc:
        # An impartiality refusal: logged by the service as a RefusedAttempt.
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(user)s handles %(ref)s.")
            % {"user": form.cleaned_data["handler"], "ref": complaint.reference},
        )
    return redirect("complaint_detail", pk=complaint.pk)


@staff_required
@require_POST
def complaint_acknowledge(request, pk):
    complaint = handled_complaint_for(request.user, pk)
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        try:
            service.acknowledge(actor=request.user, complaint=complaint, on=form.cleaned_data["on"])
        except InputError as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("Receipt acknowledged."))
            return redirect("complaint_detail", pk=complaint.pk)
    return _detail(request, complaint, acknowledge_form=form)


@staff_required
@require_POST
def complaint_close(request, pk):
    complaint = handled_complaint_for(request.user, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            service.close(actor=request.user, complaint=complaint, **form.cleaned_data)
        except InputError as exc:
            add_problems(form, exc)
        except Refused as exc:
            messages.error(request, str(exc))
            return redirect("complaint_detail", pk=complaint.pk)
        else:
            messages.success(request, _("%(ref)s closed.") % {"ref": complaint.reference})
            return redirect("complaint_detail", pk=complaint.pk)
    return _detail(request, complaint, close_form=form)
