"""The survey review's owners, its bulk decision, repeats from one phone, and the survey form's
dates and refusal on a project past its evaluation.

The rule for a repeat (decided here): the first answer of a device counts like any other; each
later answer of the same device is held for the team's review and counts only once included.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from greencert.web.audit.models import AuditEntry
from greencert.web.projects.models import Project
from greencert.web.surveys import services
from greencert.web.surveys.models import Survey, SurveyResponse
from tests.web.projects_support import english, text

from .support import answers, drained, open_survey, post, ticket

Status = SurveyResponse.Status


@pytest.fixture
def survey(world):
    return open_survey(world)


def _flagged(survey, n: int) -> list[SurveyResponse]:
    """*n* responses flagged for the same answer everywhere, each from its own phone."""
    for k in range(n):
        post(Client(), survey, answers(every=5, ticket_value=ticket(survey)), ip=f"10.9.{k}.1")
    drained()
    return list(survey.responses.order_by("id"))


def _bulk(http, survey, ids, decision, reason):
    url = reverse("survey_responses_review", args=(survey.pk,))
    data = {"bulk-responses": ids, "bulk-decision": decision, "bulk-reason": reason}
    return http.post(url, data)


def test_the_project_manager_is_led_to_the_review_and_told_who_decides(world, survey, client):
    _flagged(survey, 3)
    http = english(client)
    http.force_login(world.pm)
    page = http.get(reverse("survey_detail", args=(survey.pk,)))
    review_url = reverse("survey_review", args=(survey.pk,))
    assert f'href="{review_url}"' in page.content.decode()
    assert "See the flagged responses (3 awaiting review)" in text(page)
    assert "Include or exclude flagged responses, import paper questionnaires" in text(page)
    assert "The project's team: Leader, Evaluator" in text(page)

    queue = http.get(review_url)
    assert queue.status_code == 200
    assert "The project's team decides on these responses: Leader, Evaluator" in text(queue)
    assert f"S{survey.pk}-1" in text(queue) and f"S{survey.pk}-3" in text(queue)
    body = queue.content.decode()
    assert 'id="bulk-review"' not in body and "survey_response_review" not in body
    assert "Decide on this response alone" not in text(queue)

    listing = http.get(reverse("survey_list", args=(world.project.pk,)))
    assert f'<a href="{review_url}">3</a>' in listing.content.decode()


def test_the_team_includes_or_excludes_several_responses_at_once(world, survey, client):
    first, _second, third = _flagged(survey, 3)
    http = english(client)
    http.force_login(world.leader)
    assert (
        'id="bulk-review"' in http.get(reverse("survey_review", args=(survey.pk,))).content.decode()
    )

    page = _bulk(
        http, survey, [first.pk, third.pk], "exclude", "同一时段全部满分，电话回访无人接听"
    )
    assert page.status_code == 302
    statuses = list(survey.responses.order_by("id").values_list("status", "reason"))
    assert statuses == [
        (Status.EXCLUDED, "同一时段全部满分，电话回访无人接听"),
        (Status.HELD, ""),
        (Status.EXCLUDED, "同一时段全部满分，电话回访无人接听"),
    ]
    entries = AuditEntry.objects.filter(action="greencert.survey_response.excluded")
    # One entry per response, each with its own state before and the shared reason.
    assert sorted(int(e.object_id) for e in entries) == [first.pk, third.pk]
    assert {e.after["reason"] for e in entries} == {"同一时段全部满分，电话回访无人接听"}
    assert {e.before["status"] for e in entries} == {"held"}
    assert all(e.actor == world.leader for e in entries)

    followed = http.get(reverse("survey_review", args=(survey.pk,)))
    assert f"Excluded: S{survey.pk}-1, S{survey.pk}-3." in text(followed)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"bulk-responses": [], "bulk-decision": "include", "bulk-reason": "核实"}, "required"),
        ({"bulk-decision": "include", "bulk-reason": "  "}, "This field is required."),
        (
            {"bulk-decision": "include", "bulk-reason": "核实", "bulk-responses": ["999999"]},
            "A ticked response is not among those listed on this page.",
        ),
    ],
)
def test_a_bulk_decision_without_responses_or_reason_changes_nothing(
    world, survey, client, data, message
):
    first, _second = _flagged(survey, 2)
    data = {"bulk-responses": [first.pk], **data}
    http = english(client)
    http.force_login(world.evaluator)
    page = http.post(reverse("survey_responses_review", args=(survey.pk,)), data)
    assert page.status_code == 400
    assert message in text(page)
    assert set(survey.responses.values_list("status", flat=True)) == {Status.HELD}
    assert not AuditEntry.objects.filter(action__startswith="greencert.survey_response.").exists()


def test_a_response_of_another_survey_cannot_be_ticked(world, survey, client):
    (mine,) = _flagged(survey, 1)
    other = open_survey(world)
    (theirs,) = _flagged(other, 1)
    http = english(client)
    http.force_login(world.leader)
    page = _bulk(http, survey, [mine.pk, theirs.pk], "include", "电话核实")
    assert page.status_code == 400
    assert "A ticked response is not among those listed on this page." in text(page)
    assert set(SurveyResponse.objects.values_list("status", flat=True)) == {Status.HELD}


def test_a_bulk_decision_is_all_or_nothing(world, survey):
    first, second = _flagged(survey, 2)
    with translation.override("en"), pytest.raises(services.InputError) as refused:
        services.review_responses(
            actor=world.leader,
            survey=survey,
            response_ids=[first.pk, second.pk, second.pk + 1000],
            include=True,
            reason="核实",
        )
    assert "a ticked response is not in this survey" in str(refused.value)
    assert set(SurveyResponse.objects.values_list("status", flat=True)) == {Status.HELD}
    assert not AuditEntry.objects.filter(action__startswith="greencert.survey_response.").exists()


def test_a_repeat_from_one_phone_is_held_shown_with_its_first_answer_and_not_counted(
    world, survey, client
):
    phone = Client()
    post(phone, survey, answers(ticket_value=ticket(survey)), ip="10.3.0.1")
    post(phone, survey, answers(ticket_value=ticket(survey)), ip="10.4.0.1")  # the cookie stays
    post(Client(), survey, answers(ticket_value=ticket(survey)), ip="10.5.0.1")
    drained()
    first, repeat, other = survey.responses.order_by("id")
    assert [first.status, repeat.status, other.status] == [
        Status.INCLUDED,
        Status.HELD,
        Status.INCLUDED,
    ]

    http = english(client)
    http.force_login(world.leader)
    queue = text(http.get(reverse("survey_review", args=(survey.pk,))))
    # Both answers of the phone, together under one heading; the other phone is not listed.
    assert f"One device, 2 responses device already answered S{survey.pk}-1 Included" in queue
    assert f"S{survey.pk}-2 Flagged, awaiting review Flags device already answered" in queue
    assert f"S{survey.pk}-3" not in queue

    services.change_survey_state(actor=world.pm, survey=survey, to=Survey.State.CLOSED)
    services.change_survey_state(actor=world.pm, survey=survey, to=Survey.State.ACCEPTED)
    counted = dict(survey.responses.values_list("pk", "evaluation__counts"))
    assert counted == {first.pk: True, repeat.pk: False, other.pk: True}

    _bulk(http, survey, [repeat.pk], "include", "两位顾客共用一部手机，已电话核实")
    repeat.refresh_from_db()
    assert repeat.status == Status.INCLUDED and repeat.evaluation.counts is True


def test_a_new_surveys_closing_date_is_never_before_its_opening(world, client):
    http = english(client)
    http.force_login(world.pm)
    today = timezone.localdate()
    url = reverse("survey_create", args=(world.project.pk,))
    assert world.project.planned_end < today  # 2026-05-13: already past
    page = http.get(url).content.decode()
    later = today + datetime.timedelta(days=14)
    assert f'name="opens_on" value="{today.isoformat()}"' in page
    assert f'name="closes_on" value="{later.isoformat()}"' in page

    Project.objects.filter(pk=world.project.pk).update(
        planned_end=today + datetime.timedelta(days=40)
    )
    page = http.get(url).content.decode()
    planned_end = (today + datetime.timedelta(days=40)).isoformat()
    assert f'name="closes_on" value="{planned_end}"' in page


def test_no_survey_is_offered_or_opened_once_the_project_is_past_its_evaluation(world, client):
    Project.objects.filter(pk=world.project.pk).update(state=Project.State.EVALUATION_COMPLETE)
    http = english(client)
    http.force_login(world.pm)
    listing = http.get(reverse("survey_list", args=(world.project.pk,)))
    refusal = "The project is “Evaluation complete”: a survey is opened only while the project"
    assert refusal in text(listing)
    assert reverse("survey_create", args=(world.project.pk,)) not in listing.content.decode()

    url = reverse("survey_create", args=(world.project.pk,))
    page = http.get(url)
    assert refusal in text(page) and 'name="opens_on"' not in page.content.decode()
    today = timezone.localdate()
    posted = http.post(
        url,
        {
            "site": world.site.pk,
            "opens_on": today.isoformat(),
            "closes_on": (today + datetime.timedelta(days=5)).isoformat(),
        },
    )
    assert posted.status_code == 409 and refusal in text(posted)
    assert not Survey.objects.exists()
