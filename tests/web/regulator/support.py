"""A month of certification activity told day by day, for the regulator's report tests.

The story (every date chosen so each row's month and code can be worked out by hand):

- 2023-06-01  gamma's initial certification: certificate granted 2023-06-10, so it
  expires 2026-06-09 (3 years, the day before the anniversary) and is expired on 2026-06-10.
- 2026-05-20  the world's two initial projects are planned (alpha, beta): two audit plans in May.
- 2026-05-25  beta is granted and its certificate issued (report type 01) — May.
- 2026-06-01  the report is brought up to date and May is filed on 2026-06-02.
- 2026-06-03  alpha is granted and its certificate issued (01).
- 2026-06-05  beta's first surveillance is planned (an audit plan in June).
- 2026-06-10  alpha's certificate suspended (05, status 02); gamma expired (05, expired).
- 2026-06-15  beta's surveillance granted: the certificate reissued under the same number (03).
- 2026-06-20  alpha's certificate reinstated (05, status 01).
- 2026-06-25  beta's certificate withdrawn (05, status 03).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from greencert.core.report_format import bundled_format
from greencert.web.accounts.models import CertificationBody, PersonRecord
from greencert.web.certification.models import Certificate
from greencert.web.certification.services import certificates
from greencert.web.clients.models import Contact, Organisation, Site
from greencert.web.projects.models import AuditMode, Project, TeamMember
from greencert.web.projects.services.projects import create_project
from greencert.web.projects.services.team import add_team_member
from greencert.web.regulator import services
from tests.web.certification.certificate_support import certify, on_day
from tests.web.conftest import build_world

D = datetime.date
USCC_GAMMA = "91330106MA2CFNB36M"
# Resident identity numbers with valid GB 11643 check digits.
ID_LEADER = "11010519491231002X"
ID_EVALUATOR = "110101199003077013"


def complete_records(world) -> None:
    """What the report asks beyond GreenCert's earlier records: the body, codes, people, audits."""
    CertificationBody.objects.create(
        approval_number="CNCA-R-2017-001",
        name="江西腾标认证有限公司",
        accreditation_number="CNAS C123-S",
        accreditation_mark=True,
    )
    codes = {
        (list_key, entry.key): f"{list_key[:3].upper()}{index}"
        for list_key, code_list in bundled_format().code_lists.items()
        for index, entry in enumerate(code_list.to_complete, start=1)
    }
    services.save_body_codes(actor=world.admin, codes=codes)
    for user, number in ((world.leader, ID_LEADER), (world.evaluator, ID_EVALUATOR)):
        PersonRecord.objects.create(user=user, id_document_type="01", id_document_number=number)


def organisation_records(organisation: Organisation, region: str, postcode: str) -> None:
    Organisation.objects.filter(pk=organisation.pk).update(region_code=region, postcode=postcode)
    Contact.objects.create(organisation=organisation, name="王芳", phone="0791 8888 0000")


def audit_records(project: Project, days=(Decimal("2.0"), Decimal("1.5"))) -> None:
    start = project.planned_start
    Project.objects.filter(pk=project.pk).update(
        audit_mode=AuditMode.ON_SITE,
        audit_started_on=start,
        audit_ended_on=start + datetime.timedelta(days=1),
    )
    for member, day in zip(project.team.order_by("role", "id"), days, strict=False):
        TeamMember.objects.filter(pk=member.pk).update(person_days=day)


def team(world, project: Project) -> None:
    add_team_member(actor=world.pm, project=project, user=world.leader, role=TeamMember.Role.LEADER)
    add_team_member(
        actor=world.pm, project=project, user=world.evaluator, role=TeamMember.Role.EVALUATOR
    )


def gamma_certificate(world) -> Certificate:
    with on_day(D(2023, 6, 1)):
        gamma = Organisation.objects.create(
            name="赣江酒店有限公司", address="九江市浔阳区3号", uscc=USCC_GAMMA
        )
        site = Site.objects.create(organisation=gamma, name="浔阳店", address="九江市")
        project = create_project(
            actor=world.pm,
            organisation=gamma,
            kind=Project.Kind.INITIAL,
            scope="酒店服务",
            planned_start=D(2023, 6, 1),
            planned_end=D(2023, 6, 2),
            sites=[site],
        )
        team(world, project)
    organisation_records(gamma, "360402", "332000")
    audit_records(project)
    with on_day(D(2023, 6, 10)):
        decision = certify(world, project, decided_on=D(2023, 6, 10))
        return certificates.issue_certificate(
            actor=world.pm, decision=decision, granted_on=D(2023, 6, 10)
        )


def tell_may(world_holder: dict) -> None:
    """Up to 2026-06-02: the world planned in May, beta certified on 2026-05-25."""
    with on_day(D(2026, 5, 20)):
        world = build_world()
    world_holder["world"] = world
    complete_records(world)
    world_holder["gamma"] = gamma_certificate(world)
    organisation_records(world.alpha, "360108", "330038")
    organisation_records(world.beta, "110105", "100020")
    team(world, world.beta_project)
    for project in (world.project, world.beta_project):
        audit_records(project)
    with on_day(D(2026, 5, 25)):
        decision = certify(world, world.beta_project, decided_on=D(2026, 5, 25))
        world_holder["beta"] = certificates.issue_certificate(
            actor=world.pm, decision=decision, granted_on=D(2026, 5, 25)
        )


def tell_june(holder: dict) -> None:
    """2026-06-03 … 2026-06-25, as the module's docstring tells it."""
    world, beta = holder["world"], holder["beta"]
    with on_day(D(2026, 6, 3)):
        decision = certify(world, decided_on=D(2026, 6, 3))
        alpha = certificates.issue_certificate(
            actor=world.pm, decision=decision, granted_on=D(2026, 6, 3)
        )
    holder["alpha"] = alpha
    with on_day(D(2026, 6, 5)):
        surveillance = certificates.start_follow_up(
            actor=world.pm,
            certificate=beta,
            kind=Project.Kind.SURVEILLANCE,
            planned_start=D(2026, 6, 8),
            planned_end=D(2026, 6, 9),
        )
        team(world, surveillance)
    audit_records(surveillance, days=(Decimal("1.0"), Decimal("0.5")))
    holder["surveillance"] = surveillance
    with on_day(D(2026, 6, 10)):
        certificates.change_status(
            actor=world.pm, certificate=alpha, kind="suspended", reason="未按期监督"
        )
    with on_day(D(2026, 6, 15)):
        decision = certify(world, surveillance, decided_on=D(2026, 6, 15))
        certificates.issue_certificate(actor=world.pm, decision=decision, granted_on=D(2026, 6, 15))
    with on_day(D(2026, 6, 20)):
        certificates.change_status(
            actor=world.pm, certificate=alpha, kind="reinstated", reason="已完成监督"
        )
    with on_day(D(2026, 6, 25)):
        certificates.change_status(
            actor=world.pm, certificate=beta, kind="withdrawn", reason="组织申请撤销"
        )
