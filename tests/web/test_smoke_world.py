"""The personas themselves hold together (a failing fixture would hide every other failure)."""

from greencert.web.projects.access import visible_projects
from greencert.web.projects.models import Assessment


def test_world_projects_have_official_assessments_pinned_to_the_scheme(world):
    assessment = world.project.assessment
    assert assessment.kind == Assessment.Kind.OFFICIAL
    assert assessment.scheme_label == "CTS TBSC041-2026 B/0"
    assert len(assessment.scheme_hash) == 64


def test_auditors_see_only_their_team_projects(world):
    assert list(visible_projects(world.leader)) == [world.project]
    assert list(visible_projects(world.auditor_off)) == []
    assert list(visible_projects(world.client)) == [world.project]
    assert set(visible_projects(world.reviewer)) == {world.project, world.beta_project}
