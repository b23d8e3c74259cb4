"""The worker side of tests/web/test_tasks_worker.py, run in child processes with the
worker's environment (its data folder or database, ``REDIS_URL``):

    python -m tests.web.live_tasks seed N     # migrate, a world with an open survey, N answers
                                              # waiting, and the beta project's certificate
    python -m tests.web.live_tasks more N     # N more answers to that survey
    python -m tests.web.live_tasks queue      # queue one drain on the broker (as beat would)
    python -m tests.web.live_tasks state      # answers waiting and responses made, as JSON
    python -m tests.web.live_tasks ask        # the manager asks for the register (POST)
    python -m tests.web.live_tasks export     # that export's state, as JSON
    python -m tests.web.live_tasks download   # the manager downloads it: the numbers it lists
"""

from __future__ import annotations

import json
import sys

import django


def seed(count: int) -> dict:
    from django.core.management import call_command

    from greencert.web.certification.services.project_states import change_state
    from greencert.web.projects.models import Project
    from tests.web.certification.certificate_support import issue
    from tests.web.conftest import build_world
    from tests.web.surveys.support import open_survey

    call_command("migrate", verbosity=0)
    world = build_world()
    change_state(actor=world.leader, project=world.project, to=Project.State.IN_PROGRESS)
    survey = open_survey(world)
    answer(survey, range(count))
    certificate = issue(world, world.beta_project)
    return {"survey": survey.pk, "number": certificate.number}


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


def manager():
    """A test client logged in as the project manager, on the host the server accepts."""
    from django.test import Client

    from greencert.web.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="pm"))
    return client


def ask() -> dict:
    from django.urls import reverse

    from greencert.web.documents.models import Export

    response = manager().post(reverse("export_register"))
    return {"status": response.status_code, "state": Export.objects.get().state}


def export() -> dict:
    from greencert.web.documents.models import Export

    return {"state": Export.objects.get().state}


def download() -> dict:
    import io

    import openpyxl
    from django.urls import reverse

    from greencert.web.documents.models import Export

    response = manager().get(reverse("export_download", args=[Export.objects.get().pk]))
    if response.status_code != 200:
        return {"status": response.status_code}
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row]
    return {"status": 200, "numbers": [c for c in cells if str(c).startswith("TB-")]}


if __name__ == "__main__":
    django.setup()
    command = sys.argv[1]
    if command == "seed":
        print(json.dumps(seed(int(sys.argv[2]))))
    elif command == "more":
        print(json.dumps(more(int(sys.argv[2]))))
    elif command == "queue":
        print(json.dumps(queue()))
    elif command == "state":
        print(json.dumps(state()))
    else:
        print(json.dumps({"ask": ask, "export": export, "download": download}[command]()))
