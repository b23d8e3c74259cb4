"""Inputs refused before they are stored: a length on every text, dates within their window.

The walk over every form and model fails when a new free-text field comes without a limit;
the rest tries each rule on its boundary (exactly the limit, one over; the first and the last
day allowed, one beyond) and checks that a refusal stores nothing.
"""

from __future__ import annotations

import datetime
import importlib
import io
import pkgutil
from decimal import Decimal

import openpyxl
import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation

import greencert.web
from greencert.core.exceptions import InputError
from greencert.core.ratings import Rating
from greencert.web.certification.models import Complaint
from greencert.web.certification.services import complaints
from greencert.web.clients.models import QmsCertificate
from greencert.web.clients.services import record_qms_certificate
from greencert.web.projects.models import Evaluation, ExemptionRecord, Project
from greencert.web.projects.services.checklists import record_exemption
from greencert.web.projects.services.sheets import save_evaluation
from greencert.web.surveys.models import SurveyResponse
from greencert.web.surveys.services import import_questionnaires
from greencert.web.text_limits import TEXT, TEXT_FIELDS
from tests.web.sheet_helpers import ITEMS, SCHEME, browser, sheet
from tests.web.surveys.support import open_survey
from tests.web.test_checklists import exemption_values

DAY = datetime.timedelta(days=1)


def all_form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(greencert.web.__path__, "greencert.web."):
        if ".migrations" not in module.name and ".management" not in module.name:
            importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return sorted(
        {f for f in subclasses(forms.BaseForm) if f.__module__.startswith("greencert.")},
        key=lambda f: f"{f.__module__}.{f.__qualname__}",
    )


def test_every_text_field_of_every_form_has_a_length_limit():
    unlimited = [
        f"{form.__module__}.{form.__qualname__}.{name}"
        for form in all_form_classes()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.CharField) and field.max_length is None
    ]
    assert len(all_form_classes()) > 30  # the walk found the forms
    assert unlimited == []


def test_every_text_field_of_every_model_has_its_limit_in_the_policy():
    text_fields = {
        f"{model._meta.label_lower}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("greencert.")
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField)
    }
    assert text_fields == set(TEXT_FIELDS)  # none missing, none stale
    unbounded_chars = [
        f"{model._meta.label_lower}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("greencert.")
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField) and not field.max_length
    ]
    assert unbounded_chars == []


# --- text: exactly the limit, one over ---------------------------------------------------------


def register(world, subject: str) -> Complaint:
    return complaints.register(
        actor=world.pm,
        kind="complaint",
        received_on=timezone.localdate(),
        complainant="业主 张先生",
        subject=subject,
    )


def test_a_complaint_subject_of_the_limit_is_kept_and_one_more_character_is_refused(world):
    with pytest.raises(InputError) as caught, translation.override("en"):
        register(world, "投" * (TEXT + 1))
    [problem] = caught.value.problems
    assert problem.field == "subject"
    assert (
        problem.message == "subject is too long: 10,001 characters, where at most 10,000 are kept"
    )
    assert not Complaint.objects.exists()
    assert len(register(world, "投" * TEXT).subject) == TEXT


def test_a_complaint_subject_of_1_5_megabytes_is_refused_on_the_page(world, client):
    client.force_login(world.pm)
    page = client.post(
        reverse("complaint_create"),
        {
            "kind": "complaint",
            "received_on": timezone.localdate().isoformat(),
            "complainant": "业主 张先生",
            "subject": "x" * 1_500_000,
        },
    )
    assert page.status_code in (200, 400)
    assert "确保该变量包含不超过 10000 字符 (目前字符数 1500000)" in page.content.decode()
    assert not Complaint.objects.exists()


def test_a_model_charfield_is_checked_by_the_service_too(world):
    """SQLite keeps a 101-character evaluator; the service refuses it before it is stored."""
    with pytest.raises(InputError) as caught:
        save_evaluation(
            actor=world.leader,
            assessment=world.project.assessment,
            header={"evaluator": "评" * 101, "date": datetime.date(2026, 5, 11)},
            ratings={i: Rating.of_alpha(Decimal("0.9"), SCHEME) for i in ITEMS},
        )
    assert [p.field for p in caught.value.problems] == ["evaluator"]
    assert not Evaluation.objects.exists()


# --- dates typed on the sheets, plans and records ------------------------------------------------


def post_sheet(world, client, day: str):
    c = browser(client, world.leader)
    return c.post(reverse("evaluation_create", args=(world.project.pk,)), sheet(date=day))


def test_an_evaluation_dated_1900_is_refused_on_the_page_and_nothing_is_stored(world, client):
    page = post_sheet(world, client, "1900-01-01").content.decode()
    assert (
        "The evaluation date 1900-01-01 is before six months before the planned start "
        "2026-05-10 (2025-11-08): it cannot come earlier"
    ) in page
    assert not Evaluation.objects.exists()


def test_an_evaluation_dated_tomorrow_is_refused(world, client):
    tomorrow = timezone.localdate() + DAY
    page = post_sheet(world, client, tomorrow.isoformat()).content.decode()
    assert f"The evaluation date {tomorrow} is after today" in page
    assert not Evaluation.objects.exists()


def test_an_evaluation_on_the_first_day_allowed_is_kept_and_the_day_before_is_not(world, client):
    assert post_sheet(world, client, "2025-11-07").status_code == 200
    assert not Evaluation.objects.exists()
    assert post_sheet(world, client, "2025-11-08").status_code == 302
    assert Evaluation.objects.get().date == datetime.date(2025, 11, 8)


def test_a_project_planned_in_1900_is_refused_on_the_page(world, client):
    client.force_login(world.pm)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    count = Project.objects.count()
    page = client.post(
        reverse("project_create") + f"?organisation={world.alpha.pk}",
        {
            "kind": "initial",
            "scheme": "CTS TBSC041-2026 B/0",
            "scope": "绿色物业服务",
            "planned_start": "1900-01-01",
            "planned_end": "1900-01-03",
        },
    )
    assert (
        page.context["form"]
        .errors["planned_start"][0]
        .startswith("The planned start 1900-01-01 is before 4 years ago (")
    )
    assert Project.objects.count() == count


def test_a_qms_certificate_valid_for_more_than_one_cycle_is_refused(world):
    values = {
        "number": "00124Q36789R0M",
        "issuer": "中国质量认证中心",
        "accredited": True,
        "valid_from": datetime.date(2024, 3, 1),
        "exemption": "pending",
    }
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        record_qms_certificate(
            actor=world.pm,
            organisation=world.alpha,
            valid_until=datetime.date(2027, 3, 2),
            **values,
        )
    assert caught.value.message_dict == {
        "valid_until": [
            "Valid until 2027-03-02 is after 3 years after 2024-03-01 (2027-03-01): "
            "it cannot come later"
        ]
    }
    assert not QmsCertificate.objects.exists()
    kept = record_qms_certificate(
        actor=world.pm, organisation=world.alpha, valid_until=datetime.date(2027, 3, 1), **values
    )
    assert kept.valid_until == datetime.date(2027, 3, 1)


def questionnaires(*days: datetime.date) -> io.BytesIO:
    """A filled paper-questionnaire workbook: one row per day, level 4 everywhere."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["日期 date", *ITEMS, "意见 comment"])
    for day in days:
        ws.append([day, *([4] * len(ITEMS)), None])
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    return stream


def test_a_paper_questionnaire_dated_before_its_survey_opened_is_refused(world):
    survey = open_survey(world, days_before=3)  # opened three days ago
    opened = survey.opens_on
    with pytest.raises(InputError) as caught, translation.override("en"):
        import_questionnaires(
            actor=world.leader, survey=survey, stream=questionnaires(opened, opened - DAY)
        )
    [problem] = caught.value.problems
    assert problem.field == "row 3 column date"
    assert problem.message == (
        f"The questionnaire's date {opened - DAY} is before the survey's opening ({opened}): "
        "it cannot come earlier"
    )
    assert not SurveyResponse.objects.exists()
    stored = import_questionnaires(actor=world.leader, survey=survey, stream=questionnaires(opened))
    assert len(stored) == 1


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"certificate_expires": datetime.date(2099, 12, 31)},
            "certificate_expires",
            "The certificate's expiry 2099-12-31 is after 3 years after the audit date "
            "(2029-05-10): it cannot come later",
        ),
        (
            {"audit_date": datetime.date(1900, 1, 1)},
            "audit_date",
            "The audit date judged against 1900-01-01 is before 4 years ago (",
        ),
        (
            {"last_surveillance": datetime.date(2024, 3, 30)},  # expires 2027-03-31
            "last_surveillance",
            "The last surveillance audit 2024-03-30 is before the start of the certificate's "
            "3-year cycle (2024-03-31): it cannot come earlier",
        ),
        (
            {"certificate_scope": "物" * 1001},
            "certificate_scope",
            "certificate scope is too long: 1,001 characters, where at most 1,000 are kept",
        ),
    ],
)
def test_the_exemption_record_is_refused_outside_its_windows_and_limits(
    world, changes, field, message
):
    with pytest.raises(InputError) as caught, translation.override("en"):
        record_exemption(
            actor=world.pm,
            assessment=world.project.assessment,
            values=exemption_values(**changes),
            expected_version=0,
        )
    problems = {p.field: p.message for p in caught.value.problems}
    assert problems[field].startswith(message)
    assert not ExemptionRecord.objects.exists()
