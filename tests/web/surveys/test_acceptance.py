"""The acceptance rule is written once: the Python check and the SQL guard agree."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from greencert.web.projects.models import Project
from greencert.web.surveys import acceptance
from greencert.web.surveys.models import Survey

from .support import open_survey

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def takes_a_response_in_sql(survey) -> bool:
    guard, params = acceptance.guard_sql(connection.vendor)
    params = params | {
        "survey": survey.pk,
        "today": connection.ops.adapt_datefield_value(TODAY),
    }
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {Survey._meta.db_table} WHERE {guard}", params)
        return cursor.fetchone() is not None


@pytest.mark.parametrize(
    "survey_change, project_state, expected",
    [
        ({}, "in_progress", None),
        ({}, "planned", None),
        ({"state": "closed"}, "in_progress", "closed"),
        ({"state": "accepted"}, "in_progress", "closed"),
        ({}, "evaluation_complete", "closed"),
        ({"opens_on": TODAY + DAY, "closes_on": TODAY + 2 * DAY}, "in_progress", "not_yet"),
        ({"opens_on": TODAY, "closes_on": TODAY}, "in_progress", None),
        ({"opens_on": TODAY - 2 * DAY, "closes_on": TODAY - DAY}, "in_progress", "ended"),
        ({"max_responses": 2, "online_count": 1}, "in_progress", None),
        ({"max_responses": 2, "online_count": 2}, "in_progress", "full"),
    ],
)
def test_python_and_sql_read_the_same_rule(world, survey_change, project_state, expected):
    survey = open_survey(world)
    Survey.objects.filter(pk=survey.pk).update(**survey_change)
    Project.objects.filter(pk=world.project.pk).update(state=project_state)
    survey = Survey.objects.select_related("project").get(pk=survey.pk)
    assert acceptance.refusal(survey, TODAY) == expected
    assert takes_a_response_in_sql(survey) == (expected is None)
