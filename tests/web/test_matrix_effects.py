"""The matrices' effect check can fail: a changed row, a refusal that redirects, a refused
request that writes, a write without its audit entry or with more than it names."""

from __future__ import annotations

import pytest
from django.http import HttpResponseNotFound, HttpResponseRedirect
from django.urls import reverse

from greencert.web.clients.models import Organisation, Site
from greencert.web.clients.services import add_site
from greencert.web.projects.models import Project
from tests.web.fingerprint import changed_tables, fingerprint
from tests.web.matrix import post_checked, writes
from tests.web.sheet_helpers import browser

pytestmark = pytest.mark.django_db

JOINED = writes("projects.TeamMember", audit="greencert.team.added")


def test_a_changed_value_or_link_changes_the_fingerprint(world):
    before = fingerprint()
    Organisation.objects.filter(pk=world.alpha.pk).update(address="南昌市西湖区")  # same count
    world.project.sites.remove(world.site)
    assert changed_tables(before, fingerprint()) == {
        "clients_organisation",
        "projects_project_sites",
    }


def test_a_refusal_that_redirects_does_not_pass_for_a_write(world, client):
    """The team of a decided project is frozen: the page redirects with its error message."""
    Project.objects.filter(pk=world.project.pk).update(state=Project.State.DECIDED)
    browser(client, world.pm)
    url = reverse("project_team", args=[world.project.pk])
    data = {"action": "add", "user": world.auditor_off.pk, "role": "evaluator"}
    with pytest.raises(AssertionError, match=r"changed \[\], expected"):
        post_checked(client, url, data, allowed=True, effect=JOINED)


class _WritesThenRefuses:
    """A page that stores a site and then answers 404."""

    def __init__(self, organisation):
        self.organisation = organisation

    def post(self, url, data):
        Site.objects.create(organisation=self.organisation, name="不该存在的网点")
        return HttpResponseNotFound()


def test_a_refused_request_that_writes_is_caught(world):
    with pytest.raises(
        AssertionError, match=r"refused POST /x/ \(404\) changed \{'clients_site'\}"
    ):
        post_checked(_WritesThenRefuses(world.alpha), "/x/", {}, allowed=False, effect=JOINED)


class _Adds:
    """A page that adds a site through the audited service, or behind its back."""

    def __init__(self, world, *, audited: bool):
        self.world, self.audited = world, audited

    def post(self, url, data):
        name = f"新网点 {Site.objects.count()}"
        if self.audited:
            add_site(actor=self.world.pm, organisation=self.world.alpha, name=name)
        else:
            Site.objects.create(organisation=self.world.alpha, name=name)
        return HttpResponseRedirect("/done/")


def test_an_allowed_write_must_change_exactly_what_it_names_and_be_audited(world):
    added = writes("clients.Site", audit="greencert.site.created")
    post_checked(_Adds(world, audited=True), "/x/", {}, allowed=True, effect=added)
    with pytest.raises(AssertionError, match=r"changed \['clients_site'\], expected"):
        post_checked(_Adds(world, audited=False), "/x/", {}, allowed=True, effect=added)
    with pytest.raises(AssertionError, match=r"expected \[.*'clients_service'\]"):
        post_checked(
            _Adds(world, audited=True),
            "/x/",
            {},
            allowed=True,
            effect=writes("clients.Service", audit="greencert.site.created"),
        )
    with pytest.raises(AssertionError, match=r"recorded \{'greencert\.site\.created'\}"):
        post_checked(
            _Adds(world, audited=True),
            "/x/",
            {},
            allowed=True,
            effect=writes("clients.Site", audit="greencert.service.created"),
        )


def test_a_post_without_its_effect_named_is_refused(world, client):
    with pytest.raises(AssertionError, match="name its effect"):
        post_checked(client, "/x/", {}, allowed=True, effect=None)
