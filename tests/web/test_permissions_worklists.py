"""Who may open the landing page: every person logged in, each seeing only their own lists.

Nobody gets 404 here: the page is everyone's; what differs is which lists it
holds, which is checked per persona (and what the lists hold in test_worklists).
Anonymous visitors are sent to log in.  The page reads and never writes.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.web.matrix import assert_outcome, get_reading_only
from tests.web.worklists_support import worklists

MANAGER = ["applications", "to_plan", "to_issue", "surveillance", "complaints"]
TEAM = ["sheets", "to_move", "to_verify"]
CLIENT = ["to_answer", "certificates", "reports", "surveys"]
# Each persona of tests/web/conftest.py and the lists their page holds, in order.
LISTS = {
    "admin": [*MANAGER, "regulator", "reviews", "decisions"],
    "pm": MANAGER,
    "leader": [*TEAM, "complaints"],
    "evaluator": [*TEAM, "complaints"],
    "auditor_off": [*TEAM, "complaints"],
    "reviewer": ["reviews", "complaints"],
    "decider": ["decisions", "complaints"],
    "client": CLIENT,
    "beta_client": CLIENT,
}
CASES = [("home", "get", set(LISTS))]


@pytest.mark.parametrize("persona", sorted(LISTS))
def test_every_person_lands_on_their_own_lists(world, client, persona):
    client.force_login(world.users()[persona])
    response = get_reading_only(client, reverse("home"))
    assert_outcome(client, response, allowed=True, method="get")
    assert list(worklists(response)) == LISTS[persona]


def test_anonymous_visitors_are_sent_to_log_in(world, client):
    response = get_reading_only(client, reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
