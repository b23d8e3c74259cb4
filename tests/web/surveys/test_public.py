"""The public questionnaire: what a customer sees, and what one post stores."""

from __future__ import annotations

import datetime
import time

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from greencert.web.projects.models import Evaluation
from greencert.web.surveys.models import Survey, SurveyResponse
from tests.web.matrix import get_reading_only
from tests.web.projects_support import text
from tests.web.sheet_helpers import ITEMS

from .support import answer_url, answers, drained, open_survey, post, ticket, ticket_on


@pytest.fixture
def survey(world):
    return open_survey(world)


def stored() -> int:
    """Customer evaluations, once staff look (the answers posted so far become responses)."""
    drained()
    return Evaluation.objects.filter(source="customer").count()


def test_the_page_asks_every_question_in_chinese_without_login_or_script(client, survey):
    page = client.get(answer_url(survey))
    html = page.content.decode()
    assert page.status_code == 200
    assert "绿源服务有限公司" in html and "红谷滩服务中心" in html
    # The customer-facing wording of the scheme, not the clause text (1.1 and 7.1).
    assert "工作人员是否熟练、准确、完整地为您完成了服务？" in html
    assert "从接待、办理到结算和售后，各环节是否规范、有章可循？" in html
    assert html.count("<fieldset") == 19 and html.count("<legend>") == 19
    assert html.count('type="radio"') == 19 * 5
    assert html.count(" required") == 19 * 5
    for label in ("远低于预期", "低于预期", "符合预期", "高于预期", "远高于预期"):
        assert f"<span>{label}</span>" in html
    assert "<script" not in html and "htmx" not in html and 'rel="stylesheet"' not in html
    assert len(page.content) < 30_000  # light on a slow network
    assert "gc_survey_device" in page.cookies
    assert "no-store" in page["Cache-Control"]  # each load is a new form, kept nowhere


def test_the_page_speaks_english_when_asked(client, survey):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(answer_url(survey)).content.decode()
    assert "Did the staff complete your service skilfully, accurately and in full?" in html
    assert "<span>Far below expectations</span>" in html


def test_an_unknown_link_is_not_found(client, survey):
    assert client.get(reverse("survey_answer", args=("x" * 22,))).status_code == 404


def test_a_link_unknown_at_first_is_found_once_its_survey_exists(client, world):
    """What a survey never changes is kept per process, but never the absence of one."""
    token = f"later-{time.monotonic_ns()}"
    data = answers(ticket_value="")
    assert client.post(reverse("survey_answer", args=(token,)), data).status_code == 404
    survey = open_survey(world)
    Survey.objects.filter(pk=survey.pk).update(token=token)
    survey.refresh_from_db()
    assert post(client, survey, answers(ticket_value=ticket(survey))).status_code == 303
    assert stored() == 1


def test_an_answer_is_one_insert_and_becomes_a_response_when_staff_look(client, survey):
    """The hot path's shape: once the survey is known to the process, taking an answer is
    one statement, writing one row; its response and evaluation come when staff look."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    post(client, survey, answers(ticket_value=ticket(survey)))
    with CaptureQueriesContext(connection) as queries:
        assert post(client, survey, answers(ticket_value=ticket(survey))).status_code == 303
    sql = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(sql) == 1 and sql[0].startswith('INSERT INTO "surveys_submission"')
    assert Evaluation.objects.filter(source="customer").count() == 0  # not yet
    assert stored() == 2
    survey.refresh_from_db()
    assert (survey.numbered, survey.online_count) == (2, 2)
    assert sorted(Evaluation.objects.values_list("code", flat=True)) == [
        f"S{survey.pk}-1",
        f"S{survey.pk}-2",
    ]


def test_one_post_stores_one_held_customer_evaluation(client, survey):
    levels = {item: 4 for item in ITEMS} | {"7.1": 5}
    response = post(client, survey, answers(levels, comment="很好", ticket_value=ticket(survey)))
    assert response.status_code == 303
    assert response["Location"] == reverse("survey_thanks", args=(survey.token,))
    drained()
    evaluation = Evaluation.objects.get(source="customer")
    assert evaluation.code == f"S{survey.pk}-1"
    assert evaluation.counts is False  # held until the survey is accepted
    assert evaluation.site == survey.site and evaluation.note == "很好"
    assert evaluation.date == timezone.localdate()
    likert = {r.item_id: r.likert for r in evaluation.ratings.all()}
    assert likert == levels
    assert all(r.alpha is None for r in evaluation.ratings.all())  # the core maps levels to α
    # Written in plain SQL (the hot path), filled as the ORM would fill it.
    assert (evaluation.version, evaluation.evaluator, evaluation.created_by) == (0, "", None)
    assert evaluation.created_at and evaluation.updated_at
    assert abs((timezone.now() - evaluation.created_at).total_seconds()) < 60
    assert all(r.note == "" for r in evaluation.ratings.all())
    reply = evaluation.survey_response
    assert reply.status == SurveyResponse.Status.INCLUDED and reply.flags == []
    assert (reply.channel, reply.reason, reply.reviewed_at, reply.row) == ("online", "", None, None)
    assert 120 <= reply.seconds <= 180  # the form was shown 120 s before (slack for a slow machine)
    assert reply.network == "10.1.1.0/24"  # the network only, never the address
    survey.refresh_from_db()
    assert survey.online_count == 1
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Your answers were received." in text(client.get(response["Location"]))


def test_a_double_tap_or_resend_stores_one_response(client, survey):
    data = answers(ticket_value=ticket(survey))
    first = post(client, survey, data)
    again = post(client, survey, data)
    third = post(client, survey, data, ip="10.9.9.9")
    assert first.status_code == again.status_code == third.status_code == 303
    assert stored() == 1
    assert SurveyResponse.objects.count() == 1


def test_a_resend_after_the_last_place_was_taken_still_says_thank_you(client, world):
    survey = open_survey(world, max_responses=1)
    data = answers(ticket_value=ticket(survey))
    assert post(client, survey, data).status_code == 303
    assert post(client, survey, data).status_code == 303
    assert stored() == 1


def test_answers_come_from_a_rendered_page(client, survey):
    page = client.get(answer_url(survey))
    response = post(client, survey, answers(ticket_value=ticket_on(page)))
    assert response.status_code == 303
    assert stored() == 1


def _refused(response, message):
    page = text(response)
    assert response.status_code == 400, page[:500]
    assert "Your answers were not sent yet" in page
    assert message in page
    assert stored() == 0 and SurveyResponse.objects.count() == 0


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_missing_item_is_named_and_the_other_answers_are_kept(english, survey):
    data = answers({"2.2": None}, ticket_value=ticket(survey))
    response = post(english, survey, data)
    _refused(response, "Question 5 is not answered.")  # 2.2 is the fifth question
    html = response.content.decode()
    assert 'name="q_1.1" value="3" required checked' in html
    assert '<fieldset id="q-2_2" class="invalid">' in html
    assert '<a href="#q-2_2">' in html
    assert ticket_on(response) == data["ticket"]  # the same form: a later send stays idempotent


def test_an_out_of_range_level_is_refused(english, survey):
    response = post(english, survey, answers({"1.3": 6}, ticket_value=ticket(survey)))
    _refused(response, "Question 3: level 6 is not one of 1–5.")


@pytest.mark.parametrize("level", ["0", "2.5", "abc", "-1"])
def test_levels_other_than_1_to_5_are_refused(english, survey, level):
    response = post(english, survey, answers({"4.2": level}, ticket_value=ticket(survey)))
    _refused(response, f"Question 11: level {level} is not one of 1–5.")


def test_an_item_not_in_the_scheme_is_refused(english, survey):
    data = answers(ticket_value=ticket(survey)) | {"q_9.9": "3"}
    _refused(post(english, survey, data), "a question that is not in this survey (“9.9”)")


def test_a_ticket_of_another_survey_is_refused(english, world, survey):
    other = open_survey(world)
    foreign = ticket(other)
    response = post(english, survey, answers(ticket_value=foreign))
    _refused(response, "This form belongs to another survey.")
    assert ticket_on(response) != foreign  # a fresh ticket, for this survey


@pytest.mark.parametrize(
    "forge",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # signature changed
        lambda t: "",  # missing
        lambda t: "eyJzIjoxLCJuIjoieCIsInQiOjB9:1abc:forged",  # made up
    ],
    ids=["changed", "missing", "made-up"],
)
def test_a_forged_or_missing_ticket_is_refused(english, survey, forge):
    response = post(english, survey, answers(ticket_value=forge(ticket(survey))))
    _refused(response, "The form was changed or damaged on the way.")


def test_a_ticket_older_than_a_day_is_refused(english, survey):
    old = ticket(survey, ago=25 * 3600)
    _refused(post(english, survey, answers(ticket_value=old)), "opened too long ago")


def test_a_comment_too_long_is_refused(english, survey):
    data = answers(comment="x" * 1001, ticket_value=ticket(survey))
    _refused(post(english, survey, data), "Your comment is longer than 1000 characters.")


def test_an_oversized_body_is_refused_before_it_is_read(english, survey):
    data = answers(comment="长" * 20_000, ticket_value=ticket(survey))
    response = post(english, survey, data)
    assert response.status_code == 413
    assert "larger than this survey accepts" in text(response)
    assert stored() == 0


def test_a_filled_honeypot_is_thanked_and_nothing_is_stored(client, survey):
    data = answers(ticket_value=ticket(survey)) | {"website": "http://spam.example"}
    response = post(client, survey, data)
    assert response.status_code == 303
    assert response["Location"] == reverse("survey_thanks", args=(survey.token,))
    assert stored() == 0


def test_submissions_are_rate_limited_per_client(english, survey, settings):
    settings.SURVEY_RATE_PER_MINUTE = 2
    for _ in range(2):
        assert post(english, survey, answers(ticket_value=ticket(survey))).status_code == 303
    response = post(english, survey, answers(ticket_value=ticket(survey)))
    assert response.status_code == 429
    assert "Please wait a minute" in text(response)
    assert stored() == 2
    # Another client address is not held back.
    assert (
        post(english, survey, answers(ticket_value=ticket(survey)), ip="10.7.7.7").status_code
        == 303
    )


def _set(survey, **fields):
    Survey.objects.filter(pk=survey.pk).update(**fields)
    survey.refresh_from_db()


@pytest.mark.parametrize(
    "change, status, message",
    [
        ({"state": "closed"}, 410, "The survey is closed."),
        ({"state": "accepted"}, 410, "The survey is closed."),
        (
            {"closes_on": datetime.date(2020, 1, 2), "opens_on": datetime.date(2020, 1, 1)},
            410,
            "The survey ended on 2020-01-02.",
        ),
        (
            {"opens_on": datetime.date(2099, 1, 1), "closes_on": datetime.date(2099, 1, 2)},
            403,
            "The survey opens on 2099-01-01.",
        ),
    ],
    ids=["closed", "accepted", "ended", "not-yet"],
)
def test_a_survey_not_open_takes_no_answer(english, survey, change, status, message):
    data = answers(ticket_value=ticket(survey))
    _set(survey, **change)
    for response in (english.get(answer_url(survey)), post(english, survey, data)):
        assert response.status_code == status
        assert message in text(response)
    assert stored() == 0


def test_a_closed_survey_says_so_rather_than_listing_mistakes(english, survey):
    data = answers({"1.1": None}, ticket_value=ticket(survey))  # a question left out, too
    _set(survey, state="closed")
    response = post(english, survey, data)
    assert response.status_code == 410
    assert "The survey is closed." in text(response)
    assert "Question 1 is not answered." not in text(response)
    assert stored() == 0


def test_the_maximum_is_enforced(english, world):
    survey = open_survey(world, max_responses=2)
    for ip in ("10.0.1.1", "10.0.2.1"):
        assert post(english, survey, answers(ticket_value=ticket(survey)), ip=ip).status_code == 303
    response = post(english, survey, answers(ticket_value=ticket(survey)), ip="10.0.3.1")
    assert response.status_code == 410
    assert "has received all the answers it needs" in text(response)
    assert stored() == 2


def test_a_project_whose_evaluation_is_closed_takes_no_answer(english, world, survey):
    world.project.state = "evaluation_complete"
    world.project.save()
    response = post(english, survey, answers(ticket_value=ticket(survey)))
    assert response.status_code == 410
    assert stored() == 0


def test_the_project_page_counts_answers_just_in_and_changes_nothing(english, world, survey):
    """Staff see how many answers wait; the page view writes nothing; the drain stores them."""
    for ip in ("10.2.1.1", "10.2.2.1"):
        post(english, survey, answers(ticket_value=ticket(survey)), ip=ip)
    assert not Evaluation.objects.filter(source="customer").exists()  # taken, not yet handled
    english.force_login(world.leader)
    url = reverse("project_detail", args=(world.project.pk,))
    page = get_reading_only(english, url)
    assert "2 answers waiting" in text(page)
    assert not Evaluation.objects.filter(source="customer").exists()
    drained()
    page = english.get(url)
    assert "2 customer responses are held (survey not accepted, or flagged)" in text(page)
    assert "answers waiting" not in text(page)
    assert Evaluation.objects.filter(source="customer").count() == 2


def test_a_form_answered_before_an_upgrade_and_sent_again_is_not_stored_twice(client, survey):
    """Responses stored before submissions existed carry the same form token."""
    from greencert.web.surveys.models import Submission

    data = answers(ticket_value=ticket(survey))
    post(client, survey, data)
    assert stored() == 1
    Submission.objects.all().delete()  # as a database from before this version holds none
    assert post(client, survey, data).status_code == 303
    assert stored() == 1
    assert not Submission.objects.filter(drained=False).exists()
