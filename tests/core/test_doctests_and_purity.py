"""The core's docstring examples hold, and the core loads without any web framework."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import subprocess
import sys

import pytest

import greencert.core

# Every module, those of sub-packages (greencert.core.scheme.checks) included.
MODULES = [m.name for m in pkgutil.walk_packages(greencert.core.__path__, "greencert.core.")]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    failures, _tried = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert failures == 0


def test_core_reports_and_workbook_load_without_django():
    code = (
        "import sys, greencert.core, greencert.core.assessment, greencert.reports, greencert.workbook, "
        "greencert.reports.poster, greencert.reports.qr, greencert.workbook.questionnaires, "
        "greencert.cli.main; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'flask', 'fastapi')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
