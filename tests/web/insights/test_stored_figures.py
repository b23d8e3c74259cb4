"""The figures kept with each frozen result (issue 18 §4): written in the transaction that
freezes the snapshot, with the figures worked out by hand; the earlier result of a project
stops being current when it is frozen again; a decision records the grade and its year; the
backfill command computes the same rows from a snapshot's frozen inputs."""

from __future__ import annotations

import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from greencert.web.certification.models import ResultFigures
from tests.web.certification.findings_support import DAY, reopen
from tests.web.insights.support import ITEMS, SCHEME, complete, decided, rate, rated

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen(world):
    world.alpha.industry = "物业服务"
    world.alpha.region_code = "360102"
    world.alpha.save()
    rated(world)
    complete(world)
    return world


def test_freezing_keeps_the_figures_worked_by_hand(frozen):
    figures = ResultFigures.objects.get(project=frozen.project)
    assert figures.snapshot == frozen.project.snapshots.get()
    assert figures.current and figures.organisation == frozen.alpha
    assert (figures.sector, figures.region_code, figures.kind) == ("物业服务", "360102", "initial")
    # E1 92.00, E2 88.00 and E3: 80 less 0.30 × the first item's weight.
    weight = Decimal(SCHEME.items[ITEMS[0]].weight)
    e3 = Decimal(80) - Decimal("0.30") * weight
    expected = ((Decimal(92) + Decimal(88) + e3) / 3).quantize(Decimal("0.1"))
    assert figures.service_score == expected and figures.evaluations == 3
    assert figures.management_level == 5  # 21 clauses at level 4: 116 points, 五级
    assert figures.granted_grade == ""  # no decision yet
    means = dict(figures.items.values_list("item_id", "mean_alpha"))
    assert means[ITEMS[0]] == Decimal("0.7667")  # (0.92 + 0.88 + 0.50) / 3 = 0.76666…
    assert means[ITEMS[1]] == Decimal("0.8667")  # (0.92 + 0.88 + 0.80) / 3 = 0.86666…
    assert len(means) == len(ITEMS)
    assert set(figures.clauses.values_list("level", flat=True)) == {4}
    assert figures.clauses.count() == 21
    # Two auditors on one site: 92 − 88 = +4 and −4; the customer is not a rater.
    deviations = figures.deviations.values_list("rater", "deviation", "co_raters", "source")
    assert sorted(deviations) == [
        ("李明", Decimal("4.0000"), 1, "auditor"),
        ("王芳", Decimal("-4.0000"), 1, "auditor"),
    ]
    assert set(figures.deviations.values_list("site", flat=True)) == {"红谷滩服务中心"}


def test_a_mystery_shoppers_deviation_keeps_its_source(world):
    """李明 92, 王芳 88 (auditors) and 顾客 002 90 (a mystery shopper) at one site: each minus
    the other two's mean — 92 − 89 = +3, 88 − 91 = −3, 90 − 90 = 0 — with its sheet's source."""
    world.alpha.industry = "物业服务"
    world.alpha.save()
    rated(world)
    rate(world, "E4", "0.90", evaluator="顾客 002", source="mystery_shopper", site=world.site)
    complete(world)
    figures = ResultFigures.objects.get(project=world.project)
    assert sorted(figures.deviations.values_list("rater", "deviation", "source")) == [
        ("李明", Decimal("3.0000"), "auditor"),
        ("王芳", Decimal("-3.0000"), "auditor"),
        ("顾客 002", Decimal("0.0000"), "mystery_shopper"),
    ]


def test_deviations_stored_before_their_source_was_kept_gain_it_from_the_frozen_sheets(frozen):
    figures = ResultFigures.objects.get(project=frozen.project)
    figures.deviations.update(source="")
    migration = importlib.import_module(
        "greencert.web.certification.migrations.0012_rater_deviation_source"
    )
    migration.sources_from_inputs(django_apps, None)
    assert set(figures.deviations.values_list("source", flat=True)) == {"auditor"}


def test_freezing_again_makes_the_new_result_the_current_one(frozen):
    reopen(frozen)
    complete(frozen)
    rows = list(ResultFigures.objects.filter(project=frozen.project).order_by("snapshot__number"))
    assert [f.current for f in rows] == [False, True]
    assert rows[1].snapshot.number == 2


def test_a_decision_records_the_grade_granted_and_its_year(world):
    rated(world)
    decided(world, grade="AAA")
    figures = ResultFigures.objects.get(project=world.project)
    assert (figures.computed_grade, figures.granted_grade, figures.year) == ("AAA", "AAA", DAY.year)


def test_the_backfill_computes_the_same_rows_from_the_frozen_inputs(frozen):
    kept = ResultFigures.objects.get(project=frozen.project)
    before = (
        kept.service_score,
        sorted(kept.items.values_list("item_id", "mean_alpha")),
        sorted(kept.deviations.values_list("rater", "deviation", "source")),
    )
    kept.items.all().delete()
    kept.clauses.all().delete()
    kept.deviations.all().delete()
    kept.delete()
    call_command("record_result_figures")
    again = ResultFigures.objects.get(project=frozen.project)
    assert again.current
    assert before == (
        again.service_score,
        sorted(again.items.values_list("item_id", "mean_alpha")),
        sorted(again.deviations.values_list("rater", "deviation", "source")),
    )
    call_command("record_result_figures")  # a second run finds nothing to do
    assert ResultFigures.objects.filter(project=frozen.project).count() == 1


def test_a_backfilled_older_result_leaves_the_newer_one_current(frozen):
    """Snapshot 1 lost its figures (frozen before they were kept), snapshot 2 has them: the
    backfill writes 1's as not current and 2 stays the current one."""
    reopen(frozen)
    complete(frozen)
    first = ResultFigures.objects.get(project=frozen.project, snapshot__number=1)
    first.items.all().delete()
    first.clauses.all().delete()
    first.deviations.all().delete()
    first.delete()
    call_command("record_result_figures")
    rows = list(ResultFigures.objects.filter(project=frozen.project).order_by("snapshot__number"))
    assert [(f.snapshot.number, f.current) for f in rows] == [(1, False), (2, True)]
