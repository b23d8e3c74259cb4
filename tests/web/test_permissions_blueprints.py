"""Who may open a service blueprint page (§4.2.2 2)①), every persona × every method.

Everyone who sees the project reads its blueprints — its team, administrators,
other staff and the clients of its organisation; the team and administrators
edit them.  An auditor off the team and another organisation's client get
404, and so does everyone for a site or service that is not the project's.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from greencert.web.clients.models import Service, Site
from greencert.web.projects.models import ServiceBlueprint
from greencert.web.projects.services.blueprints import save_blueprint
from greencert.web.projects.urls import blueprints
from tests.web import matrix
from tests.web.matrix import NOTHING, get_reading_only, post_checked, undone, writes
from tests.web.sheet_helpers import browser

PERSONAS = ["anonymous", *matrix.PERSONAS]
EDITORS = {"admin", "leader", "evaluator"}
READERS = EDITORS | {"pm", "reviewer", "decider", "client"}
STEP = {"steps": [{"customer": "到店咨询"}]}


@dataclass
class Objects:
    project: int
    site: int
    service: int
    other_site: int  # the organisation's, but not in the project
    beta_site: int


@pytest.fixture
def objects(world) -> Objects:
    save_blueprint(
        actor=world.leader,
        project=world.project,
        site=world.site,
        service=world.service,
        data=STEP,
        expected_version=0,
    )
    return Objects(
        project=world.project.pk,
        site=world.site.pk,
        service=world.service.pk,
        other_site=Site.objects.create(organisation=world.alpha, name="未列入的网点").pk,
        beta_site=world.beta_project.sites.get().pk,
    )


NEW_STEPS = {
    "version": "1",
    "form-TOTAL_FORMS": "1",
    "form-INITIAL_FORMS": "0",
    "form-0-customer": "改写的步骤",
    "save": "1",
}
CHANGED = writes("projects.ServiceBlueprint", audit="greencert.blueprint.changed")
HERE = lambda o: (o.project, o.site, o.service)  # noqa: E731

# (url name, arguments from the objects, method, {persona: status}, POST data, what an
# allowed POST changes); anyone else: 404.
CASES = [
    ("blueprint_edit", HERE, "get", dict.fromkeys(READERS, 200), None, None),
    ("blueprint_edit", HERE, "post", dict.fromkeys(EDITORS, 302), NEW_STEPS, CHANGED),
    # An empty POST (no steps' management data): the page again, nothing stored.
    ("blueprint_edit", HERE, "post", dict.fromkeys(EDITORS, 200), {}, NOTHING),
    ("blueprint_edit", lambda o: (o.project, o.other_site, o.service), "get", {}, None, None),
    ("blueprint_edit", lambda o: (o.project, o.beta_site, o.service), "get", {}, None, None),
]


def _id(case) -> str:
    name, _, method, allowed, data, _ = case
    empty = " (empty)" if data == {} else ""
    return f"{method.upper()} {name}{empty} → {','.join(sorted(allowed)) or 'nobody'}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_who_may_open_the_blueprint_page(world, objects, case):
    """Every persona from the same data: what one of them writes is undone for the next."""
    name, args, method, allowed, data, effect = case
    url = reverse(name, args=args(objects))
    users = world.users()
    seen, expected = {}, {}
    for persona in PERSONAS:
        client = Client()
        if persona != "anonymous":
            browser(client, users[persona])
        may = persona in allowed
        with undone():
            if method == "get":
                response = get_reading_only(client, url)
            else:
                response = post_checked(client, url, data, allowed=may, effect=effect)
        seen[persona] = response.status_code
        expected[persona] = 302 if persona == "anonymous" else allowed.get(persona, 404)
        if persona == "anonymous":
            assert response["Location"].startswith(reverse("login"))
    assert seen == expected


def test_every_blueprint_view_is_in_the_matrix():
    assert {p.name for p in blueprints.urlpatterns} == {case[0] for case in CASES}


def _post_new_steps(client, url):
    return client.post(url, NEW_STEPS)


def test_readers_see_the_drawing_but_cannot_change_it(world, objects):
    url = reverse("blueprint_edit", args=(objects.project, objects.site, objects.service))
    for persona in ("pm", "reviewer", "decider", "client"):
        client = browser(Client(), world.users()[persona])
        page = get_reading_only(client, url).content.decode()
        assert "<svg" in page and "到店咨询" in page
        assert 'name="form-0-customer"' not in page  # no form to edit
        assert _post_new_steps(client, url).status_code == 404
    for persona in ("auditor_off", "beta_client"):
        assert _post_new_steps(browser(Client(), world.users()[persona]), url).status_code == 404
    stored = ServiceBlueprint.objects.get()
    assert (stored.version, stored.data["steps"][0]["customer"]) == (1, "到店咨询")


def test_an_editor_changes_it(world, objects):
    url = reverse("blueprint_edit", args=(objects.project, objects.site, objects.service))
    response = _post_new_steps(browser(Client(), world.evaluator), url)
    assert response.status_code == 302
    stored = ServiceBlueprint.objects.get()
    assert (stored.version, stored.data["steps"][0]["customer"]) == (2, "改写的步骤")
    assert stored.updated_by == world.evaluator


def test_a_service_outside_the_project_is_not_found(world, objects):
    service = Service.objects.create(organisation=world.alpha, name="未列入的服务")
    url = reverse("blueprint_edit", args=(objects.project, objects.site, service.pk))
    assert browser(Client(), world.admin).get(url).status_code == 404
