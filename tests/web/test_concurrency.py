"""Two people open the same sheet; the second to save must not overwrite the first.

Each person's page carries the version it was opened with; a save with a
stale version is refused with HTTP 409, a clear message and the values the
person typed, and the database keeps the first person's values.
"""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from greencert.web.projects.models import ClauseRating, Evaluation
from tests.web.sheet_helpers import add_evaluation, browser, maturity, sheet, version_on


def test_a_stale_evaluation_save_is_refused_and_the_first_save_stays(world):
    evaluation = add_evaluation(world.project.assessment, world.leader)
    url = reverse("evaluation_edit", args=(world.project.pk, evaluation.pk))
    first, second = browser(Client(), world.leader), browser(Client(), world.evaluator)
    first_version = version_on(first.get(url))
    second_version = version_on(second.get(url))
    assert first_version == second_version == "0"

    saved = first.post(url, sheet(every="0.7", code="E1", version=first_version))
    assert saved.status_code == 302

    refused = second.post(url, sheet(every="0.3", code="E1", version=second_version))
    page = refused.content.decode()
    assert refused.status_code == 409
    assert "Evaluation E1 was changed by someone else after you opened it." in page
    assert "Your changes were not saved" in page
    assert 'name="alpha_1.1" value="0.3"' in page  # what the second person typed is kept

    evaluation = Evaluation.objects.get()
    assert evaluation.version == 1
    assert {str(r.alpha) for r in evaluation.ratings.all()} == {"0.70"}


def test_reloading_after_a_conflict_allows_saving_again(world):
    evaluation = add_evaluation(world.project.assessment, world.leader)
    url = reverse("evaluation_edit", args=(world.project.pk, evaluation.pk))
    first, second = browser(Client(), world.leader), browser(Client(), world.evaluator)
    stale = version_on(second.get(url))
    first.post(url, sheet(every="0.7", code="E1", version=version_on(first.get(url))))
    assert second.post(url, sheet(every="0.3", code="E1", version=stale)).status_code == 409
    fresh = version_on(second.get(url))
    assert fresh == "1"
    assert second.post(url, sheet(every="0.3", code="E1", version=fresh)).status_code == 302
    assert {str(r.alpha) for r in Evaluation.objects.get().ratings.all()} == {"0.30"}


def test_a_stale_maturity_save_is_refused_and_the_first_save_stays(world):
    url = reverse("maturity_edit", args=(world.project.pk,))
    first, second = browser(Client(), world.leader), browser(Client(), world.admin)
    first_version = version_on(first.get(url))
    second_version = version_on(second.get(url))

    assert first.post(url, maturity(every=3, version=first_version)).status_code == 302
    refused = second.post(url, maturity(every=5, version=second_version))
    page = refused.content.decode()
    assert refused.status_code == 409
    assert "The maturity sheet was changed by someone else after you opened it." in page
    assert "Your changes were not saved" in page
    assert '<option value="5" selected>' in page  # the second person's choice is kept
    assert set(ClauseRating.objects.values_list("level", flat=True)) == {3}


def test_deleting_a_sheet_someone_just_changed_is_refused(world):
    evaluation = add_evaluation(world.project.assessment, world.leader)
    url = reverse("evaluation_edit", args=(world.project.pk, evaluation.pk))
    first, second = browser(Client(), world.leader), browser(Client(), world.evaluator)
    stale = version_on(second.get(url))
    first.post(url, sheet(every="0.7", code="E1", version=version_on(first.get(url))))
    delete = reverse("evaluation_delete", args=(world.project.pk, evaluation.pk))
    assert second.post(delete, {"version": stale}).status_code == 409
    assert Evaluation.objects.count() == 1
