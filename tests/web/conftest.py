"""Personas for the web tests (healthchecks' hc/test.py idea), set up once per test.

Two organisations: *alpha* (with a project whose team has ``leader`` and
``evaluator``) and *beta* (with a project nobody of that team is on).
One person per role, plus outsiders: ``auditor_off`` (an auditor on no
team) and ``beta_client`` (a client user of the other organisation).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.core.cache import cache

from greencert.web.accounts.models import ImpartialityDeclaration, Qualification, Role, User
from greencert.web.clients.models import Organisation, Service, Site
from greencert.web.projects.models import Project, TeamMember
from greencert.web.projects.services.projects import create_project
from greencert.web.projects.services.team import add_team_member
from tests.web.matrix import PERSONAS


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: what one test remembered (a rate limit, a count
    in the navigation) must not answer for the next, whose rows may take the same ids."""
    cache.clear()
    yield
    cache.clear()


PASSWORD = "correct horse battery staple"
# Valid 统一社会信用代码 (GB 32100 check characters verified with python-stdnum).
USCC_ALPHA = "91360100MA35K0XXXP"
USCC_BETA = "91110000600037341L"


@dataclass
class World:
    admin: User
    pm: User
    leader: User
    evaluator: User
    auditor_off: User
    reviewer: User
    decider: User
    client: User
    beta_client: User
    alpha: Organisation
    beta: Organisation
    site: Site
    service: Service
    project: Project
    beta_project: Project

    def users(self) -> dict[str, User]:
        return {name: getattr(self, name) for name in PERSONAS}


# Staff are qualified for the scheme and declared impartial over every date the tests use, so
# that the assignment check (projects/assignment.py) lets them join teams; its own tests narrow it.
QUALIFIED_FROM = datetime.date(2020, 1, 1)
QUALIFIED_UNTIL = datetime.date(2035, 12, 31)


def make_user(username: str, role: str, organisation=None) -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        organisation=organisation,
        display_name=username.title(),
    )
    if role != Role.CLIENT:
        qualify(user)
    return user


def qualify(
    user: User,
    *,
    kind: str = Qualification.Kind.AUDITOR,
    valid_from: datetime.date = QUALIFIED_FROM,
    valid_until: datetime.date = QUALIFIED_UNTIL,
    declared: bool = True,
) -> Qualification:
    """A qualification for CTS TBSC041 and (if *declared*) an impartiality declaration."""
    if declared:
        ImpartialityDeclaration.objects.create(
            person=user, signed_on=valid_from, valid_until=valid_until, statement="公正性声明"
        )
    return Qualification.objects.create(
        person=user,
        kind=kind,
        registration_number=f"2020-GC-{user.pk:05d}",
        valid_from=valid_from,
        valid_until=valid_until,
        schemes="CTS TBSC041",
    )


@pytest.fixture
def world(db) -> World:
    return build_world()


def build_world() -> World:
    alpha = Organisation.objects.create(
        name="绿源服务有限公司", address="南昌市红谷滩区1号", uscc=USCC_ALPHA
    )
    beta = Organisation.objects.create(
        name="蓝天物业有限公司", address="北京市朝阳区2号", uscc=USCC_BETA
    )
    site = Site.objects.create(organisation=alpha, name="红谷滩服务中心", address="南昌市")
    service = Service.objects.create(organisation=alpha, name="绿色物业服务")
    beta_site = Site.objects.create(organisation=beta, name="朝阳网点")
    admin = make_user("admin", Role.ADMIN)
    pm = make_user("pm", Role.PROJECT_MANAGER)
    leader = make_user("leader", Role.AUDITOR)
    evaluator = make_user("evaluator", Role.AUDITOR)
    auditor_off = make_user("auditor_off", Role.AUDITOR)
    reviewer = make_user("reviewer", Role.TECHNICAL_REVIEWER)
    decider = make_user("decider", Role.DECISION_MAKER)
    client = make_user("client", Role.CLIENT, alpha)
    beta_client = make_user("beta_client", Role.CLIENT, beta)
    start = datetime.date(2026, 5, 10)
    project = create_project(
        actor=pm,
        organisation=alpha,
        kind=Project.Kind.INITIAL,
        scope="绿色物业服务",
        planned_start=start,
        planned_end=start + datetime.timedelta(days=3),
        sites=[site],
        services=[service],
    )
    add_team_member(actor=pm, project=project, user=leader, role=TeamMember.Role.LEADER)
    add_team_member(actor=pm, project=project, user=evaluator, role=TeamMember.Role.EVALUATOR)
    beta_project = create_project(
        actor=pm,
        organisation=beta,
        kind=Project.Kind.INITIAL,
        scope="物业服务",
        planned_start=start,
        planned_end=start,
        sites=[beta_site],
    )
    return World(
        admin,
        pm,
        leader,
        evaluator,
        auditor_off,
        reviewer,
        decider,
        client,
        beta_client,
        alpha,
        beta,
        site,
        service,
        project,
        beta_project,
    )
