"""The demo's story, through the pages: an administrator records a new organisation and
invites its contact; the invitation e-mail goes out (on the console in the demo); the
client sets a password and answers the nonconformity raised on their project."""

from __future__ import annotations

import datetime

from django.core import mail
from django.test import Client
from django.urls import reverse
from stdnum.cn import uscc

from greencert.core.assessment_input import Reference
from greencert.web import settings as product
from greencert.web.accounts.models import Role, User
from greencert.web.certification.models import Nonconformity
from greencert.web.certification.services.nonconformities import raise_nonconformity
from greencert.web.certification.services.project_states import change_state
from greencert.web.clients.models import Organisation, Site
from greencert.web.projects.models import Project, TeamMember
from greencert.web.projects.services.projects import create_project
from greencert.web.projects.services.team import add_team_member
from tests.web.accounts.support import link_in

PASSWORD = "Tengwang-pavilion-675"


def _project_with_a_finding(world, organisation) -> tuple[Project, Nonconformity]:
    """Set-up through the services (not under test here): a project, its team, a finding."""
    site = Site.objects.create(organisation=organisation, name="滕王阁服务中心")
    start = datetime.date(2026, 6, 1)
    project = create_project(
        actor=world.pm,
        organisation=organisation,
        kind=Project.Kind.INITIAL,
        scope="绿色会展服务",
        planned_start=start,
        planned_end=start,
        sites=[site],
    )
    add_team_member(actor=world.pm, project=project, user=world.leader, role=TeamMember.Role.LEADER)
    change_state(actor=world.pm, project=project, to=Project.State.IN_PROGRESS)
    nc = raise_nonconformity(
        actor=world.leader,
        project=project,
        ref=Reference("clause", "5.2"),
        severity="minor",
        description="应急预案未演练",
        evidence="2025 年无演练记录",
    )
    return project, nc


def test_a_new_client_is_invited_sets_a_password_and_answers_a_nonconformity(
    world, client, django_capture_on_commit_callbacks
):
    assert product.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"
    admin = client
    admin.force_login(world.admin)
    body = "91360100MA39ABCDE"
    admin.post(
        reverse("organisation_create"),
        {
            "name": "南昌会展服务有限公司",
            "address": "南昌市",
            "uscc": body + uscc.calc_check_digit(body),
        },
    )
    organisation = Organisation.objects.get(name="南昌会展服务有限公司")
    admin.post(
        reverse("contact_add", args=[organisation.pk]),
        {"name": "胡经理", "email": "hu@example.com"},
    )
    contact = organisation.contacts.get()
    page = admin.get(reverse("organisation_detail", args=[organisation.pk])).content.decode()
    assert "邀请联系人登录" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("organisation_user_invite", args=[organisation.pk]),
            {"contact": contact.pk, "username": "hu"},
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["hu@example.com"] and "hu" in message.body

    project, nc = _project_with_a_finding(world, organisation)

    newcomer = Client()
    form_url = newcomer.get(link_in(message.body))["Location"]
    landed = newcomer.post(
        form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD}, follow=True
    )
    assert "南昌会展服务有限公司" in landed.content.decode()
    user = User.objects.get(username="hu")
    assert (user.role, user.organisation) == (Role.CLIENT, organisation)

    detail = newcomer.get(reverse("nonconformity_detail", args=[project.pk, nc.pk]))
    assert "应急预案未演练" in detail.content.decode()
    answered = newcomer.post(
        reverse("nonconformity_answer", args=[project.pk, nc.pk]),
        {
            "correction": "已组织应急演练",
            "root_cause": "演练未列入年度计划",
            "action_plan": "纳入年度计划，每半年演练一次",
            "due_date": (datetime.date.today() + datetime.timedelta(days=60)).isoformat(),
        },
    )
    assert answered.status_code == 302
    nc.refresh_from_db()
    assert (nc.status, nc.answered_by) == ("answered", user)
    # What another organisation has stays out of reach.
    assert newcomer.get(reverse("organisation_detail", args=[world.alpha.pk])).status_code == 404
