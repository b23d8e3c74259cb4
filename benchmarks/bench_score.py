"""Benchmark: score 100,000 evaluations read from JSON (issue: the scoring core).

Prints the time to parse the JSON alone and the time to parse, validate
and score it, both measured in the same run, and their ratio.  Not a test:
machines here are small and shared, so both are this process's CPU time
(``time.process_time``: other processes' load does not count) and only the
ratio means something.  Statistics (greencert.core.statistics) are not in
the timed path: ``--statistics`` times them apart.

    .venv/bin/python benchmarks/bench_score.py [--evaluations 100000]
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from greencert.core.assessment import assess_data
from greencert.core.registry import default_scheme
from greencert.core.statistics.score_statistics import score_statistics


def make_input(n: int, path: Path) -> None:
    scheme = default_scheme()
    rng = random.Random(1)
    items = list(scheme.items)
    evaluations = []
    for i in range(n):
        if i % 3:
            evaluations.append(
                {
                    "id": f"E{i}",
                    "source": "customer",
                    "likert": {k: rng.randint(1, 5) for k in items},
                }
            )
        else:
            evaluations.append(
                {"id": f"E{i}", "alpha": {k: rng.randint(0, 100) / 100 for k in items}}
            )
    maturity = {cid: rng.randint(1, 5) for cid in scheme.clauses}
    path.write_text(json.dumps({"evaluations": evaluations, "maturity": maturity}))


def best_of(runs: int, fn, before=lambda: None) -> float:
    """The shortest of *runs* timings of *fn*; *before* each, untimed, drops what the last
    run kept and collects: otherwise a run pays for walking the previous run's objects in
    the collector, which made the same code vary by half from one run to the next."""
    times = []
    for _ in range(runs):
        before()
        gc.collect()
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evaluations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--statistics", action="store_true", help="also time the statistics, apart from scoring"
    )
    args = parser.parse_args()
    scheme = default_scheme()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input.json"
        make_input(args.evaluations, path)
        text = path.read_text()
        size = len(text) / 1e6
        parse = best_of(args.runs, lambda: json.loads(text, parse_float=Decimal))
        result = {}

        def score():
            result["a"] = assess_data(scheme, json.loads(text, parse_float=Decimal))

        total = best_of(args.runs, score, before=result.clear)
    a = result["a"]
    print(
        f"{args.evaluations} evaluations, {size:.1f} MB of JSON; service score {a.service.score}, grade {a.grade}"
    )
    print(f"parse JSON only        : {parse:8.2f} s")
    print(f"parse + validate + score: {total:8.2f} s")
    print(
        f"ratio score/parse      : {total / parse:8.1f}x  ({args.evaluations / total:,.0f} evaluations/s)"
    )
    if args.statistics:
        spent = best_of(args.runs, lambda: score_statistics(a))
        print(f"statistics (apart)     : {spent:8.2f} s")


if __name__ == "__main__":
    main()
