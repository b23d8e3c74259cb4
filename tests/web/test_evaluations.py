"""The evaluation sheet: what an auditor types, what is stored, what the page shows.

Every figure asserted here is worked out by hand from the scheme (RULES.md §1):
item points = weight × α, evaluation score = Σ points, service score = mean,
rounded once half-up to 1 decimal.
"""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from greencert.web.certification.services.project_states import change_state
from greencert.web.clients.models import Site
from greencert.web.projects.models import Evaluation, Evidence, ItemRating, Project
from greencert.web.projects.scoring import score
from tests.web.sheet_helpers import ITEMS, add_evaluation, browser, sheet


def create_url(project):
    return reverse("evaluation_create", args=(project.pk,))


def edit_url(evaluation):
    return reverse("evaluation_edit", args=(evaluation.assessment.project_id, evaluation.pk))


def nothing_stored():
    return (
        Evaluation.objects.count() == 0
        and ItemRating.objects.count() == 0
        and Evidence.objects.count() == 0
    )


# --- Creating ---------------------------------------------------------------------------------


def test_creating_an_evaluation_stores_19_ratings_and_shows_its_score(world, client):
    c = browser(client, world.leader)
    # All α 0.9 except 1.2 = 1.0 (weight 7): the other 18 weights sum to 100 − 7 = 93,
    # so the score is 0.9 × 93 + 1.0 × 7 = 83.7 + 7 = 90.70; with one evaluation the
    # service score is 90.7.
    response = c.post(create_url(world.project), sheet(alpha={"1.2": "1.0"}, site=world.site.pk))
    evaluation = Evaluation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == edit_url(evaluation)
    assert evaluation.code == "E1"  # the default id
    assert evaluation.site == world.site
    assert evaluation.source == "auditor"
    assert evaluation.created_by == world.leader
    ratings = {r.item_id: r for r in evaluation.ratings.all()}
    assert sorted(ratings) == sorted(ITEMS)
    assert str(ratings["1.2"].alpha) == "1.00"
    assert str(ratings["7.1"].alpha) == "0.90"

    page = c.get(response["Location"]).content.decode()
    assert "Evaluation E1 saved." in page
    assert "data-running-total>90.70<" in page
    assert "data-live-score>90.7<" in page
    assert "(n = 1)" in page
    # Item 1.2: 7 × 1.0 = 7.00 in band 5; item 7.1: 8 × 0.9 = 7.20 in band 5 (0.8, 1].
    assert 'id="fig-1_2"' in page
    assert "<span data-points>7.00</span>" in page
    assert "<span data-points>7.20</span>" in page


def test_the_evaluation_id_may_be_given(world, client):
    c = browser(client, world.evaluator)
    c.post(create_url(world.project), sheet(code="Visit-3"))
    assert Evaluation.objects.get().code == "Visit-3"


def test_a_likert_level_stands_for_its_band_upper_bound(world, client):
    c = browser(client, world.leader)
    # Level 4 (高于预期, (0.6, 0.8]) maps to α 0.8 (RULES.md §1). Every item at level 4
    # scores 0.8 × 100 = 80.00; item 1.2 alone scores 7 × 0.8 = 5.60.
    response = c.post(create_url(world.project), sheet(likert={i: 4 for i in ITEMS}))
    evaluation = Evaluation.objects.get()
    rating = evaluation.ratings.get(item_id="1.2")
    assert (rating.likert, rating.alpha) == (4, None)  # the level is stored, not an α
    page = c.get(response["Location"]).content.decode()
    assert "data-running-total>80.00<" in page
    assert "<span data-points>5.60</span>" in page
    assert '<option value="4" selected>4 Above expectations</option>' in page


def test_alpha_and_likert_mix_on_one_sheet(world, client):
    c = browser(client, world.leader)
    # 1.1 at level 2 → α 0.4 → 5 × 0.4 = 2.00; the other 18 items α 1.0 → 100 − 5 = 95;
    # total 97.00.
    c.post(create_url(world.project), sheet(likert={"1.1": 2}, every="1.0"))
    page = c.get(edit_url(Evaluation.objects.get())).content.decode()
    assert "data-running-total>97.00<" in page
    assert "<span data-points>2.00</span>" in page


# --- Bad input: a clear error, the values kept, nothing stored ---------------------------------


def _beta_site():
    return Site.objects.get(name="朝阳网点")


BAD_SHEETS = [
    # (what, post data changes, text that must be on the page)
    ("missing item", {"alpha_7.1": ""}, "Items not rated: 7.1. Every item must be rated."),
    ("α outside [0, 1]", {"alpha_2.1": "1.2"}, "Item 2.1: α 1.2 is outside [0, 1]"),
    ("α negative", {"alpha_2.2": "-0.1"}, "Item 2.2: α -0.1 is outside [0, 1]"),
    ("α not a number", {"alpha_2.3": "abc"}, "Item 2.3: α &#x27;abc&#x27; is not a number"),
    ("α with 3 decimals", {"alpha_3.3": "0.855"}, "Item 3.3: α 0.855 has more than 2 decimals"),
    ("Likert 6", {"alpha_4.1": "", "likert_4.1": "6"}, "Item 4.1: Likert level &#x27;6&#x27;"),
    ("both given", {"likert_3.1": "3"}, "Item 3.1: α 0.9 and Likert level 3 are both given"),
    ("tampered item id", {"alpha_9.9": "0.5"}, "Item 9.9 is not part of the scheme"),
    ("bad date", {"date": "2026-02-30"}, "Date: Enter a valid date."),
    ("no evaluator", {"evaluator": ""}, "Evaluator: This field is required."),
    ("self source on an official sheet", {"source": "self"}, "Source: Select a valid choice."),
]


@pytest.mark.parametrize("what, changes, message", BAD_SHEETS, ids=[b[0] for b in BAD_SHEETS])
def test_bad_input_is_refused_with_a_clear_error_and_nothing_is_stored(
    world, client, what, changes, message
):
    c = browser(client, world.leader)
    response = c.post(create_url(world.project), sheet(**{}) | changes)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The sheet was not saved." in page
    assert message in page
    assert nothing_stored()
    # What was typed comes back: the α of an untouched row is still there.
    assert 'name="alpha_1.1" value="0.9"' in page


def test_an_item_problem_is_shown_at_the_top_and_next_to_its_row(world, client):
    c = browser(client, world.leader)
    page = c.post(create_url(world.project), sheet(alpha={"2.1": "1.2"})).content.decode()
    top, rows = page.split('class="sheet-table', 1)
    assert "Item 2.1: α 1.2 is outside [0, 1]" in top
    assert "Item 2.1: α 1.2 is outside [0, 1]" in rows
    assert '<tr id="item-2_1" class="has-error">' in rows
    assert 'name="alpha_2.1" value="1.2"' in page  # kept as typed


def test_every_missing_item_is_named(world, client):
    c = browser(client, world.leader)
    data = sheet() | {"alpha_1.3": "", "alpha_5.2": "", "alpha_7.1": ""}
    page = c.post(create_url(world.project), data).content.decode()
    assert "Items not rated: 1.3, 5.2, 7.1." in page
    assert "Item 5.2: not rated: give α or a Likert level" in page
    assert nothing_stored()


def test_a_site_of_another_organisation_is_refused(world, client):
    c = browser(client, world.leader)
    page = c.post(create_url(world.project), sheet(site=_beta_site().pk)).content.decode()
    assert "Site: Select a valid choice." in page
    assert _beta_site().name not in page.split('<select name="site"')[1].split("</select>")[0]
    assert nothing_stored()


def test_an_evaluation_id_used_twice_is_refused(world, client):
    add_evaluation(world.project.assessment, world.leader, code="E7")
    c = browser(client, world.leader)
    page = c.post(create_url(world.project), sheet(code="E7")).content.decode()
    assert "E7: this evaluation id is already used in the project" in page
    assert Evaluation.objects.count() == 1


# --- Running figures -------------------------------------------------------------------------


def test_the_preview_fragment_shows_the_running_total_and_what_is_missing(world, client):
    c = browser(client, world.leader)
    url = reverse("evaluation_preview", args=(world.project.pk,))
    # Only 1.1 (α 1.0 → 5.00) and 1.2 (Likert 4 → α 0.8 → 7 × 0.8 = 5.60) rated: 10.60,
    # 19 − 2 = 17 items still to rate.
    data = sheet(alpha={"1.1": "1.0"}, likert={"1.2": 4}, every=None)
    response = c.post(url, data, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page  # a fragment, not a page
    assert "data-running-total>10.60<" in page
    assert "17 items still to rate" in page
    assert '<span id="fig-1_2" class="item-figure" hx-swap-oob="true">' in page
    assert "<span data-points>5.60</span>" in page
    assert Evaluation.objects.count() == 0  # a preview never stores


def test_the_preview_shows_the_project_result_if_the_sheet_were_saved(world, client):
    add_evaluation(world.project.assessment, world.leader, alpha={"1.2": "1.0"})  # 90.70
    c = browser(client, world.leader)
    url = reverse("evaluation_preview", args=(world.project.pk,))
    # With a new sheet at α 0.8 everywhere (80.00): mean (90.70 + 80.00) / 2 = 85.35,
    # rounded once half-up → 85.4, n = 2.
    page = c.post(url, sheet(every="0.8")).content.decode()
    assert "data-running-total>80.00<" in page
    assert "data-live-score>85.4<" in page
    assert "(n = 2)" in page
    # Editing E1 itself to α 0.8 everywhere replaces it: 80.0, n = 1.
    e1 = Evaluation.objects.get()
    page = c.post(f"{url}?evaluation={e1.pk}", sheet(every="0.8")).content.decode()
    assert "data-live-score>80.0<" in page
    assert "(n = 1)" in page


def test_without_javascript_recalculate_shows_the_figures_and_saves_nothing(world, client):
    c = browser(client, world.leader)
    data = sheet(every="0.5") | {"preview": "1"}
    data.pop("save")
    response = c.post(create_url(world.project), data)
    page = response.content.decode()
    # 0.5 × 100 = 50.00
    assert response.status_code == 200
    assert "data-running-total>50.00<" in page
    assert "data-live-score>50.0<" in page
    assert "The sheet was not saved." not in page
    assert Evaluation.objects.count() == 0


def test_the_form_posts_its_figures_to_the_preview_with_htmx(world, client):
    page = browser(client, world.leader).get(create_url(world.project)).content.decode()
    assert f'hx-post="{reverse("evaluation_preview", args=(world.project.pk,))}"' in page
    assert 'hx-trigger="input changed delay:300ms"' in page
    assert 'hx-target="#sheet-figures"' in page
    assert 'name="preview"' in page  # the button that works without JavaScript


# --- Editing and deleting ---------------------------------------------------------------------


def test_editing_replaces_the_sheet_and_moves_the_version_on(world, client):
    evaluation = add_evaluation(world.project.assessment, world.leader)
    c = browser(client, world.evaluator)
    data = sheet(every="0.6", code=evaluation.code, version=str(evaluation.version))
    response = c.post(edit_url(evaluation), data)
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.version == 1
    assert {str(r.alpha) for r in evaluation.ratings.all()} == {"0.60"}
    # 0.6 × 100 = 60.00
    assert "data-running-total>60.00<" in c.get(edit_url(evaluation)).content.decode()


def test_deleting_needs_the_current_version(world, client):
    evaluation = add_evaluation(world.project.assessment, world.leader)
    c = browser(client, world.leader)
    url = reverse("evaluation_delete", args=(world.project.pk, evaluation.pk))
    stale = c.post(url, {"version": "5"})
    assert stale.status_code == 409
    assert "changed by someone else" in stale.content.decode()
    assert Evaluation.objects.count() == 1
    response = c.post(url, {"version": str(evaluation.version)})
    assert response.status_code == 302
    assert response["Location"] == reverse("project_detail", args=(world.project.pk,))
    assert Evaluation.objects.count() == 0


def test_others_who_see_the_project_may_read_the_sheet_but_not_change_it(world, client):
    evaluation = add_evaluation(world.project.assessment, world.leader)
    page = browser(client, world.reviewer).get(edit_url(evaluation)).content.decode()
    assert "Read only" in page
    assert 'name="save"' not in page
    assert '<fieldset class="plain" disabled>' in page
    assert "hx-post" not in page
    assert 'name="alpha_1.1" value="0.90"' in page


def test_a_closed_project_keeps_its_sheets(world, client):
    evaluation = add_evaluation(world.project.assessment, world.leader)
    change_state(actor=world.pm, project=world.project, to=Project.State.IN_PROGRESS)
    change_state(actor=world.pm, project=world.project, to=Project.State.EVALUATION_COMPLETE)
    c = browser(client, world.leader)
    page = c.get(edit_url(evaluation)).content.decode()
    assert "its sheets can no longer change" in page
    assert 'name="save"' not in page
    response = c.post(edit_url(evaluation), sheet(every="0.1", version="0"))
    assert response.status_code == 409
    assert "its sheets can no longer change" in response.content.decode()
    assert {str(r.alpha) for r in evaluation.ratings.all()} == {"0.90"}
    assert c.post(create_url(world.project), sheet()).status_code == 409
    assert Evaluation.objects.count() == 1


# --- Evidence ---------------------------------------------------------------------------------


def test_evidence_is_stored_with_the_sheet_and_downloaded_as_an_attachment(world, client):
    c = browser(client, world.leader)
    photo = SimpleUploadedFile("前台照片.jpg", b"\xff\xd8\xff\xe0 a JPEG header", "image/jpeg")
    response = c.post(create_url(world.project), sheet() | {"evidence_1.1": photo})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.item_id, evidence.clause_id) == ("1.1", "")
    assert evidence.evaluation == Evaluation.objects.get()
    assert evidence.original_name == "前台照片.jpg"
    assert evidence.uploaded_by == world.leader
    url = reverse("evidence_download", args=(world.project.pk, evidence.pk))
    assert url in c.get(response["Location"]).content.decode()

    download = browser(client, world.reviewer).get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == b"\xff\xd8\xff\xe0 a JPEG header"
    for outsider in (world.client, world.auditor_off, world.beta_client):
        assert browser(client, outsider).get(url).status_code == 404


@override_settings(MAX_UPLOAD_BYTES=10)
def test_an_oversized_evidence_file_is_refused_and_nothing_is_stored(world, client):
    c = browser(client, world.leader)
    big = SimpleUploadedFile("scan.pdf", b"x" * 11, "application/pdf")
    page = c.post(create_url(world.project), sheet() | {"evidence_3.2": big}).content.decode()
    assert "Item 3.2: the file scan.pdf is larger than the limit" in page
    assert nothing_stored()


def test_a_program_is_not_accepted_as_evidence_and_nothing_is_stored(world, client):
    c = browser(client, world.leader)
    program = SimpleUploadedFile("setup.exe", b"MZ", "application/octet-stream")
    page = c.post(create_url(world.project), sheet() | {"evidence_3.2": program}).content.decode()
    assert "Item 3.2: the file setup.exe is not a kind of evidence file accepted here" in page
    assert nothing_stored()


def test_evidence_of_a_refused_sheet_leaves_no_file(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    c = browser(client, world.leader)
    photo = SimpleUploadedFile("a.jpg", b"\xff\xd8\xff\xe0 data", "image/jpeg")
    c.post(create_url(world.project), sheet(code="E1") | {"evidence_1.1": photo})
    # Same id again, so the service refuses the sheet after the form accepted it.
    photo = SimpleUploadedFile("b.jpg", b"\xff\xd8\xff\xe0 data", "image/jpeg")
    page = c.post(create_url(world.project), sheet(code="E1") | {"evidence_1.1": photo})
    assert "already used" in page.content.decode()
    assert Evidence.objects.count() == 1
    assert [p.name for p in tmp_path.rglob("*.jpg")] == ["a.jpg"]


def test_deleting_an_evaluation_removes_its_evidence_files_once_committed(
    world, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    c = browser(client, world.leader)
    for code, name in (("E1", "gone.jpg"), ("E2", "kept.jpg")):
        photo = SimpleUploadedFile(name, b"\xff\xd8\xff\xe0 data", "image/jpeg")
        c.post(create_url(world.project), sheet(code=code) | {"evidence_1.1": photo})
    gone = Evidence.objects.get(evaluation__code="E1")
    path = tmp_path / gone.file.name
    assert path.exists()
    url = reverse("evaluation_delete", args=(world.project.pk, gone.evaluation_id))
    # A refused delete (stale version) keeps the row and its file.
    with django_capture_on_commit_callbacks(execute=True):
        assert c.post(url, {"version": "5"}).status_code == 409
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        assert c.post(url, {"version": "0"}).status_code == 302
    assert not Evidence.objects.filter(pk=gone.pk).exists()
    assert path.exists()  # not before the commit: a rollback would need it
    for callback in after_commit:
        callback()
    assert not path.exists()
    assert [p.name for p in tmp_path.rglob("*.jpg")] == ["kept.jpg"]


def test_the_service_score_on_the_page_is_the_cores(world, client):
    # Two sheets: 90.70 and α 0.85 everywhere = 85.00; mean 87.85 → 87.9 (half-up).
    add_evaluation(world.project.assessment, world.leader, alpha={"1.2": "1.0"})
    second = add_evaluation(world.project.assessment, world.leader, every="0.85")
    assert str(score(world.project.assessment).service.score) == "87.9"
    page = browser(client, world.leader).get(edit_url(second)).content.decode()
    assert "data-live-score>87.9<" in page
    assert "data-running-total>85.00<" in page


def test_the_date_field_speaks_iso_in_every_language(world, client):
    client.force_login(world.leader)  # the site's language, 简体中文, formats dates as 2026/05/11
    evaluation = add_evaluation(world.project.assessment, world.leader)
    page = client.get(edit_url(evaluation)).content.decode()
    assert 'type="date" name="date" value="2026-05-11"' in page


def test_a_wrong_cell_is_flagged_in_its_row_not_counted_as_still_to_rate(world, client):
    c = browser(client, world.leader)
    url = reverse("evaluation_preview", args=(world.project.pk,))
    # 1.1 rated (α 1.0 → 5.00), 2.2 typed wrong (α 1.5), the other 17 blank.
    data = sheet(alpha={"1.1": "1.0", "2.2": "1.5"}, every=None)
    page = c.post(url, data, HTTP_HX_REQUEST="true").content.decode()
    assert "data-running-total>5.00<" in page
    assert '<strong class="error" data-invalid-count>1 cell to correct</strong>' in page
    assert "<span data-missing-count>17 items still to rate</span>" in page
    figure = re.search(r'<span id="fig-2_2"[^>]*>(.*?)</span></span>', page).group(1)
    assert 'class="cell-error" role="alert">α 1.5 is outside [0, 1]' in figure


def test_the_only_site_is_preselected_on_a_new_sheet(world, client):
    c = browser(client, world.leader)
    selected = re.compile(r'<option value="(\d+)" selected>')
    page = c.get(create_url(world.project)).content.decode()
    assert selected.findall(page.split('name="site"')[1].split("</select>")[0]) == [
        str(world.site.pk)
    ]
    # A stored sheet without a site keeps showing none.
    evaluation = add_evaluation(world.project.assessment, world.leader)
    page = c.get(edit_url(evaluation)).content.decode()
    assert selected.findall(page.split('name="site"')[1].split("</select>")[0]) == []
    # Two sites: the person chooses.
    Site.objects.create(organisation=world.alpha, name="象湖服务点", address="南昌市")
    page = c.get(create_url(world.project)).content.decode()
    assert selected.findall(page.split('name="site"')[1].split("</select>")[0]) == []
