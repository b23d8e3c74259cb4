"""``benchmarks/bench_load.py`` without a cluster: its table and its verdict from locust's CSV
files written here by hand, and the locustfile's users as locust reads them.  The load itself
is measured by running the script, never in the suite."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
HEADER = (
    "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,"
    "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
    "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%"
)
FAILURES_HEADER = "Method,Name,Error,Occurrences,First Seen,Last Seen"


def bench_load():
    spec = importlib.util.spec_from_file_location("bench_load", BENCHMARKS / "bench_load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_run(folder: Path, label: str, rows: list[tuple], failures: list[str] = ()) -> Path:
    """locust's two CSV files; each row (name, count, failures, req/s, median, p99)."""
    prefix = folder / label
    lines = [HEADER]
    for name, count, failed, rps, median, p99 in rows:
        kind = "" if name == "Aggregated" else ("POST" if "save" in name else "GET")
        lines.append(
            f"{kind},{name},{count},{failed},{median},{median},1,{p99},900,{rps},0,"
            f"{median},{median},{median},{median},{p99},{p99},{p99},{p99},{p99},{p99},{p99}"
        )
    prefix.with_name(f"{label}_stats.csv").write_text("\n".join(lines) + "\n")
    text = "\n".join([FAILURES_HEADER, *failures]) + "\n"
    prefix.with_name(f"{label}_failures.csv").write_text(text)
    return prefix


def test_the_table_gives_each_kind_and_the_ratio_of_two_nodes_to_one(tmp_path, capsys):
    bench = bench_load()
    one = write_run(
        tmp_path,
        "one",
        [
            ("staff page", 100, 0, 4.0, 120, 400),
            ("sheet save", 20, 0, 0.8, 300, 900),
            ("survey answer", 250, 0, 10.0, 40, 150),
            ("certificate look-up", 250, 0, 10.0, 30, 120),
            ("Aggregated", 620, 0, 24.8, 45, 700),
        ],
    )
    two = write_run(
        tmp_path,
        "two",
        [
            ("staff page", 110, 0, 5.0, 110, 380),
            ("sheet save", 21, 0, 0.8, 280, 950),
            ("survey answer", 300, 0, 12.5, 35, 140),
            ("certificate look-up", 240, 0, 9.0, 31, 130),
            ("Aggregated", 671, 0, 27.3, 40, 650),
        ],
    )
    problems = bench.report(bench.read_stats(one), bench.read_stats(two))
    table = capsys.readouterr().out
    assert problems == []
    # 5.0 / 4.0, 0.8 / 0.8, 12.5 / 10.0, 9.0 / 10.0, 27.3 / 24.8 (= 1.1008…)
    expected = {
        "staff page": "1.25",
        "sheet save": "1.00",
        "survey answer": "1.25",
        "certificate look-up": "0.90",
        "all requests": "1.10",
    }
    for title, ratio in expected.items():
        line = next(line for line in table.splitlines() if line.startswith(title))
        assert line.split()[-1] == ratio, line
    survey = next(line for line in table.splitlines() if line.startswith("survey answer"))
    assert survey.split()[2:10] == ["10.0", "40", "150", "0", "12.5", "35", "140", "0"]
    # The forms were not requested in this run: their rows say so instead of inventing figures.
    form = next(line for line in table.splitlines() if line.startswith("survey form"))
    assert form.split()[2:] == ["0.0", "—", "—", "0", "0.0", "—", "—", "0", "—"]


def test_a_failure_or_a_kind_never_requested_is_a_problem(tmp_path, capsys):
    bench = bench_load()
    one = write_run(
        tmp_path,
        "one",
        [
            ("staff page", 100, 0, 4.0, 120, 400),
            ("survey answer", 250, 0, 10.0, 40, 150),
            ("certificate look-up", 250, 0, 10.0, 30, 120),
            ("Aggregated", 600, 0, 24.0, 45, 700),
        ],
    )
    two = write_run(
        tmp_path,
        "two",
        [
            ("staff page", 110, 0, 5.0, 110, 380),
            ("sheet save", 21, 0, 0.8, 280, 950),
            ("survey answer", 300, 3, 12.5, 35, 140),
            ("certificate look-up", 240, 0, 9.0, 31, 130),
            ("Aggregated", 671, 3, 27.3, 40, 650),
        ],
        failures=['POST,survey answer,"answer not taken (502)",3,0,0'],
    )
    run_two = bench.read_stats(two)
    problems = bench.report(bench.read_stats(one), run_two)
    capsys.readouterr()
    assert problems == [
        "no 'sheet save' request was made on one node",
        "3 of 300 'survey answer' failed on two nodes",
        "3 of 671 'all requests' failed on two nodes",
    ]
    assert run_two["failures"][0]["Error"] == "answer not taken (502)"


@pytest.mark.skipif(
    not Path(sys.executable).with_name("locust").exists(), reason="scripts/bootstrap --test"
)
def test_the_locustfile_has_a_user_for_each_kind_of_visitor(tmp_path):
    """locust reads the file in a process of its own (it patches the standard library)."""
    plan = tmp_path / "plan.json"
    plan.write_text(
        json.dumps(
            {
                "staff": {
                    "username": "auditor",
                    "password": "x",
                    "evaluator": "李明",
                    "project": 1,
                    "organisation": "绿源物业服务有限公司",
                },
                "survey_token": "t",
                "certificates": ["TB-GPS-2026-0001"],
                "items": ["1.1"],
            }
        )
    )
    listed = subprocess.run(
        [
            str(Path(sys.executable).with_name("locust")),
            *("-f", str(BENCHMARKS / "load" / "locustfile.py"), "--list"),
        ],
        env=os.environ | {"GREENCERT_LOAD_PLAN": str(plan)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.split()[2:] == ["Customer", "Public", "Auditor"]


def test_the_spread_counts_the_node_that_served_each_request_after_the_offset(tmp_path):
    bench = bench_load()
    log = tmp_path / "access.log"
    before = '127.0.0.1 [t] "GET /readyz HTTP/1.1" 200 9 rid=a upstream=127.0.0.1:8101 '
    before += "upstream_status=200 time=0.001\n"
    log.write_text(before)
    lines = [
        ("b", "127.0.0.1:8101", "200"),
        ("c", "127.0.0.1:8102", "303"),
        ("d", "127.0.0.1:8101, 127.0.0.1:8102", "502, 200"),  # A refused, B served
        ("e", "127.0.0.1:8102", "200"),
    ]
    with log.open("a") as file:
        for rid, upstream, status in lines:
            file.write(
                f'127.0.0.1 [t] "GET /verify/X HTTP/1.1" 200 9 rid={rid} upstream={upstream} '
                f"upstream_status={status} time=0.010\n"
            )
    nodes = {"A": SimpleNamespace(port=8101), "B": SimpleNamespace(port=8102)}
    cluster = SimpleNamespace(access_log=log, nodes=nodes)
    assert bench.balance(cluster, len(before)) == (
        "nginx sent 1 request to node A and 3 requests to node B",
        True,
    )
    with log.open("a") as file:
        file.write(before)
    only_a = bench.balance(cluster, log.stat().st_size - len(before))
    assert only_a == ("nginx sent 1 request to node A and 0 requests to node B", False)
