"""Benchmark: the assessment report (200 evaluations) and a certificate, as PDFs (issue: reports).

Each document is timed beside a one-page plain ReportLab document made in
the same run (the baseline), and the ratio printed.  Not a test: machines
here are small and noisy, so only the ratios mean something.  The font is
registered before timing (it is registered once per process in production).

    .venv/bin/python benchmarks/bench_reports.py [--evaluations 200] [--runs 3]
"""

from __future__ import annotations

import argparse
import io
import random
import time

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from greencert.core.assessment import assess_data
from greencert.core.registry import default_scheme
from greencert.reports import build_assessment_report, build_certificate
from greencert.reports.fonts import cjk_font


def make_result(n: int) -> dict:
    scheme = default_scheme()
    rng = random.Random(1)
    evaluations = [
        {
            "id": f"E{i:04}",
            "source": rng.choice(["auditor", "customer", "mystery_shopper"]),
            "site": rng.choice(["南昌红谷滩服务中心", "九江服务网点", "赣州服务网点"]),
            "likert": {item: rng.randint(3, 5) for item in scheme.items},
        }
        for i in range(n)
    ]
    maturity = {cid: rng.randint(2, 5) for cid in scheme.clauses}
    return assess_data(scheme, {"evaluations": evaluations, "maturity": maturity}).as_dict()


CONTEXT = {
    "organisation": "江西绿源生活服务有限公司",
    "address": "江西省南昌市红谷滩区丰和中大道 1 号",
    "scope": "绿色产品服务：家电回收与以旧换新",
    "project_code": "BENCH-1",
    "team": [{"name": "李明", "role": "leader"}, {"name": "王芳", "role": "evaluator"}],
    "draft": True,
}

CERTIFICATE = {
    "number": "TB-GPS-2026-0001",
    "revision": 1,
    "organisation": "江西绿源生活服务有限公司",
    "address": "江西省南昌市红谷滩区丰和中大道 1 号",
    "scope": "绿色产品服务：家电回收与以旧换新",
    "sites": [{"name": "南昌红谷滩服务中心", "address": "南昌市红谷滩区"}],
    "scheme_label": "CTS TBSC041-2026 B/0",
    "grade": "AAAA",
    "granted_on": "2026-06-01",
    "expires_on": "2029-05-31",
    "signatory": "张伟",
    "site_url": "https://cert.example.cn",
}


def plain_page() -> bytes:
    """The baseline: one A4 page, a few lines of text in the same embedded font."""
    font = cjk_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, initialFontName=font)
    canvas.setFont(font, 12)
    for i in range(20):
        canvas.drawString(72, 760 - 18 * i, f"第 {i + 1} 行 绿色产品服务认证 line {i + 1}")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def best_of(runs: int, fn) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        size = len(fn())
        times.append(time.perf_counter() - start)
    return min(times), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evaluations", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    result = make_result(args.evaluations)
    plain_page()  # registers the font outside the timings
    baseline, base_size = best_of(args.runs, plain_page)
    report, report_size = best_of(args.runs, lambda: build_assessment_report(result, CONTEXT))
    certificate, cert_size = best_of(args.runs, lambda: build_certificate(CERTIFICATE))

    print(f"plain one-page ReportLab PDF:   {baseline * 1000:8.1f} ms  {base_size:>9,} bytes")
    print(
        f"assessment report ({args.evaluations} evals): {report * 1000:8.1f} ms  "
        f"{report_size:>9,} bytes  ratio {report / baseline:6.1f}×"
    )
    print(
        f"certificate:                    {certificate * 1000:8.1f} ms  {cert_size:>9,} bytes  "
        f"ratio {certificate / baseline:6.1f}×"
    )


if __name__ == "__main__":
    main()
