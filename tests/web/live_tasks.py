"""The worker side of tests/web/test_tasks_worker.py, run in child processes with the
worker's environment (its data folder or database, ``REDIS_URL``):

    python -m tests.web.live_tasks seed N     # migrate, a world with an open survey, N answers waiting
    python -m tests.web.live_tasks more N     # N more answers to that survey
    python -m tests.web.live_tasks queue      # queue one drain on the broker (as beat would)
    python -m tests.web.live_tasks state      # answers waiting and responses made, as JSON
"""

from __future__ import annotations

import json
import sys

import django


def seed(count: int) -> dict:
    from django.core.management import call_command

    from greencert.web.certification.services.project_states import change_state
    from greencert.web.projects.models import Project
    from tests.web.conftest import build_world
    from tests.web.surveys.support import open_survey

    call_command("migrate", verbosity=0)
    world = build_world()
    change_state(actor=world.leader, project=world.project, to=Project.State.IN_PROGRESS)
    survey = open_survey(world)
    answer(survey, range(count))
    return {"survey": survey.pk}


def more(count: int) -> dict:
    from greencert.web.surveys.models import Submission, Survey

    survey = Survey.objects.get()
    first = Submission.objects.count()
    answer(survey, range(first, first + count))
    return {"survey": survey.pk}


def answer(survey, numbers) -> None:
    """Answers posted as the public page stores them, each from its own phone and network."""
    from django.http import QueryDict

    from greencert.web.surveys.submission import submit_online
    from tests.web.surveys.support import answers, ticket

    for n in numbers:
        post = QueryDict(mutable=True)
        post.update(answers(ticket_value=ticket(survey, nonce=f"live-{n}")))
        submit_online(token=survey.token, post=post, device=f"device-{n}", network=f"10.0.{n}.0")


def queue() -> dict:
    from greencert.web.surveys.tasks import drain_surveys

    return {"id": drain_surveys.delay().id}


def state() -> dict:
    from greencert.web.surveys.models import Submission, SurveyResponse

    return {
        "waiting": Submission.objects.filter(drained=False).count(),
        "responses": SurveyResponse.objects.count(),
    }


if __name__ == "__main__":
    django.setup()
    command = sys.argv[1]
    if command == "seed":
        print(json.dumps(seed(int(sys.argv[2]))))
    elif command == "more":
        print(json.dumps(more(int(sys.argv[2]))))
    elif command == "queue":
        print(json.dumps(queue()))
    else:
        print(json.dumps(state()))
