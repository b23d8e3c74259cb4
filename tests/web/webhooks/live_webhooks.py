"""The child side of test_worker.py, run with the worker's environment (its data folder,
``REDIS_URL`` when queuing):

    python -m tests.web.webhooks.live_webhooks seed URL SECRET   # migrate, a world, an endpoint
    python -m tests.web.webhooks.live_webhooks event             # a test event (queued on the broker)
    python -m tests.web.webhooks.live_webhooks state             # the log's attempts and the states
"""

from __future__ import annotations

import json
import sys

import django


def seed(url: str, secret: str) -> dict:
    from django.core.management import call_command

    from greencert.web.webhooks.services import register_endpoint
    from tests.web.conftest import build_world

    call_command("migrate", verbosity=0)
    world = build_world()
    endpoint, _secret = register_endpoint(
        actor=world.admin, url=url, description="", events=["decision.made"], secret=secret
    )
    return {"endpoint": endpoint.pk}


def event() -> dict:
    from greencert.web.accounts.models import User
    from greencert.web.webhooks.models import Endpoint
    from greencert.web.webhooks.services import send_test_event

    admin = User.objects.get(username="admin")
    return {"event": str(send_test_event(actor=admin, endpoint=Endpoint.objects.get()).event_id)}


def state() -> dict:
    from greencert.web.webhooks.models import Attempt, Delivery

    return {
        "attempts": [[a.number, a.status_code] for a in Attempt.objects.order_by("number")],
        "states": list(Delivery.objects.values_list("state", flat=True)),
    }


if __name__ == "__main__":
    django.setup()
    command = sys.argv[1]
    if command == "seed":
        print(json.dumps(seed(sys.argv[2], sys.argv[3])))
    elif command == "event":
        print(json.dumps(event()))
    else:
        print(json.dumps(state()))
