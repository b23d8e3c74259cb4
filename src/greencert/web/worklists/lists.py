"""Each person's worklists: which lists a person has, their rows as items, and their counts.

The lists come from the selectors of the apps that own the state
(``clients``, ``projects``, ``certification``, ``surveys``); this module,
above them all, only says who gets which list and how an item reads and
links.  A person gets every list of every part they play: a manager's lists,
the team's lists when on a team, the reviewer's and the decision maker's
(an administrator has all of these), or the client's.  All the counts are
read in one statement (:func:`counts`), the rows with one statement per list.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import F, Func, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from greencert.core.report_format import bundled_format
from greencert.web.accounts.models import Role, User
from greencert.web.certification import selectors as certification
from greencert.web.certification.access import DECISION_ROLES, REVIEW_ROLES
from greencert.web.clients import selectors as clients
from greencert.web.projects import selectors as projects
from greencert.web.projects.models import TeamMember
from greencert.web.regulator import selectors as regulator
from greencert.web.regulator.access import FILING_ROLES
from greencert.web.surveys import selectors as surveys

ROWS_SHOWN = 10


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Item:
    """One piece of work: what it is, a line about it, and where it is done."""

    title: str
    detail: str
    links: list[Link]


@dataclass(frozen=True)
class Worklist:
    key: str
    title: object  # lazy translation
    rows: QuerySet
    item: Callable[[object], Item]
    empty: object = field(default=gettext_lazy("Nothing waiting."))
    more: str = ""  # the page that lists them all, linked when the list is longer than shown


def _project_title(project) -> str:
    return f"{project.code} · {project.organisation.name}"


def _application(application) -> Item:
    return Item(
        application.organisation.name,
        _("Submitted %(day)s · %(scope)s")
        % {"day": application.submitted_at.date().isoformat(), "scope": application.scope[:60]},
        [Link(_("Review"), reverse("application_detail", args=[application.pk]))],
    )


def _to_plan(project) -> Item:
    missing = []
    links = []
    if not project.has_leader:
        missing.append(_("no team leader"))
        links.append(Link(_("Form the team"), reverse("project_team", args=[project.pk])))
    if not project.has_blueprint:
        missing.append(_("no service blueprint"))
    links.append(Link(_("Project"), reverse("project_detail", args=[project.pk])))
    detail = _("Starts %(day)s · %(missing)s") % {
        "day": project.planned_start.isoformat(),
        "missing": pgettext("list separator", ", ").join(str(m) for m in missing),
    }
    return Item(_project_title(project), detail, links)


def _to_issue(decision) -> Item:
    detail = _("Decided %(day)s · grade %(grade)s") % {
        "day": decision.decided_on.isoformat(),
        "grade": decision.grade,
    }
    url = reverse("certificate_issue", args=[decision.pk])
    return Item(_project_title(decision.project), detail, [Link(_("Issue"), url)])


def _surveillance(visit) -> Item:
    certificate = visit.certificate
    detail = _("Surveillance %(n)s due on %(day)s") % {
        "n": visit.sequence,
        "day": visit.due_on.isoformat(),
    }
    url = reverse("certificate_follow_up", args=[certificate.pk])
    title = f"{certificate.display_number} · {certificate.organisation_name}"
    return Item(title, detail, [Link(_("Plan"), url)])


def _complaint(complaint) -> Item:
    detail = _("%(kind)s · %(status)s · resolve by %(day)s") % {
        "kind": complaint.get_kind_display(),
        "status": complaint.get_status_display(),
        "day": complaint.resolve_by.isoformat(),
    }
    url = reverse("complaint_detail", args=[complaint.pk])
    return Item(
        f"{complaint.reference} · {complaint.complainant}",
        detail,
        [Link(pgettext("worklist link", "Handle"), url)],
    )


def _open_sheets(project) -> Item:
    links = []
    if not project.evaluations:
        links.append(
            Link(_("Evaluations: none yet"), reverse("evaluation_create", args=[project.pk]))
        )
    sheets = (
        ("clauses", _("Maturity"), reverse("maturity_edit", args=[project.pk])),
        ("qms", _("GB/T 19001"), reverse("checklist", args=[project.pk, "qms"])),
        ("specific", _("§4.2.2"), reverse("checklist", args=[project.pk, "specific"])),
    )
    for name, label, url in sheets:
        done, needed = getattr(project, name), getattr(project, f"{name}_needed")
        if done < needed:
            links.append(Link(f"{label} {done}/{needed}", url))
    detail = _("Planned end %(day)s") % {"day": project.planned_end.isoformat()}
    return Item(_project_title(project), detail, links)


def _to_move(project) -> Item:
    if project.state == project.State.PLANNED:
        label = _("Start the assessment")
        detail = _("Starts %(day)s") % {"day": project.planned_start.isoformat()}
    else:
        label = _("Close the evaluation")
        detail = _("Every sheet complete · planned end %(day)s") % {
            "day": project.planned_end.isoformat()
        }
    url = reverse("project_detail", args=[project.pk])
    return Item(_project_title(project), detail, [Link(label, url)])


def _to_verify(nc) -> Item:
    answered = nc.status == nc.Status.ANSWERED
    anchor = "#review" if answered else "#close"
    url = reverse("nonconformity_detail", args=[nc.project_id, nc.pk]) + anchor
    label = _("Accept or return") if answered else _("Verify and close")
    title = f"{nc.project.code} · {nc.code}"
    detail = " · ".join((nc.get_severity_display(), nc.get_status_display(), nc.description[:40]))
    return Item(title, detail, [Link(label, url)])


def _to_review(project) -> Item:
    url = reverse("project_review", args=[project.pk])
    return Item(_project_title(project), project.scope[:60], [Link(_("Technical review"), url)])


def _to_decide(project) -> Item:
    url = reverse("project_decision", args=[project.pk])
    return Item(
        _project_title(project), project.scope[:60], [Link(_("Certification decision"), url)]
    )


def _to_answer(nc) -> Item:
    url = reverse("nonconformity_detail", args=[nc.project_id, nc.pk]) + "#answer"
    due = _("due %(day)s") % {"day": nc.due_date.isoformat()} if nc.due_date else ""
    parts = (nc.get_severity_display(), nc.description[:40], due)
    detail = " · ".join(x for x in parts if x)
    return Item(f"{nc.project.code} · {nc.code}", detail, [Link(_("Answer"), url)])


def _certificate(certificate) -> Item:
    detail = _("Grade %(grade)s · valid until %(day)s") % {
        "grade": certificate.grade,
        "day": certificate.expires_on.isoformat(),
    }
    links = [
        Link(_("Certificate (PDF)"), reverse("certificate_pdf", args=[certificate.pk])),
        Link(_("Details"), reverse("certificate_detail", args=[certificate.pk])),
    ]
    return Item(certificate.display_number, detail, links)


def _report(project) -> Item:
    url = reverse("project_report", args=[project.pk])
    return Item(project.code, project.scope[:60], [Link(_("Assessment report (PDF)"), url)])


def _survey(survey) -> Item:
    detail = _("Open until %(day)s · %(project)s") % {
        "day": survey.closes_on.isoformat(),
        "project": survey.project.code,
    }
    links = [
        Link(_("Survey link"), reverse("survey_answer", args=[survey.token])),
        Link(_("Poster (PDF)"), reverse("survey_poster", args=[survey.pk])),
    ]
    return Item(survey.site.name, detail, links)


def _to_report(period) -> Item:
    deadline = period.deadline(bundled_format().deadline_day)
    detail = _("Due by %(day)s (not moved for holidays)") % {"day": deadline.isoformat()}
    url = reverse("regulator_period", args=[f"{period.month:%Y-%m}"])
    title = _("Report %(month)s to the regulator") % {"month": f"{period.month:%Y-%m}"}
    return Item(title, detail, [Link(_("Check and file"), url)])


def lists_for(user, today: datetime.date) -> list[Worklist]:
    """Every list of every part *user* plays, in the order the page shows them."""
    if user.is_client:
        return _client_lists(user.organisation_id, today)
    found = []
    if user.manages:
        found += _manager_lists(user, today)
    if user.role in FILING_ROLES:
        found.append(
            Worklist(
                "regulator",
                gettext_lazy("Months to report to the regulator"),
                regulator.periods_to_report(today),
                _to_report,
                more=reverse("regulator_periods"),
            )
        )
    if user.role == Role.AUDITOR or TeamMember.objects.filter(user=user).exists():
        found += _team_lists(user)
    if user.role in REVIEW_ROLES:
        found.append(
            Worklist(
                "reviews",
                gettext_lazy("Technical reviews to do"),
                certification.reviews_to_do(user),
                _to_review,
            )
        )
    if user.role in DECISION_ROLES:
        found.append(
            Worklist(
                "decisions",
                gettext_lazy("Certification decisions to take"),
                certification.decisions_to_take(user),
                _to_decide,
            )
        )
    if not user.manages:
        found.append(
            Worklist(
                "complaints",
                gettext_lazy("Complaints I handle"),
                certification.open_complaints(user),
                _complaint,
            )
        )
    return found


def _manager_lists(user, today) -> list[Worklist]:
    return [
        Worklist(
            "applications",
            gettext_lazy("New applications"),
            clients.new_applications(),
            _application,
            more=reverse("application_list") + "?status=submitted",
        ),
        Worklist(
            "to_plan", gettext_lazy("Projects to plan"), projects.projects_to_plan(), _to_plan
        ),
        Worklist(
            "to_issue",
            gettext_lazy("Certificates to issue"),
            certification.certificates_to_issue(),
            _to_issue,
            more=reverse("certificate_list"),
        ),
        Worklist(
            "surveillance",
            gettext_lazy("Surveillance due"),
            certification.surveillance_due(today),
            _surveillance,
        ),
        Worklist(
            "complaints",
            gettext_lazy("Open complaints and appeals"),
            certification.open_complaints(user),
            _complaint,
            more=reverse("complaint_list"),
        ),
    ]


def _team_lists(user) -> list[Worklist]:
    return [
        Worklist(
            "sheets", gettext_lazy("My open sheets"), projects.open_sheets(user), _open_sheets
        ),
        Worklist(
            "to_move",
            gettext_lazy("Assessments I lead: to start or to close"),
            projects.assessments_to_move(user),
            _to_move,
        ),
        Worklist(
            "to_verify",
            gettext_lazy("Nonconformities to verify"),
            certification.nonconformities_to_verify(user),
            _to_verify,
        ),
    ]


def _client_lists(organisation_id: int, today) -> list[Worklist]:
    return [
        Worklist(
            "to_answer",
            gettext_lazy("Nonconformities awaiting our answer"),
            certification.nonconformities_to_answer(organisation_id),
            _to_answer,
        ),
        Worklist(
            "certificates",
            gettext_lazy("Documents ready: certificates"),
            certification.certificates_in_force(organisation_id, today),
            _certificate,
            gettext_lazy("No document yet."),
        ),
        Worklist(
            "reports",
            gettext_lazy("Documents ready: assessment reports"),
            certification.decided_projects(organisation_id),
            _report,
            gettext_lazy("No document yet."),
        ),
        Worklist(
            "surveys",
            gettext_lazy("Customer surveys open at our sites"),
            surveys.open_surveys(organisation_id, today),
            _survey,
        ),
    ]


def _counted(rows: QuerySet):
    """``SELECT COUNT(*) FROM (the list's rows)`` as a scalar subquery."""
    return Subquery(rows.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"))


def counts(user, lists: list[Worklist]) -> dict[str, int]:
    """How many rows each list has, in one statement whatever the number of lists."""
    if not lists:
        return {}
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(**{f"n_{w.key}": _counted(w.rows) for w in lists})
        .values(*(f"n_{w.key}" for w in lists))
        .get()
    )
    return {w.key: row[f"n_{w.key}"] or 0 for w in lists}


# The lists that are work to do; the documents ready to print are not counted in the navigation.
NOT_WORK = {"certificates", "reports"}


def work_total(counts_by_key: dict[str, int]) -> int:
    """What the navigation shows: the work waiting (documents ready to print are not work)."""
    return sum(n for key, n in counts_by_key.items() if key not in NOT_WORK)
