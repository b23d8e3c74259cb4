"""The demo's records for the regulator's report: the body's row (its approval number left for
the administrator, as in a new installation), the auditors' ID documents, qualifications and
impartiality declarations, the organisations' division codes and postcodes, and how each audit
was carried out (mode, actual dates, person-days).

The ID numbers are made up: a birth date, a Nanchang district code that existed on that date
(python-stdnum's check asks it) and the check character GB 11643 computes.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from stdnum.cn import ric

from greencert.web.accounts.models import CertificationBody, Qualification, User
from greencert.web.accounts.records import add_declaration, add_qualification, save_id_document
from greencert.web.clients.models import Organisation
from greencert.web.projects.models import AuditMode, Project, TeamMember

# username → (made-up birth date and district for the ID number, qualification, registration)
AUDITORS = {
    "auditor": ("19850614", "360102", Qualification.Kind.SENIOR_AUDITOR, "2023-N1GPS-1204518"),
    "auditor2": ("19910923", "360111", Qualification.Kind.AUDITOR, "2024-N1GPS-1311207"),
}
# organisation → (GB/T 2260 code of its district, postcode, legal representative, industry)
ORGANISATION_RECORDS = {
    "绿源物业服务有限公司": ("360113", "330038", "刘建国", "物业管理"),
    "赣江酒店管理有限公司": ("360102", "330006", "黄晓梅", "住宿业"),
    "庐山旅游服务有限公司": ("360483", "332900", "吴志远", "旅游业"),
    "景德镇陶瓷文化服务有限公司": ("360203", "333000", "程立新", "文化艺术业"),
    "九江长江物流有限公司": ("360402", "332005", "胡海波", "仓储业"),
    "南昌绿色家政服务有限公司": ("360103", "330009", "杨春花", "居民服务业"),
    "婺源乡村旅游服务有限公司": ("361130", "333200", "汪德兴", "旅游业"),
    "赣州客家文化旅游服务有限公司": ("360702", "341000", "钟文华", "旅游业"),
    "萍乡城市公交服务有限公司": ("360302", "337000", "李国强", "城市公共交通运输"),
    "宜春温泉康养服务有限公司": ("360902", "336000", "袁美玲", "健康服务业"),
}


def _id_number(birth: str, district: str) -> str:
    body = f"{district}{birth}012"
    return body + ric.calc_check_digit(body + "0")  # it reads the first 17 characters


def load_staff_records(users: dict[str, User], today: datetime.date) -> None:
    """The body's row and what lets the demo's auditors join teams (before any team is formed)."""
    admin = users["admin"]
    CertificationBody.objects.create(
        name=settings.CERTIFICATION_BODY, accreditation_number="", accreditation_mark=False
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
    """Division codes of the organisations, and how each audit already begun was carried out."""
    for name, (code, postcode, representative, industry) in ORGANISATION_RECORDS.items():
        Organisation.objects.filter(name=name).update(
            region_code=code,
            postcode=postcode,
            legal_representative=representative,
            industry=industry,
        )
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
