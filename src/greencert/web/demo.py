"""Demo data for ``greencert demo``: organisations, people and projects whose
sheets give different grades (including one that is not certified), and for
every role something in its worklist: a new application, a project to plan,
sheets half filled, nonconformities awaiting the client's answer and the
auditor's verification, an open survey with answers (some flagged), a review
and a decision waiting, a certificate to issue, a surveillance falling due and
an open complaint.

Figures are deterministic (a seeded generator); only the demo passwords and the
TOTP secrets of the roles that need a second factor are random, made on first
load and kept in the data folder, never in the code.
"""

from __future__ import annotations

import datetime
import random
import secrets
import time
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from greencert.core.assessment_input import Reference
from greencert.core.ratings import Rating
from greencert.core.registry import default_scheme
from greencert.web.accounts import second_factor
from greencert.web.accounts.models import Role, User
from greencert.web.certification.models import Certificate
from greencert.web.certification.services import (
    certificates,
    complaints,
    decisions,
    nonconformities,
)
from greencert.web.certification.services.project_states import change_state
from greencert.web.clients.models import (
    Application,
    Exemption,
    Organisation,
    QmsCertificate,
    Service,
    Site,
)
from greencert.web.demo_records import (
    complete_records,
    date_history,
    load_staff_records,
    organisation_facts,
)
from greencert.web.projects.checklists import KINDS, pinned_checklist
from greencert.web.projects.models import Project, TeamMember
from greencert.web.projects.services.checklists import record_verdict
from greencert.web.projects.services.projects import create_project
from greencert.web.projects.services.sheets import save_evaluation, save_maturity
from greencert.web.projects.services.team import add_team_member
from greencert.web.regulator import services as regulator
from greencert.web.surveys import services as surveys
from greencert.web.surveys.inbox import drain_waiting
from greencert.web.surveys.public_form import Ticket
from greencert.web.surveys.submission import device_key, network_of, submit_online

LOGINS_FILE = "demo-logins.txt"

PEOPLE = [
    (Role.ADMIN, "admin", "系统管理员"),
    (Role.PROJECT_MANAGER, "pm", "王芳"),
    (Role.AUDITOR, "auditor", "李明"),
    (Role.AUDITOR, "auditor2", "陈静"),
    (Role.TECHNICAL_REVIEWER, "reviewer", "赵强"),
    (Role.DECISION_MAKER, "decider", "周春阳"),
]

# name, USCC (valid GB 32100 check characters), address, site names, service, target figures
ORGANISATIONS = [
    (
        "绿源物业服务有限公司",
        "91360100MA35K0XXXP",
        "江西省南昌市红谷滩区丰和中大道 1 号",
        ["红谷滩服务中心", "青山湖服务点"],
        "绿色物业服务",
        dict(service=96, levels=4, state="in_progress"),
    ),
    (
        "赣江酒店管理有限公司",
        "91110000600037341L",
        "江西省南昌市东湖区八一大道 88 号",
        ["八一大道店"],
        "绿色酒店住宿服务",
        # In the middle of its evaluation: two evaluations, half the maturity sheet, no checklist.
        dict(service=92, levels=3, state="in_progress", partial=True),
    ),
    (
        "庐山旅游服务有限公司",
        None,
        "江西省九江市庐山市牯岭镇河东路 6 号",
        ["牯岭游客中心"],
        "绿色旅游接待服务",
        # The demo's one site where the auditor and the mystery shopper disagree on which items
        # are better (each rated on a profile of their own): the reviewer finds it flagged.
        dict(service=84, levels=2, state="evaluation_complete", disagree=True),
    ),
    (
        "景德镇陶瓷文化服务有限公司",
        None,
        "江西省景德镇市珠山区陶阳路 12 号",
        ["陶溪川体验馆"],
        "陶瓷文化体验服务",
        # Reviewed and recommended: the decision maker's to take, and one to grant (AAA: every α
        # within ±0.06 of 0.87, so the service score is at least 81.0; every clause 二级 or 三级).
        dict(service=87, levels=2, state="under_review"),
    ),
    (
        "九江长江物流有限公司",
        None,
        "江西省九江市濂溪区港口大道 30 号",
        ["城西仓储中心"],
        "绿色仓储物流服务",
        dict(service=None, levels=None, state="planned"),
    ),
]


def _uscc(index: int) -> str:
    """A valid code for organisations whose real code the demo does not know."""
    from stdnum.cn import uscc

    base = f"9136040{index:02d}MA3{index:02d}XY0"[:17]
    return base + uscc.calc_check_digit(base)


# How far a site's items stand from the project's target, and how far one rater's sheet strays
# from the site (in hundredths of α).  Everyone who rates a site sees the same strong and weak
# items: raters of one site agree (Krippendorff's α well above 0.67), as real raters mostly do.
SITE_SPREAD = 5
RATER_NOISE = {"auditor": 1, "mystery_shopper": 1, "customer": 2}


def _profile(rng: random.Random, target: int) -> dict[str, int]:
    """A site's items, in hundredths of α, scattered around *target* (deterministic for a seed)."""
    spread = SITE_SPREAD
    return {
        i: min(100, max(0, target + rng.randint(-spread, spread))) for i in default_scheme().items
    }


def _alphas(
    rng: random.Random, profile: dict[str, int], target: int, source: str
) -> dict[str, Decimal]:
    """One rater's α values: the site's *profile* and a little noise of the rater's own, kept
    in the item's Likert band (so raters agree on the level too) and within ±6 of *target*."""
    scheme = default_scheme()
    out = {}
    for item_id, base in profile.items():
        noise = RATER_NOISE[source]
        value = min(target + 6, max(target - 6, base + rng.randint(-noise, noise)))
        value = min(100, max(0, value))
        if scheme.band_of(Decimal(value) / 100) != scheme.band_of(Decimal(base) / 100):
            value = base
        out[item_id] = Decimal(value) / 100
    return out


def _evaluator(source: str, n: int, organisation: Organisation) -> str:
    """Who filled in a sheet without an account: a mystery shopper is one person per
    organisation (a letter of their own), a customer a number on the sheet."""
    if source == "mystery_shopper":
        names = [entry[0] for entry in ORGANISATIONS + CERTIFIED]
        return f"神秘顾客 {chr(ord('A') + names.index(organisation.name))}"
    return f"顾客 {n:03d}"


def _levels(rng: random.Random, level: int) -> dict[str, dict]:
    scheme = default_scheme()
    return {
        cid: {"level": min(5, max(1, level + rng.choice((0, 0, 0, 1)))), "note": ""}
        for cid in scheme.clauses
    }


def load_demo(data_dir: Path) -> list[tuple[str, str, str, str]]:
    """Load the demo data once; return (role, username, password, TOTP secret or "") for
    each demo login."""
    logins_path = Path(data_dir) / LOGINS_FILE
    if logins_path.exists() and User.objects.filter(username="admin").exists():
        rows = [line.split("\t") for line in logins_path.read_text().splitlines() if line]
        return [tuple([*row, ""][:4]) for row in rows]  # files of older demos had no secret
    with transaction.atomic():
        logins = _create(random.Random(2026))
    logins_path.write_text("".join("\t".join(row) + "\n" for row in logins))
    logins_path.chmod(0o600)
    return logins


def _create(rng: random.Random) -> list[tuple[str, str, str]]:
    logins = []
    users = {}
    for role, username, name in PEOPLE:
        password = secrets.token_urlsafe(9)
        users[username] = User.objects.create_user(
            username=username,
            password=password,
            role=role,
            display_name=name,
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
        )
        secret = _enrol_second_factor(users[username])
        # The role is shown in the active language.
        logins.append((str(Role(role).label), username, password, secret))
    today = datetime.date.today()
    load_staff_records(users, today)
    for index, entry in enumerate(ORGANISATIONS):
        _load_organisation(rng, users, index, entry, today)
    client_org = Organisation.objects.get(name=ORGANISATIONS[0][0])
    password = secrets.token_urlsafe(9)
    client_user = User.objects.create_user(
        username="client",
        password=password,
        role=Role.CLIENT,
        organisation=client_org,
        display_name="绿源物业 质量部",
    )
    logins.append((str(Role.CLIENT.label), "client", password, ""))
    load_certificates(rng, users, today)
    load_work_in_hand(rng, users, client_user, today)
    complete_records(today)
    date_history(today)
    # The report to the regulator brought up to date, as the daily run would have done it.
    regulator.collect(actor=users["admin"], today=today)
    return logins


def _enrol_second_factor(user: User) -> str:
    """For a role that needs one, an authenticator already enrolled, so that the demo
    prints its secret (typed into an authenticator app) beside the password; else ""."""
    if user.role not in settings.SECOND_FACTOR_ROLES:
        return ""
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return second_factor.secret_base32(device)


def _load_organisation(rng: random.Random, users: dict, index: int, entry, today) -> None:
    """One organisation of the demo, its accepted application and its project as far as *plan*."""
    name, code, address, site_names, service_name, plan = entry
    pm, lead, second = users["pm"], users["auditor"], users["auditor2"]
    org = Organisation.objects.create(
        name=name, address=address, uscc=code or _uscc(index), **organisation_facts(name)
    )
    sites = [Site.objects.create(organisation=org, name=s, address=address) for s in site_names]
    service = Service.objects.create(organisation=org, name=service_name)
    if index == 0:
        QmsCertificate.objects.create(
            organisation=org,
            number="00126Q31234R2M",
            issuer="中国质量认证中心",
            accredited=True,
            valid_from=today - datetime.timedelta(days=400),
            valid_until=today + datetime.timedelta(days=700),
            exemption=Exemption.PARTIAL,
            exemption_reason="持有有效的认可 GB/T 19001 证书，风险评估后免除通用质量管理体系部分审核。",
        )
    application = Application.objects.create(
        organisation=org,
        scope=service_name,
        status=Application.Status.ACCEPTED,
        reviewed_by=pm,
        review_reason="范围清晰，资料齐全。",
    )
    application.services.set([service])
    application.sites.set(sites)
    start = today - datetime.timedelta(days=30 - 5 * index)
    project = create_project(
        actor=pm,
        organisation=org,
        application=application,
        kind=Project.Kind.INITIAL,
        scope=service_name,
        planned_start=start,
        planned_end=start + datetime.timedelta(days=3),
        sites=sites,
        services=[service],
    )
    add_team_member(actor=pm, project=project, user=lead, role=TeamMember.Role.LEADER)
    add_team_member(actor=pm, project=project, user=second, role=TeamMember.Role.EVALUATOR)
    if plan["state"] != "planned":
        change_state(actor=lead, project=project, to=Project.State.IN_PROGRESS)
    if plan["service"] is not None:
        _fill_sheets(rng, lead, project, sites, start, plan)
    if plan["state"] in ("evaluation_complete", "under_review"):
        change_state(actor=lead, project=project, to=Project.State.EVALUATION_COMPLETE)
    if plan["state"] == "under_review":
        project.refresh_from_db()
        decisions.review(
            actor=users["reviewer"], project=project, outcome="recommend", comment="资料完整。"
        )


def _fill_sheets(rng: random.Random, lead, project, sites, start, plan) -> None:
    """Four evaluations (auditor, mystery shopper, two customers) and the maturity sheet."""
    assessment = project.assessment
    scheme = default_scheme()
    sources = ["auditor", "mystery_shopper", "customer", "customer"]
    if plan.get("partial"):
        sources = sources[:2]
    profiles = {}
    for n, source in enumerate(sources, start=1):
        site = sites[n % len(sites)]
        if site.pk not in profiles or (plan.get("disagree") and source == "mystery_shopper"):
            profiles[site.pk] = _profile(rng, plan["service"])
        alphas = _alphas(rng, profiles[site.pk], plan["service"], source)
        save_evaluation(
            actor=lead,
            assessment=assessment,
            header={
                "code": f"E{n}",
                "evaluator": (
                    lead.display_name
                    if source == "auditor"
                    else _evaluator(source, n, project.organisation)
                ),
                "rater": lead if source == "auditor" else None,
                "date": start + datetime.timedelta(days=1),
                "site": site,
                "source": source,
            },
            ratings={i: Rating.of_alpha(a, scheme) for i, a in alphas.items()},
        )
    levels = _levels(rng, plan["levels"])
    if plan.get("partial"):
        levels = dict(list(levels.items())[: len(levels) // 2])
    save_maturity(
        actor=lead,
        assessment=assessment,
        levels=levels,
        expected_version=assessment.maturity_version,
    )
    if not plan.get("partial"):
        _judge_checklists(lead, assessment, start + datetime.timedelta(days=1))


# The one GB/T 19001 row the demo organisations leave out of scope: they provide their services
# to set standards and design none (§4.2.1; an auditor records why).
OUT_OF_SCOPE = {("qms", "8.3"): "服务按既定服务规范提供，组织不从事服务的设计和开发"}


def _judge_checklists(auditor, assessment, day: datetime.date) -> None:
    """Both checklist audits of the assessment judged: every row conforms but the one above."""
    for kind in KINDS:
        for clause_id in pinned_checklist(assessment, kind).clauses:
            reason = OUT_OF_SCOPE.get((kind, clause_id), "")
            record_verdict(
                actor=auditor,
                assessment=assessment,
                kind=kind,
                clause_id=clause_id,
                verdict="out_of_scope" if reason else "conforms",
                reason=reason,
                date=day,
                expected_version=0,
            )


# Certified organisations: name, address, site, service, target service figure, maturity
# level, days since the grant, what became of the certificate.
CERTIFIED = [
    (
        "南昌绿色家政服务有限公司",
        "江西省南昌市西湖区孺子路 20 号",
        "西湖服务站",
        "绿色家政服务",
        dict(service=94, levels=3, granted_days_ago=340, story="valid"),
    ),
    (
        "婺源乡村旅游服务有限公司",
        "江西省上饶市婺源县紫阳镇文公南路 8 号",
        "江湾游客中心",
        "乡村旅游接待服务",
        dict(service=88, levels=3, granted_days_ago=400, story="suspended"),
    ),
    (
        "赣州客家文化旅游服务有限公司",
        "江西省赣州市章贡区文清路 16 号",
        "郁孤台游客中心",
        "文化旅游讲解服务",
        # Two surveillances done (reissued twice); expires within 90 days.
        dict(service=92, levels=3, granted_days_ago=1060, story="surveilled"),
    ),
    (
        "萍乡城市公交服务有限公司",
        "江西省萍乡市安源区建设中路 5 号",
        "安源公交枢纽",
        "城市公交客运服务",
        # Granted more than 3 years ago and never renewed: expired (derived from the date).
        dict(service=90, levels=3, granted_days_ago=1200, story="expired"),
    ),
    (
        "宜春温泉康养服务有限公司",
        "江西省宜春市袁州区明月山温泉镇 3 号",
        "温汤康养中心",
        "温泉康养服务",
        # Decided last week: the certificate waits to be issued.
        dict(service=94, levels=3, granted_days_ago=7, story="to_issue"),
    ),
    # Five certified property managers: enough peers (insights.selectors.MIN_PEERS) for the
    # client's organisation, of the same sector, to see where its items stand.
    (
        "南昌洪城物业管理有限公司",
        "江西省南昌市青山湖区洪都北大道 66 号",
        "洪城小区服务中心",
        "绿色物业服务",
        dict(service=93, levels=3, granted_days_ago=60, story="valid"),
    ),
    (
        "新建区康居物业服务有限公司",
        "江西省南昌市新建区长堎大道 12 号",
        "康居花园服务中心",
        "绿色物业服务",
        dict(service=89, levels=3, granted_days_ago=110, story="valid"),
    ),
    (
        "青云谱宜家物业服务有限公司",
        "江西省南昌市青云谱区井冈山大道 9 号",
        "宜家社区服务站",
        "绿色物业服务",
        dict(service=91, levels=3, granted_days_ago=160, story="valid"),
    ),
    (
        "赣州章江物业服务有限公司",
        "江西省赣州市章贡区章江路 21 号",
        "章江新区服务中心",
        "绿色物业服务",
        dict(service=95, levels=4, granted_days_ago=210, story="valid"),
    ),
    (
        "上饶信江物业服务有限公司",
        "江西省上饶市信州区信江东路 7 号",
        "信江花苑服务中心",
        "绿色物业服务",
        dict(service=87, levels=3, granted_days_ago=260, story="valid"),
    ),
]

# The client's organisation already holds a certificate for another of its services (granted
# some months ago), so that its own benchmark among its peers has figures to show.
CLIENT_CERTIFIED = (
    "红谷滩服务中心",
    "绿色保洁服务",
    dict(service=93, levels=3, granted_days_ago=150),
)


def _assess_and_decide(rng, users, project, sites, day: datetime.date, plan: dict):
    """Sheets, evaluation complete, review and a decision granting the computed grade on *day*."""
    lead, second = users["auditor"], users["auditor2"]
    scheme = default_scheme()
    add_team_member(actor=users["pm"], project=project, user=lead, role=TeamMember.Role.LEADER)
    add_team_member(actor=users["pm"], project=project, user=second, role=TeamMember.Role.EVALUATOR)
    change_state(actor=lead, project=project, to=Project.State.IN_PROGRESS)
    profile = _profile(rng, plan["service"])
    for n, source in enumerate(["auditor", "mystery_shopper", "customer"], start=1):
        alphas = _alphas(rng, profile, plan["service"], source)
        save_evaluation(
            actor=lead,
            assessment=project.assessment,
            header={
                "code": f"E{n}",
                "evaluator": (
                    lead.display_name
                    if source == "auditor"
                    else _evaluator(source, n, project.organisation)
                ),
                "rater": lead if source == "auditor" else None,
                "date": project.planned_start,
                "site": sites[0],
                "source": source,
            },
            ratings={i: Rating.of_alpha(a, scheme) for i, a in alphas.items()},
        )
    save_maturity(
        actor=lead,
        assessment=project.assessment,
        levels=_levels(rng, plan["levels"]),
        expected_version=project.assessment.maturity_version,
    )
    _judge_checklists(lead, project.assessment, project.planned_start)
    change_state(actor=lead, project=project, to=Project.State.EVALUATION_COMPLETE)
    project.refresh_from_db()
    decisions.review(
        actor=users["reviewer"],
        project=project,
        outcome="recommend",
        comment="资料完整，建议批准。",
    )
    project.refresh_from_db()
    grade = project.snapshots.order_by("-number").first().grade
    if not grade:  # the figures are seeded: this would be a mistake in the demo's plan
        raise RuntimeError(f"demo project {project.code} is not certifiable")
    return decisions.decide(
        actor=users["decider"], project=project, outcome="grant", grade=grade, decided_on=day
    )


def load_certificates(rng: random.Random, users: dict, today: datetime.date) -> None:
    """Certified organisations with valid, suspended, reissued and expired certificates.

    Everything goes through the services with explicit dates, as if it had
    happened then: the decision and the grant on the same day.
    """
    pm = users["pm"]
    _certify_client(rng, users, today)
    for index, (name, address, site_name, service_name, plan) in enumerate(CERTIFIED, start=10):
        org = Organisation.objects.create(
            name=name, address=address, uscc=_uscc(index), **organisation_facts(name)
        )
        site = Site.objects.create(organisation=org, name=site_name, address=address)
        service = Service.objects.create(organisation=org, name=service_name)
        granted = today - datetime.timedelta(days=plan["granted_days_ago"])
        decision = _granted_initial(rng, users, org, site, service, granted, plan)
        if plan["story"] == "to_issue":
            continue
        certificate = certificates.issue_certificate(
            actor=pm, decision=decision, granted_on=granted
        )
        if plan["story"] == "suspended":
            certificates.change_status(
                actor=pm,
                certificate=certificate,
                kind="suspended",
                reason="第 1 次监督审核逾期未实施，获证组织未能安排。",
            )
        elif plan["story"] == "surveilled":
            for visit in list(certificate.surveillance.order_by("sequence")):
                follow = certificates.start_follow_up(
                    actor=pm,
                    certificate=certificate,
                    kind=Project.Kind.SURVEILLANCE,
                    planned_start=visit.due_on - datetime.timedelta(days=14),
                    planned_end=visit.due_on - datetime.timedelta(days=12),
                    visit=visit,
                )
                decision = _assess_and_decide(rng, users, follow, [site], visit.due_on, plan)
                certificate = certificates.issue_certificate(
                    actor=pm, decision=decision, granted_on=visit.due_on
                )


def _certify_client(rng: random.Random, users: dict, today: datetime.date) -> None:
    """The client's organisation certified for one service, its certificate issued."""
    site_name, service_name, plan = CLIENT_CERTIFIED
    org = Organisation.objects.get(name=ORGANISATIONS[0][0])
    site = org.sites.get(name=site_name)
    service = Service.objects.create(organisation=org, name=service_name)
    granted = today - datetime.timedelta(days=plan["granted_days_ago"])
    decision = _granted_initial(rng, users, org, site, service, granted, plan)
    certificates.issue_certificate(actor=users["pm"], decision=decision, granted_on=granted)


def _granted_initial(rng, users: dict, org, site, service, granted: datetime.date, plan: dict):
    """An initial project of *service* at *site*, audited three weeks before *granted* and
    granted that day: its decision."""
    start = granted - datetime.timedelta(days=20)
    project = create_project(
        actor=users["pm"],
        organisation=org,
        kind=Project.Kind.INITIAL,
        scope=service.name,
        planned_start=start,
        planned_end=start + datetime.timedelta(days=2),
        sites=[site],
        services=[service],
    )
    return _assess_and_decide(rng, users, project, [site], granted, plan)


def load_work_in_hand(rng: random.Random, users: dict, client_user: User, today) -> None:
    """What waits on people today: findings on the client's project (one for its answer, one
    answered for the auditor to verify), an open survey there with answers, a new application
    and an open complaint."""
    project = Project.objects.get(
        organisation=client_user.organisation, state=Project.State.IN_PROGRESS
    )
    lead = users["auditor"]
    findings = [
        ("2.1", "服务承诺未在各服务点公示", "青山湖服务点未张贴服务承诺"),
        ("2.2", "顾客投诉处理记录不完整", "2 起投诉无处理结果记录"),
    ]
    raised = [
        nonconformities.raise_nonconformity(
            actor=lead,
            project=project,
            ref=Reference("clause", clause),
            severity="minor",
            description=description,
            evidence=evidence,
        )
        for clause, description, evidence in findings
    ]
    nonconformities.answer(
        actor=client_user,
        nc=raised[1],
        correction="已补齐两起投诉的处理记录",
        root_cause="投诉处理流程未要求记录处理结果",
        action_plan="修订投诉处理程序，增加结果记录与回访环节",
        due_date=today + datetime.timedelta(days=30),
    )
    _survey_with_answers(rng, users["pm"], project, today)
    hotel = Organisation.objects.get(name=ORGANISATIONS[1][0])
    dining = Service.objects.create(organisation=hotel, name="绿色餐饮服务")
    application = Application.objects.create(organisation=hotel, scope="绿色餐饮服务")
    application.services.set([dining])
    application.sites.set(hotel.sites.all())
    complaints.register(
        actor=users["pm"],
        kind="complaint",
        received_on=today - datetime.timedelta(days=3),
        complainant="住户 刘女士",
        subject="上门保洁未按约定时间到达",
        certificate=Certificate.objects.get(organisation_name=CERTIFIED[0][0]),
    )


# Answers of the demo survey: (device, seconds from the form shown to the answers sent).
# The same phone answering twice, and one questionnaire sent in seconds, are flagged.
SURVEY_ANSWERS = [("phone-1", 150), ("phone-2", 210), ("phone-2", 190), ("phone-3", 4)]
SURVEY_ANSWERS += [(f"phone-{n}", 120 + 9 * n) for n in range(4, 8)]


def _survey_with_answers(rng: random.Random, pm, project: Project, today) -> None:
    site = project.sites.order_by("id").first()
    survey = surveys.open_survey(
        actor=pm,
        project=project,
        site=site,
        opens_on=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=14),
    )
    items = list(default_scheme().items)
    for n, (phone, seconds) in enumerate(SURVEY_ANSWERS):
        post = {
            "ticket": Ticket(survey.pk, f"demo-{survey.pk}-{n}", time.time() - seconds).dumps(),
            "comment": "",
            "website": "",
        } | {f"q_{item}": str(rng.choice((3, 4, 4, 5))) for item in items}
        submit_online(
            token=survey.token,
            post=post,
            device=device_key(f"greencert-demo-device-{phone}"),  # a cookie of 20–64 characters
            network=network_of(f"10.{n}.0.7"),
        )
    drain_waiting([survey.pk])
