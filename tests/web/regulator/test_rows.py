"""Report types of certificate events (the reissue decision: README, “换证的表示”)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from greencert.web.certification.models import CertificateEvent
from greencert.web.projects.models import Project
from greencert.web.regulator.rows import plan_number, report_type

Kind = CertificateEvent.Kind


@pytest.mark.parametrize(
    "kind, project_kind, expected",
    [
        (Kind.ISSUED, Project.Kind.INITIAL, "first_issue"),  # 01
        (Kind.REISSUED, Project.Kind.SURVEILLANCE, "surveillance"),  # 03
        (Kind.REISSUED, Project.Kind.RECERTIFICATION, "reissue"),  # 02
        (Kind.REISSUED, Project.Kind.INITIAL, "reissue"),  # a revised decision reissues: 02
        (Kind.SUSPENDED, Project.Kind.INITIAL, "status_change"),  # 05
        (Kind.REINSTATED, Project.Kind.SURVEILLANCE, "status_change"),
        (Kind.WITHDRAWN, Project.Kind.RECERTIFICATION, "status_change"),
    ],
)
def test_each_event_has_its_report_type(kind, project_kind, expected):
    event = SimpleNamespace(kind=kind)
    assert report_type(event, SimpleNamespace(kind=project_kind)) == expected


def test_a_plan_number_is_the_projects_prefixed_r():
    assert plan_number(SimpleNamespace(code="GC-2026-0007")) == "RGC-2026-0007"
