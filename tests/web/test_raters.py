"""Who rated (issue 18 §2, §4): an auditor's or mystery shopper's evaluation records the team
account that rated it — set and refused on the sheet page, in the Excel import and through the
API, by those who may edit the sheet only — and the core reads it as ``user:<pk>``, so that two
auditors who type the same name stay two raters in the calibration and the agreement.

Figures by hand (the calibration case): at the site 红谷滩服务中心, two auditors who both type
“王芳” (accounts wangfang1 and wangfang2) rate every item α 0.92 and 0.86, and the leader
(typing “李明”) α 0.80: scores 92, 86 and 80 (every weight × α sums to 100 × α).  Each rater's
deviation from the mean of the other two: 92 − (86 + 80)/2 = +9, 86 − (92 + 80)/2 = 0,
80 − (92 + 86)/2 = −9, two co-raters each.  By typed name the two 王芳 would be one rater (the
later sheet set aside) and the site would have two raters, 92 − 80 = +12 → ±6.
"""

from __future__ import annotations

import datetime
import doctest
import io
from decimal import Decimal
from html.parser import HTMLParser

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from greencert.core import default_scheme
from greencert.core.exceptions import InputError
from greencert.core.ratings import Rating
from greencert.web.accounts import raters
from greencert.web.accounts.models import Role
from greencert.web.certification.models import RaterDeviation
from greencert.web.certification.services.project_states import change_state
from greencert.web.projects.models import Evaluation, Project, TeamMember
from greencert.web.projects.scoring import assessment_data, assessment_input, scheme_of
from greencert.web.projects.services.sheets import save_evaluation, save_maturity
from greencert.web.projects.services.team import add_team_member
from greencert.workbook import write_template
from tests.web.api.support import call, planned_project, token_for
from tests.web.audit_support import judge_all_conforming
from tests.web.conftest import make_user
from tests.web.projects_support import rows, text
from tests.web.sheet_helpers import add_evaluation, browser, import_confirmed, sheet
from tests.workbook.filling import fill_evaluation

pytestmark = pytest.mark.django_db

SCHEME = default_scheme()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def create_url(project):
    return reverse("evaluation_create", args=(project.pk,))


def edit_url(evaluation):
    return reverse("evaluation_edit", args=(evaluation.assessment.project_id, evaluation.pk))


def in_language(client, user, lang):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client


def ratings(alpha: str) -> dict:
    return {item: Rating.of_alpha(Decimal(alpha), SCHEME) for item in SCHEME.items}


def header(world, code, *, evaluator, rater, source="auditor") -> dict:
    return {
        "code": code,
        "evaluator": evaluator,
        "rater": rater,
        "date": world.project.planned_start + datetime.timedelta(days=1),
        "site": world.site,
        "source": source,
    }


# --- The sheet page --------------------------------------------------------------------------


def rater_select(client, user, project) -> str:
    page = browser(client, user).get(create_url(project)).content.decode()
    start = page.index('name="rater"')
    return page[start : page.index("</select>", start)]


def test_a_new_sheet_offers_the_team_and_is_rated_by_the_person_entering_it(world, client):
    select = rater_select(client, world.leader, world.project)
    assert f'<option value="{world.leader.pk}" selected>Leader (leader)</option>' in select
    assert f'<option value="{world.evaluator.pk}">Evaluator (evaluator)</option>' in select
    assert f'value="{world.auditor_off.pk}"' not in select  # not on the team
    assert f'value="{world.pm.pk}"' not in select
    # An administrator may edit every project's sheets but is not on this team: no default.
    select = rater_select(client, world.admin, world.project)
    assert f'value="{world.leader.pk}"' in select
    assert '<option value="" selected>' in select and select.count("selected") == 1


class _Described(HTMLParser):
    """Each field's ``aria-describedby`` and the text of every element by its id."""

    def __init__(self):
        super().__init__()
        self.described: dict[str, str] = {}
        self.texts: dict[str, str] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("name") and attrs.get("aria-describedby"):
            self.described[attrs["name"]] = attrs["aria-describedby"]
        if attrs.get("id"):
            self.texts.setdefault(attrs["id"], "")
            self._open.append(attrs["id"])
        elif tag not in ("input", "br", "img", "option"):
            self._open.append("")

    def handle_endtag(self, tag):
        if self._open:
            self._open.pop()

    def handle_data(self, data):
        for key in filter(None, self._open):
            self.texts[key] += data


@pytest.mark.parametrize(
    "lang, evaluator, rater",
    [
        ("en", "The name as written on the sheet.", "team account that rated"),
        ("zh-hans", "测评表上填写的姓名。", "实际评价的审核组账号"),
    ],
)
def test_the_two_rater_fields_are_described_by_help_text_on_the_page(
    world, client, lang, evaluator, rater
):
    """ "Evaluator" is the name as written; "Rater account" the team account that tells raters
    apart: each field points (aria-describedby) at a help text that is on the page."""
    page = in_language(client, world.leader, lang).get(create_url(world.project))
    parsed = _Described()
    parsed.feed(page.content.decode())
    assert {"evaluator", "rater"} <= parsed.described.keys()
    for name, words in (("evaluator", evaluator), ("rater", rater)):
        described = parsed.described[name]
        assert described in parsed.texts, f"{name}: no element with id {described}"
        assert words in parsed.texts[described].strip()


def test_the_sheet_stores_the_rater_chosen_among_the_team(world, client):
    c = browser(client, world.leader)
    response = c.post(create_url(world.project), sheet(rater=world.evaluator.pk))
    assert response.status_code == 302
    assert Evaluation.objects.get().rater == world.evaluator
    # Saved again without a rater: none is recorded.
    evaluation = Evaluation.objects.get()
    c.post(edit_url(evaluation), sheet(code="E1", version=evaluation.version))
    evaluation.refresh_from_db()
    assert evaluation.rater is None and evaluation.version == 1


@pytest.mark.parametrize(
    ("lang", "field"), [("en", "Rater account: "), ("zh-hans", "评价人账号：")]
)
def test_a_rater_off_the_team_is_refused_naming_the_field(world, client, lang, field):
    c = in_language(client, world.leader, lang)
    response = c.post(create_url(world.project), sheet(rater=world.auditor_off.pk))
    assert response.status_code == 200
    assert field in text(response)
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "Rater account: Only an auditor's or a mystery shopper's evaluation has a rater."),
        ("zh-hans", "评价人账号：只有审核员或神秘顾客的测评才记录评价人账号。"),
    ],
)
def test_a_customers_evaluation_has_no_rater(world, client, lang, message):
    c = in_language(client, world.leader, lang)
    response = c.post(create_url(world.project), sheet(source="customer", rater=world.leader.pk))
    assert message in text(response).replace("&#x27;", "'")
    assert not Evaluation.objects.exists()
    # A mystery shopper's has one.
    c.post(create_url(world.project), sheet(source="mystery_shopper", rater=world.leader.pk))
    assert Evaluation.objects.get().rater == world.leader


def test_only_those_who_may_edit_the_sheet_set_its_rater(world, client):
    evaluation = save_evaluation(
        actor=world.leader,
        assessment=world.project.assessment,
        header=header(world, "E1", evaluator="李审核", rater=world.leader),
        ratings=ratings("0.90"),
    )
    change = sheet(code="E1", rater=world.evaluator.pk, version=evaluation.version)
    # The reviewer and the project manager see the project but are not its team; an auditor
    # off the team does not see it; a client never sees the sheets.
    for outsider in (world.reviewer, world.pm, world.auditor_off, world.client):
        response = browser(client, outsider).post(edit_url(evaluation), change)
        assert response.status_code == 404, outsider
        evaluation.refresh_from_db()
        assert (evaluation.rater, evaluation.version) == (world.leader, 0)
    response = browser(client, world.evaluator).post(edit_url(evaluation), change)
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.rater, evaluation.version) == (world.evaluator, 1)


def test_a_rater_who_left_the_team_stays_on_the_sheets_they_rated(world, client):
    evaluation = save_evaluation(
        actor=world.leader,
        assessment=world.project.assessment,
        header=header(world, "E1", evaluator="王测评", rater=world.evaluator),
        ratings=ratings("0.90"),
    )
    TeamMember.objects.filter(project=world.project, user=world.evaluator).delete()
    c = browser(client, world.leader)
    kept = sheet(code="E1", rater=world.evaluator.pk, version=0, note="复核")
    assert c.post(edit_url(evaluation), kept).status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.rater, evaluation.note) == (world.evaluator, "复核")
    # A new sheet cannot name them.
    response = c.post(create_url(world.project), sheet(rater=world.evaluator.pk))
    assert response.status_code == 200 and Evaluation.objects.count() == 1


def test_the_service_refuses_a_rater_off_the_team_in_both_languages(world):
    with pytest.raises(InputError) as refused:
        save_evaluation(
            actor=world.leader,
            assessment=world.project.assessment,
            header=header(world, "E1", evaluator="某人", rater=world.auditor_off),
            ratings=ratings("0.90"),
        )
    (problem,) = refused.value.problems
    assert problem.text("en") == (
        "E1 rater account: auditor_off is not on the project's team: they cannot be the rater"
    )
    assert (
        problem.text("zh-hans") == "E1 评价人账号：auditor_off 不是本项目审核组成员，不能作为评价人"
    )
    assert not Evaluation.objects.exists()


# --- The Excel import ------------------------------------------------------------------------


def filled_workbook(**fields) -> SimpleUploadedFile:
    stream = io.BytesIO()
    write_template(SCHEME, stream, evaluations=1)
    book = openpyxl.load_workbook(io.BytesIO(stream.getvalue()))
    fill_evaluation(book["E1"], SCHEME, every_alpha=0.9, date="2026-05-12", **fields)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("filled.xlsx", out.getvalue(), XLSX)


def test_the_workbook_names_the_rater_by_username(world, client):
    c = browser(client, world.leader)
    import_confirmed(c, world.project, filled_workbook(id="W1", rater="evaluator"))
    evaluation = Evaluation.objects.get()
    assert (evaluation.code, evaluation.rater) == ("W1", world.evaluator)
    # Imported again without the rater's cell (as from a workbook made before it had the row):
    # the stored rater stays; another username replaces it.
    import_confirmed(c, world.project, filled_workbook(id="W1", evaluator="王测评"))
    evaluation.refresh_from_db()
    assert (evaluation.evaluator, evaluation.rater) == ("王测评", world.evaluator)
    import_confirmed(c, world.project, filled_workbook(id="W1", rater="leader"))
    evaluation.refresh_from_db()
    assert evaluation.rater == world.leader


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "W1 rater account: {} is not on the project's team: they cannot be the rater"),
        ("zh-hans", "W1 评价人账号：{} 不是本项目审核组成员，不能作为评价人"),
    ],
)
def test_the_workbook_refuses_a_rater_off_the_team(world, client, lang, message):
    c = in_language(client, world.leader, lang)
    for username, shown in (("auditor_off", "auditor_off"), ("nobody", "nobody")):
        response = import_confirmed(c, world.project, filled_workbook(id="W1", rater=username))
        assert message.format(shown) in text(response)
        assert not Evaluation.objects.exists()


# --- The API ---------------------------------------------------------------------------------

API_SHEET = {
    "evaluator": "赵测评",
    "date": "2026-05-21",
    "alpha": dict.fromkeys(SCHEME.items, "0.85"),
}


def test_the_api_sets_and_gives_the_rater_by_username(world):
    project = planned_project(world)
    token = token_for(world.leader)
    url = f"/projects/{project.pk}/evaluations"
    added = call("POST", url, token, {**API_SHEET, "rater": "evaluator"})
    assert added.status_code == 201, added.content[:500]
    assert added.json()["rater"] == "evaluator"
    stored = Evaluation.objects.get(pk=added.json()["id"])
    assert stored.rater == world.evaluator
    unset = call("POST", url, token, {**API_SHEET, "code": "E2"})
    assert unset.json()["rater"] is None
    assert Evaluation.objects.get(pk=unset.json()["id"]).rater is None


@pytest.mark.parametrize(
    ("lang", "detail"),
    [
        ("en", "rater account: {} is not on the project's team: they cannot be the rater"),
        ("zh-hans", "评价人账号：{} 不是本项目审核组成员，不能作为评价人"),
    ],
)
def test_the_api_refuses_a_rater_off_the_team_naming_the_field(world, lang, detail):
    project = planned_project(world)
    url = f"/projects/{project.pk}/evaluations"
    for username, shown in (("auditor_off", "auditor_off"), ("nobody", "nobody")):
        body = {**API_SHEET, "rater": username}
        refused = call("POST", url, token_for(world.leader), body, HTTP_ACCEPT_LANGUAGE=lang)
        assert refused.status_code == 422
        (error,) = refused.json()["errors"]
        assert (error["field"], error["code"]) == ("body.rater", "evaluation.rater_not_on_team")
        assert error["detail"].endswith(detail.format(shown))
    customer = {**API_SHEET, "source": "customer", "rater": "leader"}
    refused = call("POST", url, token_for(world.leader), customer)
    (error,) = refused.json()["errors"]
    assert (error["field"], error["code"]) == (
        "body.rater",
        "evaluation.rater_not_rating_source",
    )
    assert not Evaluation.objects.filter(assessment__project=project).exists()


def test_through_the_api_only_the_team_sets_the_rater(world):
    project = planned_project(world)
    evaluation = add_evaluation(project.assessment, world.leader)
    url = f"/projects/{project.pk}/evaluations/{evaluation.pk}"
    etag = call("GET", url, token_for(world.leader))["ETag"]
    body = {**API_SHEET, "rater": "leader"}
    for outsider in (world.reviewer, world.pm, world.auditor_off):
        refused = call("PUT", url, token_for(outsider), body, HTTP_IF_MATCH=etag)
        assert refused.status_code in (403, 404), outsider
        evaluation.refresh_from_db()
        assert (evaluation.rater, evaluation.version) == (None, 0)
    changed = call("PUT", url, token_for(world.evaluator), body, HTTP_IF_MATCH=etag)
    assert changed.status_code == 200, changed.content[:500]
    evaluation.refresh_from_db()
    assert (evaluation.rater, evaluation.version) == (world.leader, 1)
    # Left out of a replacement, the rater is kept; sent as null, it is cleared.
    etag = changed["ETag"]
    kept = call("PUT", url, token_for(world.evaluator), API_SHEET, HTTP_IF_MATCH=etag)
    assert kept.status_code == 200 and kept.json()["rater"] == "leader"
    cleared = call(
        "PUT",
        url,
        token_for(world.evaluator),
        {**API_SHEET, "rater": None},
        HTTP_IF_MATCH=kept["ETag"],
    )
    assert cleared.status_code == 200 and cleared.json()["rater"] is None
    evaluation.refresh_from_db()
    assert (evaluation.rater, evaluation.version) == (None, 3)


# --- The core's input ------------------------------------------------------------------------


def test_the_core_input_names_the_rater_by_account_id(world):
    assessment = world.project.assessment
    for code, rater, source in (
        ("E1", world.leader, "auditor"),
        ("E2", None, "auditor"),
        ("E3", None, "customer"),
    ):
        save_evaluation(
            actor=world.leader,
            assessment=assessment,
            header=header(world, code, evaluator="同名", rater=rater, source=source),
            ratings=ratings("0.90"),
        )
    built = assessment_input(assessment, scheme_of(assessment))
    assert [(e.id, e.evaluator, e.rater) for e in built.evaluations] == [
        ("E1", "同名", f"user:{world.leader.pk}"),
        ("E2", "同名", ""),
        ("E3", "同名", ""),
    ]
    entries = assessment_data(assessment)["evaluations"]
    assert [e.get("rater") for e in entries] == [f"user:{world.leader.pk}", None, None]


# --- Calibration and agreement -------------------------------------------------------------


@pytest.fixture
def namesakes(world):
    """The calibration case of the module's docstring, frozen (evaluation complete)."""
    wang1 = make_user("wangfang1", Role.AUDITOR)
    wang2 = make_user("wangfang2", Role.AUDITOR)
    for wang in (wang1, wang2):
        wang.display_name = "王芳"
        wang.save()
        add_team_member(
            actor=world.pm, project=world.project, user=wang, role=TeamMember.Role.EVALUATOR
        )
    change_state(actor=world.leader, project=world.project, to=Project.State.IN_PROGRESS)
    assessment = world.project.assessment
    for code, evaluator, rater, alpha in (
        ("E1", "王芳", wang1, "0.92"),
        ("E2", "王芳", wang2, "0.86"),
        ("E3", "李明", world.leader, "0.80"),
    ):
        save_evaluation(
            actor=world.leader,
            assessment=assessment,
            header=header(world, code, evaluator=evaluator, rater=rater),
            ratings=ratings(alpha),
        )
    assessment.refresh_from_db()
    save_maturity(
        actor=world.leader,
        assessment=assessment,
        levels={cid: {"level": 4} for cid in SCHEME.clauses},
        expected_version=assessment.maturity_version,
    )
    judge_all_conforming(assessment, world.leader)
    world.wang1, world.wang2 = wang1, wang2
    return world


def test_two_auditors_typing_the_same_name_are_two_raters(namesakes, client):
    w = namesakes
    # Shown live to the team before the result is frozen: the three raters flagged, by name.
    page = browser(client, w.leader).get(reverse("project_detail", args=(w.project.pk,)))
    assert "Raters: 王芳 (wangfang1), 王芳 (wangfang2) and Leader." in text(page)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    zh = client.get(reverse("project_detail", args=(w.project.pk,)))
    assert "评价人：王芳 (wangfang1)、王芳 (wangfang2) 和 Leader。" in text(zh)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "user:" not in text(page)  # nor in the audit trail, which names the rater's account
    assert "rater : wangfang1" in text(page)

    change_state(actor=w.leader, project=w.project, to=Project.State.EVALUATION_COMPLETE)
    stored = RaterDeviation.objects.filter(figures__project=w.project)
    assert sorted(stored.values_list("rater", "deviation", "co_raters")) == sorted(
        [
            (f"user:{w.wang1.pk}", Decimal("9.0000"), 2),
            (f"user:{w.wang2.pk}", Decimal("0.0000"), 2),
            (f"user:{w.leader.pk}", Decimal("-9.0000"), 2),
        ]
    )
    insights = browser(client, w.reviewer).get(reverse("insights"))
    shown = [row[:5] for row in rows(insights, "calibration")[1:]]
    assert shown == [  # three accounts, each rated auditors' sheets
        ["Leader", "Account", "Auditor", "1", "-9.00"],
        ["王芳 (wangfang1)", "Account", "Auditor", "1", "9.00"],
        ["王芳 (wangfang2)", "Account", "Auditor", "1", "0.00"],
    ]
    export = browser(client, w.reviewer).get(reverse("insights_export"))
    book = openpyxl.load_workbook(io.BytesIO(export.content))
    names = [r[0].value for r in book["Rater calibration"].iter_rows(min_row=4)]
    assert names == ["Leader", "王芳 (wangfang1)", "王芳 (wangfang2)"]


def test_a_typed_name_beside_an_account_of_the_same_name_is_told_apart(namesakes, client):
    """A rater stored by typed name (a result frozen before accounts were recorded) and an
    account whose display name reads the same: the account also shows its username."""
    w = namesakes
    change_state(actor=w.leader, project=w.project, to=Project.State.EVALUATION_COMPLETE)
    figures = RaterDeviation.objects.filter(figures__project=w.project).first().figures
    RaterDeviation.objects.create(
        figures=figures, site="旧现场", rater="Leader", deviation=Decimal("2"), co_raters=1
    )
    insights = browser(client, w.reviewer).get(reverse("insights"))
    names = [row[0] for row in rows(insights, "calibration")[1:]]
    assert names == ["Leader", "Leader (leader)", "王芳 (wangfang1)", "王芳 (wangfang2)"]
    kinds = {row[0]: row[1] for row in rows(insights, "calibration")[1:]}
    assert kinds["Leader"] == "Typed name (may be several people)"
    assert kinds["Leader (leader)"] == "Account"


def test_the_rater_id_examples_hold():
    failures, tried = doctest.testmod(raters)
    assert (failures, tried > 0) == (0, True)


def test_a_typed_name_written_as_an_account_id_is_refused(world):
    """Typed as “user:<pk>”, a sheet with no rater account would count as that account's
    ratings (the core falls back to the typed name): refused, naming the field."""
    colleague = f"user:{world.leader.pk}"
    with pytest.raises(InputError) as refused:
        save_evaluation(
            actor=world.leader,
            assessment=world.project.assessment,
            header=header(world, "E1", evaluator=f" {colleague} ", rater=None),
            ratings=ratings("0.90"),
        )
    (problem,) = refused.value.problems
    assert problem.field == "evaluator"
    assert colleague in problem.text("en") and "account's id" in problem.text("en")
    assert not Evaluation.objects.filter(code="E1").exists()
    # A name that merely starts so is a name.
    save_evaluation(
        actor=world.leader,
        assessment=world.project.assessment,
        header=header(world, "E2", evaluator="user:王芳", rater=None),
        ratings=ratings("0.90"),
    )
    assert Evaluation.objects.filter(code="E2").exists()
