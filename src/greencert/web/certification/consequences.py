"""What a weighty act will do, in plain words, for the page that asks to confirm it.

Each function reads the record as it stands (never writes) and returns a
:class:`Consequences`: the sentences the confirmation page lists, whether the
act can be undone and how.  The figures shown are the ones the act will
freeze or print, worked out by the same code the act uses.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from greencert.core import validity
from greencert.core.exceptions import GreenCertError
from greencert.web.certification.models import Certificate, CertificateEvent, Decision
from greencert.web.certification.services import certificates as certificate_service
from greencert.web.confirmation import Consequences
from greencert.web.form_errors import problem_lines
from greencert.web.projects import scoring
from greencert.web.projects.models import Project, TeamMember
from greencert.web.projects.result_display import present

State = Project.State
Event = CertificateEvent.Kind


def _names(members) -> str:
    return pgettext("list separator", ", ").join(str(m.user) for m in members)


def project_step(project: Project, to: str) -> Consequences:
    """What moving *project* to *to* from the state page will do."""
    if to == State.CANCELLED:
        return _cancel(project)
    if to == State.EVALUATION_COMPLETE:
        return _complete(project)
    return _reopen(project)


def _cancel(project: Project) -> Consequences:
    # The leader first, as the project page lists the team.
    team = sorted(
        project.team.select_related("user"),
        key=lambda m: (m.role != TeamMember.Role.LEADER, str(m.user)),
    )
    lines = [
        _("Project %(code)s of %(organisation)s will be cancelled.")
        % {"code": project.code, "organisation": project.organisation.name},
    ]
    if team:
        lines.append(
            _(
                "The team (%(names)s) will no longer be able to enter or change evaluations, "
                "maturity ratings or checklist verdicts."
            )
            % {"names": _names(team)}
        )
    evaluations = project.assessment.evaluations.count() if hasattr(project, "assessment") else 0
    lines.append(
        ngettext(
            "The %(n)s evaluation entered so far is kept on record but leads to no result.",
            "The %(n)s evaluations entered so far are kept on record but lead to no result.",
            evaluations,
        )
        % {"n": evaluations}
    )
    open_surveys = project.surveys.filter(state="open").count()
    if open_surveys:
        lines.append(
            ngettext(
                "Its %(n)s open customer survey will stop taking answers.",
                "Its %(n)s open customer surveys will stop taking answers.",
                open_surveys,
            )
            % {"n": open_surveys}
        )
    lines.append(
        _("The plan can no longer change, and no result can be frozen, reviewed or decided.")
    )
    return Consequences(
        lines=lines,
        reversible=False,
        way_back=_(
            "This cannot be undone: a cancelled project never starts again; "
            "to continue, create a new project."
        ),
    )


def _complete(project: Project) -> Consequences:
    number = (
        project.snapshots.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    lines = [
        _(
            "The result of %(code)s will be frozen as frozen result #%(number)s, "
            "from the sheets as they are now:"
        )
        % {"code": project.code, "number": number}
    ]
    blockers = []
    try:
        result = scoring.score(project.assessment)
    except GreenCertError as exc:
        blockers = problem_lines(exc.problems)
    else:
        lines += _figure_lines(present(result))
    lines += [
        _("The team can no longer change the evaluations, maturity ratings or checklists."),
        _("The project goes to technical review with this frozen result."),
    ]
    return Consequences(
        lines=lines,
        reversible=True,
        way_back=_(
            "This can be undone: a project manager or the team leader may reopen the "
            "evaluation; the frozen result is kept, and closing again freezes a new one."
        ),
        blockers=blockers,
    )


def _figure_lines(shown: dict) -> list[str]:
    """The service score, management level and grade about to be frozen, as the core gives them."""
    service, management = shown["service"], shown["management"]
    if service:
        lines = [
            ngettext(
                "service score %(score)s, from %(n)s evaluation;",
                "service score %(score)s, from %(n)s evaluations;",
                service["n"],
            )
            % {"score": service["score"], "n": service["n"]}
        ]
    else:
        lines = [_("no service score: no evaluation counts yet;")]
    if management["complete"]:
        lines.append(
            _("management total %(total)s, %(level)s;")
            % {"total": management["total"], "level": management["level_name"]}
        )
    else:
        missing = len(management["missing"])
        lines.append(
            ngettext(
                "no management level: %(n)s clause is not rated;",
                "no management level: %(n)s clauses are not rated;",
                missing,
            )
            % {"n": missing}
        )
    lines.append(
        _("grade %(grade)s.") % {"grade": shown["grade"]}
        if shown["grade"]
        else _("no grade (not certified on these figures).")
    )
    return lines


def _reopen(project: Project) -> Consequences:
    latest = project.snapshots.order_by("-number").first()
    lines = []
    if project.state == State.UNDER_REVIEW:
        lines.append(
            _("The technical review of %(code)s stops; the project goes back to its team.")
            % {"code": project.code}
        )
    else:
        lines.append(
            _(
                "The evaluation of %(code)s is opened again; it will not go to technical review "
                "until it is closed again."
            )
            % {"code": project.code}
        )
    leaders = [m for m in project.team.select_related("user") if m.role == TeamMember.Role.LEADER]
    lines.append(
        _(
            "The team (led by %(names)s) may change the evaluations, maturity ratings and "
            "checklists again."
        )
        % {"names": _names(leaders) or "—"}
        if leaders
        else _("The team may change the evaluations, maturity ratings and checklists again.")
    )
    if latest is not None:
        lines.append(
            _(
                "Frozen result #%(number)s (%(grade)s) is kept as it is; closing the evaluation "
                "again freezes a new result."
            )
            % {"number": latest.number, "grade": latest.grade or _("no grade")}
        )
    return Consequences(
        lines=lines,
        reversible=True,
        way_back=_("This can be undone by closing the evaluation again."),
    )


def certificate_issue(decision: Decision, granted_on: datetime.date) -> Consequences:
    """What issuing the certificate of *decision*, granted on *granted_on*, will do."""
    if decision.outcome != Decision.Outcome.GRANT:
        return Consequences(
            blockers=[_("This decision refused certification: there is no certificate to issue.")]
        )
    project = decision.project
    renewed = certificate_service.certificate_renewed_by(project)
    if renewed is not None:
        lines = [
            _(
                "Certificate %(number)s of %(organisation)s will be reissued as revision "
                "%(revision)s, grade %(grade)s, with the scope and sites of %(code)s."
            )
            % {
                "number": renewed.number,
                "organisation": project.organisation.name,
                "revision": renewed.revision + 1,
                "grade": decision.grade,
                "code": project.code,
            }
        ]
        if project.kind == Project.Kind.RECERTIFICATION:
            lines.append(_validity_line(granted_on))
    else:
        number = certificate_service.next_number(granted_on.year)
        lines = [
            _(
                "A certificate numbered %(number)s (the next free number; it is given when the "
                "certificate is issued) will be issued to %(organisation)s, grade %(grade)s."
            )
            % {
                "number": number,
                "organisation": project.organisation.name,
                "grade": decision.grade,
            },
            _validity_line(granted_on),
        ]
    lines += [
        _("The public verification page and the register will show it as valid at once."),
        _("The organisation's users and the project managers are told by e-mail."),
    ]
    return Consequences(
        lines=lines,
        reversible=False,
        way_back=_(
            "An issued certificate is never deleted: a mistake is put right by "
            "suspending or withdrawing it, or by a new decision and a reissue."
        ),
    )


def _validity_line(granted_on: datetime.date) -> str:
    expires = certificate_service.expiry_for(granted_on)
    dues = validity.surveillance_due_dates(
        granted_on, expires, interval_months=settings.SURVEILLANCE_INTERVAL_MONTHS, done=0
    )
    return _("It will be valid from %(start)s to %(end)s, with surveillance due on %(dues)s.") % {
        "start": granted_on.isoformat(),
        "end": expires.isoformat(),
        "dues": pgettext("list separator", ", ").join(d.isoformat() for d in dues) or "—",
    }


def certificate_change(certificate: Certificate, kind: str) -> Consequences:
    """What suspending, reinstating or withdrawing *certificate* will do."""
    facts = {
        "number": certificate.display_number,
        "organisation": certificate.organisation_name,
        "grade": certificate.grade,
        "url": reverse("verify", args=[certificate.number]),
    }
    told = _("The organisation's users and the project managers are told by e-mail.")
    if kind == Event.SUSPENDED:
        return Consequences(
            lines=[
                _("Certificate %(number)s of %(organisation)s (grade %(grade)s) will be suspended.")
                % facts,
                _(
                    "The public verification page %(url)s and the register will show it as "
                    "suspended; the organisation may not use it while it is suspended."
                )
                % facts,
                told,
            ],
            reversible=True,
            way_back=_(
                "This can be undone: a suspended certificate may be reinstated "
                "(or withdrawn) on its page."
            ),
        )
    if kind == Event.WITHDRAWN:
        return _withdrawal(certificate, facts, told)
    return Consequences(
        lines=[
            _("Certificate %(number)s of %(organisation)s (grade %(grade)s) will be valid again.")
            % facts,
            _("The public verification page %(url)s and the register will show it as valid.")
            % facts,
            told,
        ],
        reversible=True,
        way_back=_("This can be undone by suspending the certificate again."),
    )


def _withdrawal(certificate: Certificate, facts: dict, told: str) -> Consequences:
    lines = [
        _("Certificate %(number)s of %(organisation)s (grade %(grade)s) will be withdrawn.")
        % facts,
        _(
            "The public verification page %(url)s and the register will show it as "
            "withdrawn for good."
        )
        % facts,
    ]
    planned = certificate.surveillance.filter(project__isnull=True).count()
    if planned:
        lines.append(
            ngettext(
                "Its %(n)s planned surveillance visit will not take place, and it can "
                "never be reissued.",
                "Its %(n)s planned surveillance visits will not take place, and it can "
                "never be reissued.",
                planned,
            )
            % {"n": planned}
        )
    lines.append(told)
    return Consequences(
        lines=lines,
        reversible=False,
        way_back=_(
            "This cannot be undone: a withdrawn certificate is never reinstated; "
            "the organisation needs a new initial certification."
        ),
    )
