"""The demo's records for the regulator's report: the body's row (a made-up approval number),
the auditors' ID documents, qualifications and impartiality declarations, the organisations'
division codes, postcodes and contacts, and how each audit was carried out (mode, actual dates,
person-days).  The projects are then dated as the story tells it (:func:`date_history`), so that
the report, brought up to date, holds last month's plans as well as this month's events.  The codes the
platform does not publish are left for the administrator, as in a new installation: the report
lists them as problems until they are given.

The ID numbers are made up: a birth date, a Nanchang district code that existed on that date
(python-stdnum's check asks it) and the check character GB 11643 computes.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from stdnum.cn import ric

from greencert.web.accounts.models import CertificationBody, Qualification, User
from greencert.web.accounts.records import add_declaration, add_qualification, save_id_document
from greencert.web.clients.models import Contact, Organisation
from greencert.web.projects.models import AuditMode, Project, TeamMember

# username → (made-up birth date and district for the ID number, qualification, registration)
AUDITORS = {
    "auditor": ("19850614", "360102", Qualification.Kind.SENIOR_AUDITOR, "2023-N1GPS-1204518"),
    "auditor2": ("19910923", "360111", Qualification.Kind.AUDITOR, "2024-N1GPS-1311207"),
}
# A made-up approval number (no body was approved in 2099): real numbers belong to real bodies.
APPROVAL_NUMBER = "CNCA-R-2099-001"
# organisation → (GB/T 2260 code of its district, postcode, legal representative, industry,
# the contact the report names and a made-up phone number)
ORGANISATION_RECORDS = {
    "绿源物业服务有限公司": ("360113", "330038", "刘建国", "物业管理", "张丽", "0791-86000101"),
    "赣江酒店管理有限公司": ("360102", "330006", "黄晓梅", "住宿业", "罗敏", "0791-86000102"),
    "庐山旅游服务有限公司": ("360483", "332900", "吴志远", "旅游业", "徐涛", "0792-86000103"),
    "景德镇陶瓷文化服务有限公司": (
        *("360203", "333000", "程立新", "文化艺术业"),
        *("邓娟", "0798-86000104"),
    ),
    "九江长江物流有限公司": ("360402", "332005", "胡海波", "仓储业", "曾勇", "0792-86000105"),
    "南昌绿色家政服务有限公司": (
        *("360103", "330009", "杨春花", "居民服务业"),
        *("彭霞", "0791-86000106"),
    ),
    "婺源乡村旅游服务有限公司": ("361130", "333200", "汪德兴", "旅游业", "俞婷", "0793-86000107"),
    "赣州客家文化旅游服务有限公司": (
        *("360702", "341000", "钟文华", "旅游业"),
        *("谢军", "0797-86000108"),
    ),
    "萍乡城市公交服务有限公司": (
        *("360302", "337000", "李国强", "城市公共交通运输"),
        *("肖雪", "0799-86000109"),
    ),
    "宜春温泉康养服务有限公司": (
        *("360902", "336000", "袁美玲", "健康服务业"),
        *("易鹏", "0795-86000110"),
    ),
    # Certified property managers: the sector's peers of the client's organisation.
    "南昌洪城物业管理有限公司": ("360111", "330029", "熊卫东", "物业管理", "万琴", "0791-86000111"),
    "新建区康居物业服务有限公司": (
        "360112",
        "330100",
        "涂志华",
        "物业管理",
        "舒畅",
        "0791-86000112",
    ),
    "青云谱宜家物业服务有限公司": (
        "360104",
        "330001",
        "龚建平",
        "物业管理",
        "邹蓉",
        "0791-86000113",
    ),
    "赣州章江物业服务有限公司": ("360702", "341000", "赖国华", "物业管理", "温静", "0797-86000114"),
    "上饶信江物业服务有限公司": ("361102", "334000", "姜伟", "物业管理", "方敏", "0793-86000115"),
}


def organisation_facts(name: str) -> dict[str, str]:
    """The division code and industry an organisation is created with: a result frozen later
    takes its sector and region from them (``services.figures``), so they are given first."""
    code, _postcode, _representative, industry, _contact, _phone = ORGANISATION_RECORDS[name]
    return {"region_code": code, "industry": industry}


# How long before its audit a demo project is planned.
PLANNED_AHEAD = datetime.timedelta(days=14)


def _id_number(birth: str, district: str) -> str:
    body = f"{district}{birth}012"
    return body + ric.calc_check_digit(body + "0")  # it reads the first 17 characters


def load_staff_records(users: dict[str, User], today: datetime.date) -> None:
    """The body's row and what lets the demo's auditors join teams (before any team is formed)."""
    admin = users["admin"]
    CertificationBody.objects.create(
        approval_number=APPROVAL_NUMBER,
        name=settings.CERTIFICATION_BODY,
        accreditation_number="",
        accreditation_mark=False,
    )
    # Registered long enough ago to cover the oldest demo audit (about 1,220 days back).
    since, until = today - datetime.timedelta(days=1500), today + datetime.timedelta(days=700)
    for username, (birth, district, kind, registration) in AUDITORS.items():
        person = users[username]
        save_id_document(
            actor=admin,
            user=person,
            id_document_type="01",
            id_document_number=_id_number(birth, district),
        )
        add_qualification(
            actor=admin,
            user=person,
            kind=kind,
            registration_number=registration,
            valid_from=since,
            valid_until=until,
            schemes="CTS TBSC041",
            sectors="物业服务；住宿服务；旅游服务；交通运输服务",
        )
        add_declaration(
            actor=admin,
            user=person,
            signed_on=since,
            valid_until=until,
            statement="本人承诺在认证活动中保持公正，对获悉的信息保密，并及时申报可能的利益冲突。",
        )


def complete_records(today: datetime.date) -> None:
    """Division codes and contacts of the organisations, and how each audit already begun was
    carried out."""
    for name, (
        code,
        postcode,
        representative,
        industry,
        contact,
        phone,
    ) in ORGANISATION_RECORDS.items():
        organisation = Organisation.objects.get(name=name)
        Organisation.objects.filter(pk=organisation.pk).update(
            region_code=code,
            postcode=postcode,
            legal_representative=representative,
            industry=industry,
        )
        Contact.objects.create(organisation=organisation, name=contact, phone=phone)
    begun = Project.objects.exclude(state=Project.State.PLANNED).order_by("pk")
    for n, project in enumerate(begun):
        mode = AuditMode.COMBINED if n % 4 == 3 else AuditMode.ON_SITE
        ended = min(project.planned_end, today)
        Project.objects.filter(pk=project.pk).update(
            audit_mode=mode, audit_started_on=project.planned_start, audit_ended_on=ended
        )
        days = Decimal((ended - project.planned_start).days + 1)
        project.team.filter(role=TeamMember.Role.LEADER).update(person_days=days)
        project.team.exclude(role=TeamMember.Role.LEADER).update(person_days=days - Decimal("0.5"))


def _noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def date_history(today: datetime.date) -> None:
    """Each demo project planned two weeks before its audit, as the story tells it.

    The services stamp a project with the moment the demo is loaded, and the report reports a
    plan in the month it was made: left so, every plan ever made would be this month's news.
    Certificates' histories cannot be moved (the database refuses any change to them): they
    were written on the day the demo was loaded, and this month's report carries them.
    """
    for project in Project.objects.only("planned_start"):
        planned = min(project.planned_start - PLANNED_AHEAD, today)
        Project.objects.filter(pk=project.pk).update(created_at=_noon(planned))
