"""CI's PostgreSQL pass (``--only-database-tests``) keeps every test that reaches the database
and leaves out only those that cannot answer differently there."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = [
    "tests/core/test_grade.py",  # the pure core: no database
    "tests/web/test_lists.py",  # pages over the test database, and one pure example
    "tests/web/test_tasks_worker.py",  # a worker given a database on the suite's engine
]


def collected(*options: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", *options, *FILES],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return {line for line in done.stdout.splitlines() if "::" in line}


def test_the_database_pass_keeps_the_database_tests_and_only_them():
    everything = collected()
    database = collected("--only-database-tests")
    left_out = everything - database
    assert database < everything
    assert {t.split("::")[0] for t in left_out} == {
        "tests/core/test_grade.py",
        "tests/web/test_lists.py",
    }
    assert "tests/web/test_lists.py::test_the_listing_examples_hold" in left_out
    assert "tests/web/test_lists.py::test_certificates_sort_and_filter" in database
    assert {t for t in everything if "test_tasks_worker" in t} <= database
    assert not any(t.startswith("tests/core/") for t in database)
