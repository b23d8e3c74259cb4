"""Technical review (§7.5) and certification decision (§7.6) of a project's latest snapshot.

The review page is for technical reviewers and administrators, the
decision page for decision makers and administrators (others: 404).  A
refusal by the rules — someone who took part in the evaluation, a grade
above the computed one, a step the project's state does not allow — is
not a missing page: the form is shown again with the service's message
(HTTP 409), nothing is stored, and the services log impartiality
refusals as :class:`~greencert.web.certification.models.RefusedAttempt`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from greencert.core.exceptions import InputError
from greencert.web.accounts.checks import fresh_check_required
from greencert.web.certification import access
from greencert.web.certification.forms.decisions import DecisionForm, ReviewForm
from greencert.web.certification.models import Complaint, Review
from greencert.web.certification.next_steps import project_facts
from greencert.web.certification.services import Refused, decisions
from greencert.web.certification.services.results import latest_snapshot
from greencert.web.certification.views.snapshots import present
from greencert.web.form_errors import add_problems, error_summary
from greencert.web.next_steps import with_next_step
from greencert.web.projects.models import Project
from greencert.web.projects.scoring import scheme_of

State = Project.State


def _appeal(request, project: Project) -> Complaint | None:
    """The appeal named by ``?appeal=``: an appeal against one of this project's decisions."""
    raw = request.GET.get("appeal")
    if not raw:
        return None
    try:
        pk = int(raw)
    except ValueError:
        raise Http404 from None
    return get_object_or_404(
        Complaint.objects.select_related("decision"),
        pk=pk,
        kind=Complaint.Kind.APPEAL,
        decision__project=project,
    )


@login_required
@fresh_check_required
@require_http_methods(["GET", "HEAD", "POST"])
def project_review(request, pk):
    project = access.reviewer_project_for(request.user, pk)
    appeal = _appeal(request, project)
    form = ReviewForm(request.POST if request.method == "POST" else None)
    refused, status = "", 200
    if request.method == "POST" and form.is_valid():
        try:
            entry = decisions.review(
                actor=request.user,
                project=project,
                outcome=form.cleaned_data["outcome"],
                comment=form.cleaned_data["comment"],
                appeal=appeal,
            )
        except InputError as exc:
            add_problems(form, exc)
        except Refused as exc:
            refused, status = str(exc), 409
        else:
            done = _("Technical review recorded: %(outcome)s. The project is now “%(state)s”.") % {
                "outcome": entry.get_outcome_display(),
                "state": project.get_state_display(),
            }
            messages.success(request, with_next_step(done, project_facts(project)))
            return redirect("project_detail", pk=project.pk)
    snapshot = latest_snapshot(project)
    expected = State.DECIDED if appeal else State.EVALUATION_COMPLETE
    action = reverse("project_review", args=[project.pk])
    if appeal:
        action += "?" + urlencode({"appeal": appeal.pk})
    context = {
        "project": project,
        "appeal": appeal,
        "snapshot": snapshot,
        "shown": present(snapshot) if snapshot else None,
        "pending": project.state == expected and snapshot is not None,
        "form": form,
        "errors": error_summary(form) if form.is_bound else [],
        "refused": refused,
        "action": action,
        "reviews": project.reviews.select_related("reviewer", "snapshot", "appeal"),
    }
    return render(request, "certification/review_form.html", context, status=status)


def _pending_decision(project: Project, snapshot, last_review) -> bool:
    return (
        project.state == State.UNDER_REVIEW
        and snapshot is not None
        and last_review is not None
        and last_review.snapshot_id == snapshot.pk
        and last_review.outcome == Review.Outcome.RECOMMEND
    )


@login_required
@fresh_check_required
@require_http_methods(["GET", "HEAD", "POST"])
def project_decision(request, pk):
    project = access.decider_project_for(request.user, pk)
    snapshot = latest_snapshot(project)
    last_review = (
        project.reviews.select_related("reviewer", "appeal").order_by("-reviewed_at", "-id").first()
    )
    computed = snapshot.grade if snapshot else ""
    form = DecisionForm(
        request.POST if request.method == "POST" else None,
        scheme=scheme_of(project.assessment),
        computed=computed,
    )
    refused, status = "", 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = decisions.decide(
                actor=request.user,
                project=project,
                outcome=data["outcome"],
                grade=data["grade"] if data["outcome"] == "grant" else "",
                reason=data["reason"],
                decided_on=data["decided_on"],
            )
        except InputError as exc:
            add_problems(form, exc)
        except Refused as exc:
            refused, status = str(exc), 409
        else:
            done = _("Decision revision %(revision)s recorded.") % {"revision": decision.revision}
            messages.success(request, with_next_step(done, project_facts(project)))
            return redirect("decision_detail", pk=project.pk, revision=decision.revision)
    context = {
        "project": project,
        "snapshot": snapshot,
        "shown": present(snapshot) if snapshot else None,
        "computed": computed,
        "review": last_review,
        "previous": decisions.current_decision(project),
        "pending": _pending_decision(project, snapshot, last_review),
        "form": form,
        "errors": error_summary(form) if form.is_bound else [],
        "refused": refused,
    }
    return render(request, "certification/decision_form.html", context, status=status)


@login_required
@require_safe
def decision_detail(request, pk, revision):
    project = access.staff_project_for(request.user, pk)
    decision = access.decision_in(project, revision)
    return render(
        request,
        "certification/decision_detail.html",
        {
            "project": project,
            "decision": decision,
            "review": decision.review,
            "history": project.decisions.select_related("decided_by").order_by("-revision"),
            "appeals": decision.appeals.all(),
            "may_review_appeal": access.may_open_review(request.user)
            and project.state == State.DECIDED,
        },
    )
