"""``greencert demo`` data: loaded into the test database through the services."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from greencert.core.statistics.agreement import site_agreements
from greencert.web.accounts.models import CertificationBody, User
from greencert.web.certification.models import Certificate, ResultFigures
from greencert.web.clients.models import Organisation
from greencert.web.demo import load_demo
from greencert.web.insights import selectors as insights
from greencert.web.projects.assignment import covering_qualification
from greencert.web.projects.models import Evaluation, ItemRating, Project, TeamMember
from greencert.web.projects.scoring import assessment_input, scheme_of, score
from greencert.web.regulator import selectors as regulator_selectors
from greencert.web.regulator import services as regulator
from greencert.web.surveys.models import Survey, SurveyResponse
from tests.web.worklists_support import worklists


def test_demo_has_valid_suspended_reissued_and_expired_certificates(db, tmp_path):
    logins = load_demo(tmp_path)
    assert {row[1] for row in logins} >= {"admin", "pm", "reviewer", "decider", "client"}
    today = timezone.localdate()
    shown = {
        c.organisation_name: (c.current_status(today), c.display_number)
        for c in Certificate.objects.all()
    }
    statuses = sorted(status for status, _ in shown.values())
    # Valid: 家政, 赣州 (reissued), the five property managers and the client's own.
    assert statuses == ["expired", "suspended", *["valid"] * 8]
    # Stored as valid: expiry follows from the date (granted more than 3 years ago).
    expired = Certificate.objects.get(organisation_name="萍乡城市公交服务有限公司")
    assert expired.status == "valid"
    assert expired.granted_on < today - datetime.timedelta(days=3 * 365)
    assert expired.decision.decided_on == expired.granted_on
    # Two surveillances done: the same number, revision 2, history of three issues.
    surveilled = Certificate.objects.get(organisation_name="赣州客家文化旅游服务有限公司")
    assert surveilled.display_number.endswith("-R2")
    assert [e.kind for e in surveilled.events.all()] == ["issued", "reissued", "reissued"]
    suspended = Certificate.objects.get(status="suspended")
    assert suspended.events.last().reason.startswith("第 1 次监督审核逾期")
    # Loading again changes nothing.
    assert load_demo(tmp_path) == logins
    assert Certificate.objects.count() == 10


# What each demo login finds waiting on its landing page (each list named must hold something).
DEMO_WORK = {
    "pm": ["applications", "to_plan", "to_issue", "surveillance", "complaints"],
    "auditor": ["sheets", "to_move", "to_verify"],
    "auditor2": ["sheets", "to_verify"],
    "reviewer": ["reviews"],
    "decider": ["decisions"],
    "client": ["to_answer", "surveys"],
    "admin": [
        *("applications", "to_plan", "to_issue", "surveillance", "reviews", "decisions"),
        "regulator",
    ],
}


def landing(client, username: str) -> dict:
    client.force_login(User.objects.get(username=username))
    return worklists(client.get("/"))


def test_every_role_of_the_demo_has_work_waiting(db, tmp_path, client):
    """One load of the demo (a few seconds) for every role: each list named holds something."""
    load_demo(tmp_path)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for username, keys in DEMO_WORK.items():
        lists = landing(client, username)
        empty = [key for key in keys if not lists[key]["items"]]
        assert empty == [], f"{username}: nothing in {empty}"
    _the_work_reads_as_a_person_would_find_it(client)


def _the_work_reads_as_a_person_would_find_it(client):
    pm = landing(client, "pm")
    assert [i["title"] for i in pm["applications"]["items"]] == ["赣江酒店管理有限公司"]
    assert [i["title"].split(" · ")[1] for i in pm["to_issue"]["items"]] == [
        "宜春温泉康养服务有限公司"
    ]
    assert pm["surveillance"]["items"][0]["title"].endswith("南昌绿色家政服务有限公司")
    sheets = landing(client, "auditor")["sheets"]["items"]
    assert [i["title"].split(" · ")[1] for i in sheets] == ["赣江酒店管理有限公司"]
    # Half the 21 clauses rated (10), neither checklist judged (40 and 7 rows).
    assert [label for _href, label in sheets[0]["links"]] == [
        "Maturity 10/21",
        "GB/T 19001 0/40",
        "§4.2.2 0/7",
    ]
    lists = landing(client, "client")
    assert len(lists["to_answer"]["items"]) == 1
    assert [i["title"] for i in lists["surveys"]["items"]] == ["红谷滩服务中心"]
    # The survey holds its answers, the repeat from one phone and the hurried one flagged.
    survey = Survey.objects.get()
    held = survey.responses.filter(status=SurveyResponse.Status.HELD)
    assert survey.responses.count() == 8
    assert sorted(r.flags[0] for r in held) == ["duplicate_device", "too_fast"]


def test_demo_keeps_the_records_the_regulators_report_needs(db, tmp_path):
    load_demo(tmp_path)
    body = CertificationBody.current()
    assert (body.pk, body.name, body.approval_number) == (
        1,
        "江西腾标认证有限公司",
        "CNCA-R-2099-001",
    )
    assert not Organisation.objects.filter(region_code="").exists()
    assert not Organisation.objects.filter(contacts__isnull=True).exists()
    for member in TeamMember.objects.select_related("project", "user"):
        assert covering_qualification(member.project, member.user, member.role), member
    begun = Project.objects.exclude(state="planned")
    assert begun.exists() and not begun.filter(audit_mode="").exists()
    assert {p.audit_mode for p in begun} == {"FS01", "FS03"}
    assert not TeamMember.objects.filter(project__in=begun, person_days__isnull=True).exists()
    auditor = User.objects.get(username="auditor")
    assert len(auditor.person_record.id_document_number) == 18


def test_the_demos_report_to_the_regulator_has_a_month_due_and_its_workbook(db, tmp_path, client):
    """The demo brings the report up to date: last month's plans wait to be reported (every day
    of the month, the plans of the five projects in hand fall 24 to 44 days back, and some in the
    month before); its workbook downloads and the check lists only real gaps."""
    load_demo(tmp_path)
    today = timezone.localdate()
    due = regulator_selectors.periods_to_report(today).first()
    assert due is not None and due.rows.exists()
    month = f"{due.month:%Y-%m}"
    admin = User.objects.get(username="admin")
    client.force_login(admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    listed = client.get(reverse("regulator_periods")).content.decode()
    assert f'<tr data-month="{month}">' in listed
    page = client.get(reverse("regulator_period", args=[month])).content.decode()
    plans = due.rows.filter(sheet="audit_plan")
    assert plans.exists()
    for row in plans:
        assert f"Audit plan {row.subject}" in page
    assert f"Report {month} to the regulator" in [
        i["title"] for i in landing(client, "admin")["regulator"]["items"]
    ]

    fmt = regulator.report_format()
    response = client.get(reverse("regulator_file", args=[month]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [s.name for s in fmt.sheets]
    for sheet in fmt.sheets:
        lines = list(book[sheet.name].iter_rows(values_only=True))
        assert lines[0] == sheet.header
        assert len(lines) - 1 == due.rows.filter(sheet=sheet.key).count()

    # The gaps: the codes the platform does not publish, left for the administrator …
    found = regulator.problems_of(due)
    assert found and {p.code for p in found} <= {"report.code_to_complete", "report.missing"}
    assert "still to be completed by the body" in page
    # … and, once those are given, only the audit facts of plans whose audit has not begun.
    codes = {
        (key, entry.key): f"D{n}"
        for key, code_list in fmt.code_lists.items()
        for n, entry in enumerate(code_list.to_complete)
    }
    regulator.save_body_codes(actor=admin, codes=codes)
    regulator.collect(actor=admin, today=today)
    plan_rows = regulator.rows_by_sheet(due)["audit_plan"]
    left = regulator.problems_of(due)
    assert {p.sheet for p in left} <= {fmt.sheet("audit_plan").name}
    gaps = {plan_rows[p.row - 2]["plan.number"] for p in left}  # row 1 is the header
    not_begun = {f"R{p.code}" for p in Project.objects.filter(state="planned")}
    assert gaps == {r["plan.number"] for r in plan_rows} & not_begun


def test_the_project_waiting_for_its_decision_looks_certifiable(db, tmp_path, client):
    """The decision maker's demo case should be one to grant: at least AAA (RULES.md §3:
    service ≥ 80.0, every clause ≥ 二级, conformity passed)."""
    load_demo(tmp_path)
    waiting = Project.objects.get(state=Project.State.UNDER_REVIEW)
    # Its review is recorded (through the service), so it reads as reviewed, not as being
    # reviewed, and waits in the decider's list.
    assert [r.outcome for r in waiting.reviews.all()] == ["recommend"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    decider = landing(client, "decider")["decisions"]["items"]
    assert [i["title"].split(" · ")[0] for i in decider] == [waiting.code]
    page = client.get(reverse("project_detail", args=[waiting.pk])).content.decode()
    assert "Reviewed, awaiting decision" in page and "Under technical review" not in page
    assessment = waiting.assessment
    # By hand: an evaluation's score is Σ weight × α with the weights summing to 100, so it is
    # at least 100 × its smallest α; every α here is at least 0.80, so every evaluation (and
    # their mean, the service score) is at least 80.0.
    alphas = ItemRating.objects.filter(evaluation__assessment=assessment).values_list(
        "alpha", flat=True
    )
    assert alphas and min(alphas) >= Decimal("0.80")
    assert min(assessment.clause_ratings.values_list("level", flat=True)) >= 2
    result = score(assessment)
    assert result.service.score >= Decimal("80.0")
    assert result.grade in ("AAA", "AAAA", "AAAAA")


def test_the_demos_raters_of_a_site_agree_but_on_one_project(db, tmp_path):
    """Raters of one site see the same strong and weak items, so their agreement is high;
    one project (庐山, waiting for its review) is the real example of the low-agreement flag.
    A mystery shopper is a person of one organisation, not named as a customer."""
    load_demo(tmp_path)
    flagged, agreeing = [], []
    for project in Project.objects.exclude(state="planned").order_by("pk"):
        scheme = scheme_of(project.assessment)
        evaluations = assessment_input(project.assessment, scheme).evaluations
        for site in site_agreements(scheme, evaluations, resamples=0):
            name = project.organisation.name
            (flagged if site.low else agreeing).append((name, site.alpha_interval.value))
    assert [name for name, _value in flagged] == ["庐山旅游服务有限公司"]
    assert len(agreeing) >= 10 and min(value for _name, value in agreeing) >= 0.8
    shoppers = Evaluation.objects.filter(source="mystery_shopper")
    names = dict(shoppers.values_list("evaluator", "assessment__project__organisation"))
    assert (
        len(names)
        == len(set(names.values()))
        == Organisation.objects.filter(projects__assessment__evaluations__source="mystery_shopper")
        .distinct()
        .count()
    )
    assert all(name.startswith("神秘顾客 ") for name in names)
    assert not Evaluation.objects.filter(source="auditor", rater__isnull=True).exists()


def test_the_demos_results_have_a_sector_and_the_client_a_benchmark(db, tmp_path, client):
    """Every frozen result carries its organisation's sector and division code; the client's
    organisation has a certified result with five certified peers of its sector (物业管理),
    so its benchmark page shows where each item stands."""
    load_demo(tmp_path)
    assert not ResultFigures.objects.filter(sector="").exists()
    assert not ResultFigures.objects.filter(region_code="").exists()
    user = User.objects.get(username="client")
    decided = Project.objects.get(organisation=user.organisation, state="decided")
    figures = insights.current_figures(decided)
    assert figures.sector == "物业管理" and figures.granted_grade
    peers, items = insights.standing(figures)
    assert peers == 5 and len(items) == 19 and all(i.rank is not None for i in items)
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("project_benchmark", args=[decided.pk])).content.decode()
    assert "Fewer than" not in page
    assert page.count("<tr") >= 20  # a header and a row per item
