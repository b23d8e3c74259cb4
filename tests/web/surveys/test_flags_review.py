"""Quality flags, and the auditor's include / exclude decision with its reason."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from greencert.web.audit.models import AuditEntry
from greencert.web.surveys.models import SurveyResponse
from greencert.web.surveys.submission import network_of
from tests.web.projects_support import english, text

from .support import answers, drained, open_survey, post, ticket

Status = SurveyResponse.Status


@pytest.fixture
def survey(world):
    return open_survey(world)


def responses():
    """The responses as staff see them (the answers posted so far turned into responses)."""
    drained()
    return SurveyResponse.objects.order_by("id")


def last():
    return responses().last()


def test_a_plain_response_is_not_flagged(client, survey):
    post(client, survey, answers(ticket_value=ticket(survey)))
    assert last().flags == [] and last().status == Status.INCLUDED


def test_answers_sent_faster_than_the_minimum_are_flagged(client, survey, settings):
    settings.SURVEY_MIN_SECONDS = 30
    post(client, survey, answers(ticket_value=ticket(survey, ago=5)))
    response = last()
    assert response.flags == ["too_fast"] and response.status == Status.HELD
    assert 5 <= response.seconds < 30  # shown 5 s before (a slow machine may add a few)


def test_the_same_answer_on_every_item_is_flagged(client, survey):
    post(client, survey, answers(every=5, ticket_value=ticket(survey)))
    assert last().flags == ["same_answers"] and last().status == Status.HELD


def test_a_second_response_from_one_device_is_flagged(survey):
    phone = Client()
    post(phone, survey, answers(ticket_value=ticket(survey)), ip="10.3.0.1")
    post(phone, survey, answers(ticket_value=ticket(survey)), ip="10.4.0.1")  # the cookie stays
    first, second = responses()
    assert first.flags == [] and second.flags == ["duplicate_device"]
    assert first.device == second.device and len(first.device) == 64  # a hash, not the cookie
    post(Client(), survey, answers(ticket_value=ticket(survey)), ip="10.5.0.1")
    assert last().flags == []  # another phone


def test_a_burst_from_one_network_holds_the_whole_burst(survey, settings):
    settings.SURVEY_BURST_COUNT = 3
    for ip in ("192.0.2.4", "192.0.2.77"):
        post(Client(), survey, answers(ticket_value=ticket(survey)), ip=ip)
    assert [r.flags for r in responses()] == [[], []]
    post(Client(), survey, answers(ticket_value=ticket(survey)), ip="192.0.2.200")
    post(Client(), survey, answers(ticket_value=ticket(survey)), ip="192.0.3.1")  # next /24
    flags = [r.flags for r in responses()]
    assert flags == [["network_burst"], ["network_burst"], ["network_burst"], []]
    assert [r.status for r in responses()][:3] == [Status.HELD] * 3


def test_ipv6_bursts_are_counted_per_48(survey, settings):
    settings.SURVEY_BURST_COUNT = 2
    post(Client(), survey, answers(ticket_value=ticket(survey)), ip="2001:db8:1:aa::1")
    post(Client(), survey, answers(ticket_value=ticket(survey)), ip="2001:db8:1:bb::2")
    post(Client(), survey, answers(ticket_value=ticket(survey)), ip="2001:db8:2::1")
    flags = [r.flags for r in responses()]
    assert flags == [["network_burst"], ["network_burst"], []]


@pytest.mark.parametrize(
    "address, network",
    [
        ("203.0.113.99", "203.0.113.0/24"),
        ("2001:db8:abcd:12::1", "2001:db8:abcd::/48"),
        ("::ffff:198.51.100.7", "198.51.100.0/24"),
        ("not an address", ""),
    ],
)
def test_only_the_network_of_an_address_is_kept(address, network):
    assert network_of(address) == network


def _review(client, survey, response, decision, reason):
    url = reverse("survey_response_review", args=(survey.pk, response.pk))
    prefix = f"r{response.pk}-"
    return client.post(url, {prefix + "decision": decision, prefix + "reason": reason})


def test_the_auditor_includes_or_excludes_a_flagged_response_with_a_reason(client, world, survey):
    post(client, survey, answers(every=5, ticket_value=ticket(survey)))
    flagged = last()
    c = english(client)
    c.force_login(world.leader)
    queue = c.get(reverse("survey_review", args=(survey.pk,)))
    assert f"S{survey.pk}-1" in text(queue)
    assert "the same answer on every item" in text(queue)
    assert "Flagged, awaiting review" in text(queue)

    response = _review(c, survey, flagged, "exclude", "同一设备连续提交，全部满分")
    assert response.status_code == 302
    flagged.refresh_from_db()
    assert flagged.status == Status.EXCLUDED
    assert flagged.reviewed_by == world.leader
    entry = AuditEntry.objects.get(action="greencert.survey_response.excluded")
    assert entry.actor == world.leader and entry.project == world.project
    assert entry.after["reason"] == "同一设备连续提交，全部满分"
    assert entry.before["status"] == "held" and entry.before["flags"] == ["same_answers"]

    _review(c, survey, flagged, "include", "电话核实：顾客确实非常满意")
    flagged.refresh_from_db()
    assert flagged.status == Status.INCLUDED
    assert flagged.evaluation.counts is False  # the survey is not accepted yet
    assert AuditEntry.objects.filter(action__startswith="greencert.survey_response.").count() == 2
    assert SurveyResponse.objects.count() == 1  # nothing deleted


def test_a_decision_without_a_reason_is_refused_and_changes_nothing(client, world, survey):
    post(client, survey, answers(every=5, ticket_value=ticket(survey)))
    flagged = last()
    c = english(client)
    c.force_login(world.evaluator)
    response = _review(c, survey, flagged, "include", "   ")
    assert response.status_code == 400
    assert "This field is required." in text(response)
    flagged.refresh_from_db()
    assert flagged.status == Status.HELD and flagged.reason == ""
    assert not AuditEntry.objects.filter(action__startswith="greencert.survey_response.").exists()
