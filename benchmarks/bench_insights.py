"""Benchmark: the insights page over 10,000 projects and a million evaluations in PostgreSQL.

Issue 18 §4: the body's page (grades by year, sector and region; the weakest
items and clauses; every auditor's calibration) is served from the figures
stored with each frozen result, so its time must not grow with the evaluations
behind them.  This fills its own database (``greencert_insights_bench`` on the
local server, or DATABASE_URL's) with :mod:`bulk_data` (the demo data, the
typical project built by the services, then bulk projects by set-based SQL),
adds evaluations to every bulk project that has sheets (copies of the
template's, with their 19 item ratings each) until there are about a million,
and fills the stored figures of every bulk result set-based, with figures
spread over sectors, regions, years, grades, item means, clause levels and
forty raters.  Then, in the same run, it times through the Django test client
the median and p95 of the page, its workbook and a client's benchmark beside a
bare view (``/healthz``).  Target: the page's median under 1 s.  Not a test.

    .venv/bin/python benchmarks/bench_insights.py [--projects 10000] [--evaluations 100]
        [--repeat 20] [--keep] [--reuse]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent)]

from bench_growth import drop, recreate, setup, timed  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/greencert_insights_bench"
TARGET = 1.0  # seconds, the page's median
SECTORS = [
    "物业服务",
    "酒店服务",
    "餐饮服务",
    "物流服务",
    "零售服务",
    "养老服务",
    "环卫服务",
    "汽车服务",
]
REGIONS = ["360102", "360103", "360111", "360402", "360502", "110105", "310101", "440305", "330106"]
RATERS = 40

MORE_EVALUATIONS = """
INSERT INTO projects_evaluation (assessment_id, code, evaluator, date, site_id, source, note,
    counts, version, created_by_id, created_at, updated_at)
SELECT e.assessment_id, e.code || '.' || g, e.evaluator, e.date, e.site_id, e.source, '',
    e.counts, 0, e.created_by_id, e.created_at, e.updated_at
FROM projects_evaluation e
JOIN projects_assessment a ON a.id = e.assessment_id
JOIN projects_project p ON p.id = a.project_id AND p.code LIKE 'GB-%%'
CROSS JOIN generate_series(2, %(copies)s) g
WHERE e.code NOT LIKE '%%.%%'
"""
MORE_RATINGS = """
INSERT INTO projects_itemrating (evaluation_id, item_id, alpha, likert, note)
SELECT e.id, r.item_id, r.alpha, r.likert, ''
FROM projects_evaluation e
JOIN projects_evaluation o ON o.assessment_id = e.assessment_id
    AND o.code = split_part(e.code, '.', 1)
JOIN projects_itemrating r ON r.evaluation_id = o.id
WHERE e.code LIKE '%%.%%'
"""
# Figures of every snapshot without them: spread by pseudo-random hashes of the ids.
H = "(hashtext({0}::text || '{1}') & 2147483647)"
FIGURES = f"""
INSERT INTO certification_resultfigures (snapshot_id, project_id, organisation_id, kind, current,
    year, sector, region_code, computed_grade, granted_grade, service_score, evaluations,
    management_level)
SELECT s.id, p.id, p.organisation_id, p.kind, true,
    2019 + {H.format("p.id", "y")} %% 8,
    (%(sectors)s::text[])[1 + p.organisation_id %% %(n_sectors)s],
    (%(regions)s::text[])[1 + p.organisation_id %% %(n_regions)s],
    s.grade,
    CASE WHEN d.outcome = 'grant' THEN (ARRAY['AAA', 'AAAA', 'AAAAA'])[1 + {H.format("p.id", "g")} %% 3]
        ELSE '' END,
    80 + ({H.format("p.id", "s")} %% 200) / 10.0, %(evaluations)s,
    3 + {H.format("p.id", "m")} %% 3
FROM certification_resultsnapshot s
JOIN projects_project p ON p.id = s.project_id AND p.code LIKE 'GB-%%'
LEFT JOIN certification_decision d ON d.snapshot_id = s.id
    AND d.revision = (SELECT max(revision) FROM certification_decision x WHERE x.project_id = p.id)
WHERE NOT EXISTS (SELECT 1 FROM certification_resultfigures f WHERE f.snapshot_id = s.id)
"""
NEW_FIGURES = "f.id > %(before)s"
# The bulk projects are dated from 2018 (bulk_data), so their certificates would all have
# expired: the page counts only organisations holding a certificate in force, and would have
# nothing to count.  Kept in force, as the body's certified clients would be.
IN_FORCE = """
UPDATE certification_certificate SET expires_on = current_date + 365
WHERE number LIKE %(prefix)s AND status = 'valid' AND expires_on < current_date
"""
ITEMS = f"""
INSERT INTO certification_itemfigure (figures_id, item_id, mean_alpha)
SELECT f.id, i, round(0.55 + ({H.format("f.id", "i")} %% 450) / 1000.0, 4)
FROM certification_resultfigures f CROSS JOIN unnest(%(items)s::text[]) i
WHERE {NEW_FIGURES}
"""
CLAUSES = f"""
INSERT INTO certification_clausefigure (figures_id, clause_id, level)
SELECT f.id, c, 1 + {H.format("f.id", "c")} %% 5
FROM certification_resultfigures f CROSS JOIN unnest(%(clauses)s::text[]) c
WHERE {NEW_FIGURES}
"""
# Two auditors per site and result, mirrored (each one's deviation is the other's negative),
# with a lean of −1 … +1 points by rater so that some stand out.
DEVIATIONS = f"""
INSERT INTO certification_raterdeviation (figures_id, site, rater, deviation, co_raters, source)
SELECT f.id, '服务中心', '审核员 ' || lpad(r::text, 2, '0'),
    sign * (({H.format("f.id", "d")} %% 600) / 100.0 - 3) + ((r %% 5) - 2) * 0.5, 1, 'auditor'
FROM certification_resultfigures f,
    LATERAL (VALUES (1 + f.id %% {RATERS}, 1), (1 + (f.id + 7) %% {RATERS}, -1)) AS t(r, sign)
WHERE {NEW_FIGURES}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--evaluations", type=int, default=100, help="per project with sheets")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the database after the run")
    parser.add_argument("--reuse", action="store_true", help="start from a kept database")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith("postgres"):
        sys.exit("bench_insights measures PostgreSQL: DATABASE_URL must be postgres://…")
    if not args.reuse:
        recreate(url)
    try:
        with tempfile.TemporaryDirectory() as data_dir:
            setup(url, data_dir)
            world = fill(args.projects, args.evaluations, Path(data_dir))
            rows = run(world, args.repeat)
        report(rows)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop(url)


def fill(projects: int, evaluations: int, data_dir: Path):
    import bulk_data

    world = bulk_data.find_world()
    if world is None:
        print("building the demo data and the typical project (services) …")
        world = bulk_data.build_world(data_dir)
    print(f"growing to {projects:,} projects …")
    bulk_data.grow(world, projects=projects)
    from greencert.web.projects.models import Evaluation

    copies = max(1, evaluations // bulk_data.EVALUATIONS)
    if not Evaluation.objects.filter(code__contains=".").exists():  # not on --reuse
        _sql("more evaluations", [(MORE_EVALUATIONS, {"copies": copies}), (MORE_RATINGS, {})])
    _fill_figures(evaluations)
    return world


def _fill_figures(evaluations: int) -> None:
    import bulk_data
    from django.db import connection

    from greencert.core.registry import default_scheme
    from greencert.web.certification.models import ResultFigures

    scheme = default_scheme()
    before = ResultFigures.objects.order_by("-id").values_list("id", flat=True).first() or 0
    params = {
        "sectors": SECTORS,
        "n_sectors": len(SECTORS),
        "regions": REGIONS,
        "n_regions": len(REGIONS),
        "evaluations": evaluations,
        "before": before,
        "items": list(scheme.items),
        "clauses": list(scheme.clauses),
    }
    _sql("stored figures", [(s, params) for s in (FIGURES, ITEMS, CLAUSES, DEVIATIONS)])
    prefix = {"prefix": bulk_data.CERTIFICATE_PREFIX + "%"}
    _sql("certificates kept in force", [(IN_FORCE, prefix)])
    # The typical project (frozen by the services) joins the first sector, as a client would.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE certification_resultfigures SET sector = %s WHERE id <= %s",
            [SECTORS[0], before],
        )


def _sql(label: str, statements) -> None:
    from django.db import connection, transaction

    print(f"{label} …")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SET LOCAL session_replication_role = replica")
        for sql, params in statements:
            step = time.perf_counter()
            cursor.execute(sql, params)
            print(f"  {cursor.rowcount:>12,} rows {time.perf_counter() - step:7.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def run(world, repeat: int) -> dict:
    from django.test import Client

    from greencert.web.accounts.models import User
    from greencert.web.certification.models import ResultFigures
    from greencert.web.projects.models import Evaluation, Project

    print(
        f"{Project.objects.count():,} projects, {Evaluation.objects.count():,} evaluations, "
        f"{ResultFigures.objects.count():,} stored results "
        f"({ResultFigures.objects.exclude(granted_grade='').count():,} certified)"
    )
    staff = Client()
    staff.force_login(User.objects.get(username="pm"))
    page = staff.get("/insights/").content.decode()
    assert "审核员 01" in page and "AAAAA" in page, "the page lacks its figures"
    urls = [
        ("bare view (/healthz)", "/healthz", repeat * 5),
        ("insights page", "/insights/", repeat),
        ("insights workbook", "/insights/insights.xlsx", repeat),
        ("benchmark (typical project)", f"/projects/{world.project_id}/benchmark/", repeat),
    ]
    return {label: timed(staff, url, times) for label, url, times in urls}


def report(rows: dict) -> None:
    print(f"\n{'':<30}{'median ms':>12}{'p95 ms':>10}")
    for label, (median, p95) in rows.items():
        print(f"{label:<30}{median * 1000:>12.1f}{p95 * 1000:>10.1f}")
    median = rows["insights page"][0]
    verdict = "MET" if median < TARGET else "NOT MET"
    print(f"target: the insights page's median < {TARGET:g} s: {verdict}")


if __name__ == "__main__":
    main()
