"""Chinese everywhere, English everywhere: every page, read in each language, says nothing in the other.

One world holds something of every kind (projects in each state, sheets, findings,
a survey with answers, a certificate, a complaint, an application, an audit trail
of all of it); every page of the product is opened in zh-hans and in English by a
person who may see it, and each sentence is checked (see :mod:`tests.web.language_check`):
data and the scheme's own one-language texts are struck out, then in Chinese no
English word may remain, in English no Chinese character.

A new page is added to :data:`PAGES` (who opens it, with which objects); a route that is
no page (a POST-only action, a file) goes in :data:`NOT_PAGES` with the reason.
The failure lists every page, language and sentence at once.
"""

from __future__ import annotations

import datetime
import doctest
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from greencert.core.problem_messages import MESSAGES, WHERE
from greencert.web.accounts.records import save_id_document
from greencert.web.certification.services import complaints
from greencert.web.certification.services.project_states import change_state
from greencert.web.clients.conflicts import declare_conflict
from greencert.web.clients.models import Contact, QmsCertificate
from greencert.web.clients.services import review_application, submit_application
from greencert.web.documents.models import Export
from greencert.web.projects.models import Evidence, ImportJob, Project, TeamMember
from greencert.web.projects.services.blueprints import save_blueprint
from greencert.web.projects.services.checklists import record_verdict
from greencert.web.projects.services.projects import create_project
from greencert.web.projects.services.self_assessment import ensure_self_assessment
from greencert.web.projects.services.team import add_team_member
from greencert.web.regulator import services as regulator
from greencert.web.surveys import services as survey_services
from greencert.web.webhooks import delivery
from greencert.web.webhooks.services import register_endpoint, send_test_event
from tests.web import language_check
from tests.web.certification.certificate_support import certify, clear_rate_limit, issue
from tests.web.certification.conftest import fill_sheets
from tests.web.certification.findings_support import answer_nc, raise_nc, recommend
from tests.web.conftest import build_world
from tests.web.language_check import known_texts, offences
from tests.web.matrix import undone
from tests.web.sheet_helpers import ITEMS, add_evaluation, sheet
from tests.web.surveys.support import answers, drained, open_survey, post, ticket
from tests.web.test_every_view_is_in_a_permission_test import url_names
from tests.web.test_import import workbook

pytestmark = pytest.mark.django_db

LANGUAGES = ("zh-hans", "en")


@dataclass
class Things:
    """The world's objects by the names the pages need (primary keys)."""

    ids: dict[str, int] = field(default_factory=dict)

    def __getattr__(self, name):
        return self.ids[name]


def build_everything():
    """The personas' world with something of every kind in it, each made the way people make it."""
    clear_rate_limit()
    world = build_world()
    t = Things()
    day = world.project.planned_start
    # alpha's project in progress: sheets, a blueprint, checklist rows, findings, evidence, a survey.
    change_state(actor=world.leader, project=world.project, to=Project.State.IN_PROGRESS)
    fill_sheets(world.project, world.leader)
    assessment = world.project.assessment
    save_blueprint(
        actor=world.leader,
        project=world.project,
        site=world.site,
        service=world.service,
        data={"steps": [{"customer": "到店咨询"}]},
        expected_version=0,
    )
    verdict = assessment.verdicts.get(kind="qms", clause_id="8.5.1")
    record_verdict(
        actor=world.leader,
        assessment=assessment,
        kind="qms",
        clause_id="8.5.1",
        verdict="minor",
        date=day,
        expected_version=verdict.version,
        notes="交接记录不全",
    )
    t.ids["open_nc"] = raise_nc(world).pk
    t.ids["answered_nc"] = answer_nc(world, raise_nc(world, ref="clause:4.1")).pk
    t.ids["evaluation"] = assessment.evaluations.order_by("pk").first().pk
    t.ids["evidence"] = Evidence.objects.create(
        assessment=assessment,
        clause_id="5.2",
        file=ContentFile(b"evidence", name="drill.txt"),
        original_name="演练记录.txt",
        uploaded_by=world.leader,
    ).pk
    survey = open_survey(world)
    post(Client(), survey, answers(every=5, ticket_value=ticket(survey)), ip="10.1.1.11")
    post(Client(), survey, answers(ticket_value=ticket(survey), comment="服务很好"), ip="10.1.1.12")
    drained()
    t.ids["survey"] = survey.pk
    t.ids["token"] = survey.token
    # A second survey, one response excluded, closed: it offers to be accepted or reopened.
    closed = open_survey(world)
    post(Client(), closed, answers(every=5, ticket_value=ticket(closed)), ip="10.1.1.13")
    drained()
    survey_services.review_response(
        actor=world.leader,
        response=closed.responses.get(),
        include=False,
        reason="同一设备重复作答",
    )
    survey_services.change_survey_state(actor=world.pm, survey=closed, to="closed")
    t.ids["closed_survey"] = closed.pk
    # beta's project certified; a complaint about its certificate.
    add_team_member(
        actor=world.pm, project=world.beta_project, user=world.leader, role=TeamMember.Role.LEADER
    )
    certificate = issue(world, world.beta_project)
    t.ids["certificate"] = certificate.pk
    t.ids["decision"] = certificate.decision.pk
    t.ids["number"] = certificate.number
    complaint = complaints.register(
        actor=world.pm,
        kind="complaint",
        received_on=certificate.granted_on,
        complainant="业主 张先生",
        subject="服务不到位",
        certificate=certificate,
    )
    complaints.assign_handler(actor=world.pm, complaint=complaint, handler=world.auditor_off)
    t.ids["complaint"] = complaint.pk
    closed_complaint = complaints.register(
        actor=world.pm,
        kind="complaint",
        received_on=certificate.granted_on,
        complainant="业主 李女士",
        subject="保洁不及时",
        certificate=certificate,
    )
    complaints.assign_handler(actor=world.pm, complaint=closed_complaint, handler=world.auditor_off)
    complaints.acknowledge(
        actor=world.auditor_off, complaint=closed_complaint, on=certificate.granted_on
    )
    complaints.close(
        actor=world.auditor_off,
        complaint=closed_complaint,
        outcome="已督促整改",
        communicated_on=certificate.granted_on,
        communicated_how="电话",
    )
    t.ids["closed_complaint"] = closed_complaint.pk

    # Two more of alpha's projects: one awaiting its technical review, one its decision.
    for name, recommended in (("awaiting_review", False), ("awaiting_decision", True)):
        project = _project(world, f"{name} 范围")
        change_state(actor=world.pm, project=project, to=Project.State.IN_PROGRESS)
        fill_sheets(project, world.leader)
        change_state(actor=world.leader, project=project, to=Project.State.EVALUATION_COMPLETE)
        if recommended:
            _recommend(world, project)
        t.ids[name] = project.pk
    # And one whose grant is decided, its certificate not yet issued (the issue page).
    t.ids["granted_decision"] = certify(world, _project(world, "awaiting_certificate 范围")).pk
    # alpha's record: a contact, a QMS certificate, an application; the client's self-assessment.
    t.ids["contact"] = Contact.objects.create(
        organisation=world.alpha, name="王经理", email="wang@example.com"
    ).pk
    t.ids["qms_certificate"] = QmsCertificate.objects.create(
        organisation=world.alpha,
        number="00124Q1234",
        issuer="某认证中心",
        valid_until=datetime.date(2028, 1, 1),
    ).pk
    t.ids["application"] = submit_application(
        actor=world.client,
        organisation=world.alpha,
        scope="绿色物业服务",
        services=[world.service],
        sites=[world.site],
    ).pk
    refused = submit_application(
        actor=world.client,
        organisation=world.alpha,
        scope="绿色餐饮服务",
        services=[world.service],
        sites=[world.site],
    )
    review_application(actor=world.pm, application=refused, accept=False, reason="范围不明确")
    t.ids["refused_application"] = refused.pk
    self_assessment = ensure_self_assessment(organisation=world.alpha)
    t.ids["self_evaluation"] = add_evaluation(
        self_assessment, world.client, source="self", code="S1"
    ).pk
    t.ids["webhook"] = _webhook_with_a_failed_attempt(world)
    _person_records(world)
    regulator.collect(actor=world.admin, today=timezone.localdate())
    _exports(world)
    _import_jobs(world)
    return world, t


def _webhook_with_a_failed_attempt(world) -> int:
    """An endpoint on this machine whose test event was refused (loopback no longer allowed):
    its log has a row, and nothing was sent anywhere."""
    with override_settings(WEBHOOK_ALLOW_LOOPBACK=True):
        endpoint, _secret = register_endpoint(
            actor=world.admin,
            url="http://127.0.0.1:9/greencert",
            description="",
            events=["certificate.issued"],
        )
    send_test_event(actor=world.admin, endpoint=endpoint)
    delivery.attempt(endpoint.deliveries.get().pk)
    return endpoint.pk


def _person_records(world) -> None:
    """The leader's ID document and a conflict declared after the audits (their records page)."""
    save_id_document(
        actor=world.admin, user=world.leader, id_document_type="02", id_document_number="E12345678"
    )
    declare_conflict(
        actor=world.admin,
        person=world.leader,
        organisation=world.beta,
        declared_on=datetime.date(2026, 9, 1),
        reason="亲属入职该公司",
    )


def _import_jobs(world):
    """Large imports of alpha's project in each state, each worded on the project page."""
    applied = {"added": 2, "changed_evaluations": 0, "levels": 21, "verdicts": 0}
    for state, reason, done in (
        ("queued", "", {}),
        ("done", "", applied),
        ("failed", "stale", {}),
        ("failed", "closed", {}),
        ("failed", "error", {}),
    ):
        ImportJob.objects.create(
            assessment=world.project.assessment,
            requested_by=world.leader,
            name="large.xlsx",
            file="imports/1/workbook.xlsx",
            sha256="0" * 64,
            stored_digest="0" * 64,
            state=state,
            reason=reason,
            applied=done,
        )


def _exports(world):
    """The manager's exports in every state, each worded on "my exports"."""
    register, beta = Export.Kind.REGISTER, Export.Kind.CERTIFICATES
    for state, reason in (
        (Export.State.QUEUED, ""),
        (Export.State.RUNNING, ""),
        (Export.State.READY, ""),
        (Export.State.EXPIRED, ""),
        (Export.State.FAILED, "no_certificates"),
        (Export.State.FAILED, "error"),
    ):
        Export.objects.create(
            kind=register if reason != "no_certificates" else beta,
            organisation=world.beta if reason == "no_certificates" else None,
            requested_by=world.pm,
            state=state,
            reason=reason,
            file="exports/1/register.xlsx" if state == Export.State.READY else "",
        )


def _project(world, scope):
    start = world.project.planned_start
    project = create_project(
        actor=world.pm,
        organisation=world.alpha,
        kind=Project.Kind.INITIAL,
        scope=scope,
        planned_start=start,
        planned_end=start + datetime.timedelta(days=2),
        sites=[world.site],
        services=[world.service],
    )
    add_team_member(actor=world.pm, project=project, user=world.leader, role=TeamMember.Role.LEADER)
    return project


def _recommend(world, project):
    kept = world.project
    world.project = project
    recommend(world)
    world.project = kept


@dataclass(frozen=True)
class Page:
    """A page as *who* opens it: url *name*, its arguments from the world and things."""

    name: str
    who: str
    args: Callable = lambda w, t: ()

    def url(self, world, things) -> str:
        return reverse(self.name, args=self.args(world, things))


P = lambda w, t: (w.project.pk,)  # noqa: E731  alpha's project, in progress
B = lambda w, t: (w.beta_project.pk,)  # noqa: E731  beta's project, certified
ORG = lambda w, t: (w.alpha.pk,)  # noqa: E731
SURVEY = lambda w, t: (t.survey,)  # noqa: E731

PAGES = [
    # Each person's landing page: their worklists.
    *(Page("home", who) for who in ("pm", "leader", "reviewer", "decider", "client", "admin")),
    # The person's own account, and what anyone may open.
    Page("login", "anonymous"),
    Page("password_reset", "anonymous"),
    Page("password_reset_done", "anonymous"),
    Page("password_reset_complete", "anonymous"),
    Page("register", "anonymous"),
    Page("verify", "anonymous", lambda w, t: (t.number,)),
    Page("verify_slash", "anonymous", lambda w, t: (t.number,)),
    Page("survey_answer", "anonymous", lambda w, t: (t.token,)),
    Page("survey_thanks", "anonymous", lambda w, t: (t.token,)),
    Page("my_account", "pm"),
    Page("export_list", "pm"),
    Page("password_change", "pm"),
    Page("password_change_done", "pm"),
    Page("second_factor_enrol", "pm"),
    Page("reauthenticate", "admin"),
    # People (the administrator).
    Page("account_list", "admin"),
    Page("account_invite", "admin"),
    Page("account_detail", "admin", lambda w, t: (w.leader.pk,)),
    Page("account_detail", "admin", lambda w, t: (w.client.pk,)),
    Page("webhook_list", "admin"),
    Page("webhook_register", "admin"),
    Page("webhook_detail", "admin", lambda w, t: (t.webhook,)),
    Page("webhook_change", "admin", lambda w, t: (t.webhook,)),
    Page("person_records", "admin", lambda w, t: (w.leader.pk,)),
    Page("qualification_add", "admin", lambda w, t: (w.leader.pk,)),
    Page("declaration_add", "admin", lambda w, t: (w.leader.pk,)),
    Page("person_conflicts", "admin", lambda w, t: (w.leader.pk,)),
    Page("certification_body", "admin"),
    # Organisations, their record and applications.
    Page("organisation_list", "pm"),
    Page("organisation_create", "pm"),
    Page("organisation_detail", "pm", ORG),
    Page("organisation_detail", "client", ORG),
    Page("organisation_edit", "pm", ORG),
    Page("contact_add", "pm", ORG),
    Page("contact_edit", "pm", lambda w, t: (w.alpha.pk, t.contact)),
    Page("site_add", "pm", ORG),
    Page("site_edit", "pm", lambda w, t: (w.alpha.pk, w.site.pk)),
    Page("service_add", "pm", ORG),
    Page("service_edit", "pm", lambda w, t: (w.alpha.pk, w.service.pk)),
    Page("qms_certificate_add", "pm", ORG),
    Page("qms_certificate_edit", "pm", lambda w, t: (w.alpha.pk, t.qms_certificate)),
    Page("organisation_user_invite", "pm", ORG),
    Page("application_list", "pm"),
    Page("application_create", "client", ORG),
    Page("application_detail", "pm", lambda w, t: (t.application,)),
    Page("application_detail", "client", lambda w, t: (t.refused_application,)),
    Page("application_refuse", "pm", lambda w, t: (t.application,)),
    # Projects and their sheets.
    Page("dashboard", "pm"),
    Page("project_list", "pm"),
    Page("project_create", "pm"),
    Page("project_detail", "pm", P),
    Page("project_detail", "leader", P),
    Page("project_detail", "client", P),
    Page("project_detail", "pm", B),
    Page("project_detail", "beta_client", B),
    Page("project_detail", "reviewer", lambda w, t: (t.awaiting_review,)),
    Page("project_detail", "decider", lambda w, t: (t.awaiting_decision,)),
    Page("project_edit", "pm", P),
    Page("project_state_confirm", "pm", lambda w, t: (w.project.pk, "cancelled")),
    Page("project_team", "pm", P),
    Page("project_audit", "pm", P),
    Page("project_audit", "pm", B),
    Page("evaluation_create", "leader", P),
    Page("evaluation_edit", "leader", lambda w, t: (w.project.pk, t.evaluation)),
    Page("maturity_edit", "leader", P),
    Page("evaluation_import", "leader", P),
    Page("blueprint_edit", "leader", lambda w, t: (w.project.pk, w.site.pk, w.service.pk)),
    Page("checklist", "leader", lambda w, t: (w.project.pk, "qms")),
    Page("checklist", "leader", lambda w, t: (w.project.pk, "specific")),
    Page("checklist_verdict", "leader", lambda w, t: (w.project.pk, "qms", "8.5.1")),
    Page("project_exemption", "leader", P),
    Page("self_assessment", "client"),
    Page("self_evaluation_create", "client"),
    Page("self_evaluation_edit", "client", lambda w, t: (t.self_evaluation,)),
    Page("self_maturity_edit", "client"),
    # Findings, review, decision, certificates, complaints.
    Page("nonconformity_list", "leader", P),
    Page("nonconformity_create", "leader", P),
    Page("nonconformity_detail", "leader", lambda w, t: (w.project.pk, t.answered_nc)),
    Page("nonconformity_detail", "client", lambda w, t: (w.project.pk, t.open_nc)),
    Page("snapshot_list", "pm", B),
    Page("snapshot_detail", "pm", lambda w, t: (w.beta_project.pk, 1)),
    Page("project_review", "reviewer", lambda w, t: (t.awaiting_review,)),
    Page("project_decision", "decider", lambda w, t: (t.awaiting_decision,)),
    Page("decision_detail", "pm", lambda w, t: (w.beta_project.pk, 1)),
    Page("certificate_list", "pm"),
    Page("certificate_detail", "pm", lambda w, t: (t.certificate,)),
    Page("certificate_suspend", "pm", lambda w, t: (t.certificate,)),
    Page("certificate_issue", "pm", lambda w, t: (t.granted_decision,)),
    Page("certificate_withdraw", "pm", lambda w, t: (t.certificate,)),
    Page("certificate_follow_up", "pm", lambda w, t: (t.certificate,)),
    Page("complaint_list", "pm"),
    Page("complaint_create", "pm"),
    Page("complaint_detail", "pm", lambda w, t: (t.complaint,)),
    Page("complaint_detail", "auditor_off", lambda w, t: (t.complaint,)),
    Page("complaint_detail", "pm", lambda w, t: (t.closed_complaint,)),
    # Surveys.
    Page("survey_list", "pm", P),
    Page("survey_create", "pm", P),
    Page("survey_detail", "pm", SURVEY),
    Page("survey_review", "leader", SURVEY),
    Page("survey_import", "leader", SURVEY),
    Page("survey_detail", "pm", lambda w, t: (t.closed_survey,)),
    Page("survey_review", "leader", lambda w, t: (t.closed_survey,)),
    Page("survey_accept", "pm", lambda w, t: (t.closed_survey,)),
    # The report to the regulator (the administrators'): this month's rows are the world's plans.
    Page("regulator_periods", "admin"),
    Page("regulator_period", "admin", lambda w, t: (f"{timezone.localdate():%Y-%m}",)),
    Page("regulator_codes", "admin"),
    # What the body learns across clients (beta's project is decided: its benchmark's notice).
    Page("insights", "reviewer"),
    Page("insights_organisation", "pm", ORG),
    Page("project_benchmark", "beta_client", B),
    Page("project_benchmark", "pm", P),
]

# Routes that are no page to read, and why.
NOT_PAGES = {
    "healthz": "a health probe, no words",
    "readyz": "a readiness probe for the balancer",
    "metrics": "figures for Prometheus, behind a token",
    "csp_report": "receives the browser's reports",
    "set_language": "POST only: the switch itself",
    "logout": "POST only",
    "favicon": "the site's icon",
    "password_reset_confirm": "needs a mailed token (the form is password_change's)",
    "invitation_accept": "needs a mailed token",
    "second_factor_verify": "needs an enrolled device",
    "access_token_create": "POST only: the new token's page is read in accounts/test_access_tokens",
    **{
        name: "POST only: an action, its outcome shown on the page it returns to"
        for name in (
            "account_role",
            "account_deactivate",
            "account_reactivate",
            "account_unlock",
            "account_second_factor_reset",
            "account_invitation_resend",
            "webhook_secret",
            "webhook_test",
            "qualification_remove",
            "declaration_remove",
            "conflict_remove",
            "access_token_revoke",
            "application_review",
            "evaluation_import_confirm",
            "nonconformity_answer",
            "contact_delete",
            "site_delete",
            "service_delete",
            "qms_certificate_delete",
            "evaluation_preview",
            "evaluation_delete",
            "maturity_preview",
            "self_evaluation_preview",
            "self_evaluation_delete",
            "self_maturity_preview",
            "project_state",
            "nonconformity_review",
            "nonconformity_close",
            "certificate_reinstate",
            "complaint_assign",
            "complaint_acknowledge",
            "complaint_close",
            "survey_state",
            "survey_response_review",
            "survey_responses_review",
            "regulator_collect",
            "regulator_mark",
            "export_register",
            "export_certificates",
        )
    },
    **{
        name: "a file (PDF or workbook), with its own language tests"
        for name in (
            "project_report",
            "project_export",
            "register_export",
            "export_download",
            "certificate_pdf",
            "survey_poster",
            "survey_template",
            "evaluation_template",
            "evidence_download",
            "self_evidence_download",
            "checklist_evidence",
            "nonconformity_file",
            "regulator_file",
            "declaration_file",
            "insights_export",
        )
    },
}


def reader(world, who: str, lang: str) -> Client:
    http = Client()
    if who != "anonymous":
        http.force_login(world.users()[who])
    http.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return http


def test_the_checks_find_what_they_should():
    failures, _tried = doctest.testmod(language_check)
    assert failures == 0


def test_every_route_is_read_in_both_languages_or_said_why_not():
    walked = {page.name for page in PAGES}
    missing = url_names() - walked - NOT_PAGES.keys()
    assert not missing, f"add these to PAGES (or NOT_PAGES, with the reason): {sorted(missing)}"
    assert not walked & NOT_PAGES.keys()


@pytest.fixture
def everything():
    return build_everything()


def faults_of(response, where: str, lang: str, known: list[str]) -> list[str]:
    if response.status_code != 200:
        return [f"{where} [{lang}]: status {response.status_code}, not the page"]
    html = response.content.decode()
    return [f"{where} [{lang}]: {sentence}" for sentence in offences(html, lang, known)]


def test_every_page_speaks_the_readers_language(everything):
    world, things = everything
    known = known_texts()
    faults = []
    for page in PAGES:
        url = page.url(world, things)
        for lang in LANGUAGES:
            response = reader(world, page.who, lang).get(url)
            faults += faults_of(response, f"{url} ({page.name}, as {page.who})", lang, known)
    for url_of, who in ERROR_PAGES:
        url = url_of(world)
        for lang in LANGUAGES:
            response = reader(world, who, lang).get(url)
            assert response.status_code == 404, url
            faults += faults_of_page(response, f"{url} (not found, as {who})", lang, known)
    assert not faults, f"{len(faults)} sentence(s) in the wrong language:\n" + "\n".join(faults)


def dangling_descriptions(html: str) -> list[str]:
    """The ids an ``aria-describedby`` names that no element of the page carries: a screen
    reader then reads no help at all (Django names the help text of every field with one)."""
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    named = re.findall(r'aria-describedby="([^"]+)"', html)
    return [i for names in named for i in names.split() if i not in ids]


def test_every_help_text_a_field_points_at_is_on_its_page(everything):
    world, things = everything
    example = '<input aria-describedby="a_helptext b"><p id="a_helptext">x</p>'
    assert dangling_descriptions(example) == ["b"]
    faults = []
    for page in PAGES:
        url = page.url(world, things)
        response = reader(world, page.who, "zh-hans").get(url)
        if response.status_code == 200:
            missing = dangling_descriptions(response.content.decode())
            faults += [f"{url} ({page.name}): {i}" for i in missing]
    assert not faults, "\n".join(faults)


# Pages a person may land on by mistake: an unknown address, a project outside their reach.
ERROR_PAGES = [
    (lambda w: "/no/such/page/", "anonymous"),
    (lambda w: reverse("project_detail", args=(w.beta_project.pk,)), "client"),
]


# --- the core's and the workbook reader's problems, in the reader's language


def test_every_problem_is_worded_in_both_languages():
    assert {frozenset(t) for t in MESSAGES.values()} == {frozenset(LANGUAGES)}
    assert all(t["zh-hans"].strip() and t["en"].strip() for t in MESSAGES.values())
    # A location word missing in English falls back to its key, an English word already.
    assert set(WHERE["en"]) <= set(WHERE["zh-hans"])


def _bad_workbook():
    """Sheet E2 gives α 1.5 for item 2.2 (row 14: the header takes rows 1–9, 2.2 is the
    5th item) and both α 0.9 and Likert level 4 for item 3.1 (the 7th item, row 16)."""
    alphas = {i: 0.9 for i in ITEMS} | {"2.2": 1.5}
    upload = workbook(
        {
            "E1": {"id": "W1", "alpha": {i: 1 for i in ITEMS}},
            "E2": {"id": "W2", "alpha": alphas, "likert": {"3.1": 4}},
        }
    )
    return upload


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh-hans",
            [
                "工作表 E2 第 14 行（第 2.2 项）：α 1.5 不在 [0, 1] 范围内",
                "工作表 E2 第 16 行（第 3.1 项）：同时给出了 α 0.9 和李克特等级 4：只能填写一项",
            ],
        ),
        (
            "en",
            [
                "sheet E2 row 14 (item 2.2): α 1.5 is outside [0, 1]",
                "sheet E2 row 16 (item 3.1): gives both α 0.9 and Likert level 4: fill only one",
            ],
        ),
    ],
)
def test_a_bad_workbook_is_refused_in_the_readers_language(world, lang, expected):
    response = reader(world, "leader", lang).post(
        reverse("evaluation_import", args=(world.project.pk,)), {"file": _bad_workbook()}
    )
    assert response.status_code == 200
    problems = [" ".join(li.split()) for li in _list_items(response, "problems")]
    assert problems == expected
    faults = faults_of(response, "evaluation_import (a bad workbook)", lang, known_texts())
    assert not faults, "\n".join(faults)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_import_preview_speaks_the_readers_language(world, lang):
    """What a workbook would change, shown before anything is stored (import_preview.html)."""
    add_evaluation(world.project.assessment, world.leader, code="E1")
    upload = workbook(
        {
            "E1": {"id": "E1", "alpha": {i: 0.5 for i in ITEMS}},
            "E2": {"id": "W2", "alpha": {i: 1 for i in ITEMS}},
        },
        levels={"4.1": 3},
    )
    response = reader(world, "leader", lang).post(
        reverse("evaluation_import", args=(world.project.pk,)), {"file": upload}
    )
    assert response.status_code == 200
    assert 'name="token"' in response.content.decode()  # the preview, waiting for confirmation
    known = [upload.name, *known_texts()]  # the file's name is the uploader's, not stored
    faults = faults_of(response, "evaluation_import (the preview)", lang, known)
    assert not faults, "\n".join(faults)


def _list_items(response, box_class: str) -> list[str]:
    html = response.content.decode()
    box = html.split(f'class="card error {box_class}"', 1)[1].split("</ul>", 1)[0]
    return [sentence for sentence in re.findall(r"<li>(.*?)</li>", box, re.S)]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("zh-hans", "α 1.5 不在 [0, 1] 范围内"), ("en", "α 1.5 is outside [0, 1]")],
)
def test_a_sheet_typed_on_screen_is_refused_in_the_readers_language(world, lang, expected):
    change_state(actor=world.leader, project=world.project, to=Project.State.IN_PROGRESS)
    data = sheet(alpha={"1.1": "1.5"}, code="E9", evaluator="李明", date="2026-05-11")
    response = reader(world, "leader", lang).post(
        reverse("evaluation_create", args=(world.project.pk,)), data
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert expected in page
    assert not world.project.assessment.evaluations.exists()
    faults = faults_of(response, "evaluation_create (α 1.5)", lang, known_texts())
    assert not faults, "\n".join(faults)


# --- one word for one act


def _seen(world, who: str, url: str, lang: str) -> list[str]:
    response = reader(world, who, lang).get(url)
    assert response.status_code == 200, url
    return [s.rstrip(":：") for s in language_check.sentences_in(response.content.decode(), lang)]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "zh-hans",
            {
                "application": ("申请评审", "接受申请", "不予接受申请…"),
                "review": ("记录技术评审",),
                "decision": ("记录认证决定",),
                "responses": ("记录审核结论",),
                "closed survey": ("接受调查：已纳入的答卷计入得分…", "重新开启调查"),
            },
        ),
        (
            "en",
            {
                "application": ("Review", "Accept the application", "Refuse the application…"),
                "review": ("Record the review",),
                "decision": ("Record the decision",),
                "responses": ("Record the decision",),
                "closed survey": (
                    "Accept the survey: its included responses count…",
                    "Reopen the survey",
                ),
            },
        ),
    ],
)
def test_each_act_is_named_by_its_own_words(everything, lang, words):
    """The application review is not a certification decision, nor a survey answer's review."""
    world, t = everything
    pages = {
        "application": ("pm", reverse("application_detail", args=(t.application,))),
        "review": ("reviewer", reverse("project_review", args=(t.awaiting_review,))),
        "decision": ("decider", reverse("project_decision", args=(t.awaiting_decision,))),
        "responses": ("leader", reverse("survey_review", args=(t.survey,))),
        "closed survey": ("pm", reverse("survey_detail", args=(t.closed_survey,))),
    }
    for page, expected in words.items():
        seen = _seen(world, *pages[page], lang)
        assert set(expected) <= set(seen), (page, lang, "|".join(seen))
    if lang == "zh-hans":
        assert not {"认证决定", "记录认证决定", "记录技术评审"} & set(
            _seen(world, *pages["application"], lang)
        )
        assert "记录认证决定" not in _seen(world, *pages["responses"], lang)


# --- every form sent back with nothing filled in: its refusal in the reader's language


def test_every_form_sent_empty_is_refused_in_the_readers_language(everything):
    """Each page's own form posted empty (rolled back whatever it does): the page shown
    again says what is missing in the reader's language."""
    world, things = everything
    known = known_texts()
    faults, refused = [], 0
    for page in PAGES:
        if page.who == "anonymous" or page.name in SENT_EMPTY_ELSEWHERE:
            continue
        url = page.url(world, things)
        for lang in LANGUAGES:
            http = reader(world, page.who, lang)
            if not _posts_to_itself(http.get(url).content.decode(), url):
                break
            with undone():
                response = http.post(url, {})
            if response.status_code in (200, 400, 409):
                refused += 1
                where = f"POST {url} ({page.name}, as {page.who}, empty)"
                faults += faults_of_page(response, where, lang, known)
    assert refused >= 30  # the walk reached the forms
    assert not faults, f"{len(faults)} sentence(s) in the wrong language:\n" + "\n".join(faults)


# Forms whose empty post is a log-in check (read by their own tests), and the blueprint's
# formset, whose empty post is a tampered request answered in Django's own words.
SENT_EMPTY_ELSEWHERE = {
    "reauthenticate",
    "password_change",
    "second_factor_enrol",
    "blueprint_edit",
}


def _posts_to_itself(html: str, url: str) -> bool:
    return bool(
        re.search(rf'<form[^>]*method="post"(?![^>]*action=)|action="{re.escape(url)}"', html)
    )


def faults_of_page(response, where: str, lang: str, known: list[str]) -> list[str]:
    html = response.content.decode()
    return [f"{where} [{lang}]: {sentence}" for sentence in offences(html, lang, known)]
