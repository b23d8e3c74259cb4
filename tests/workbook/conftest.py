from __future__ import annotations

import pytest

from greencert.core import default_scheme
from greencert.workbook import write_template


@pytest.fixture(scope="session")
def scheme():
    return default_scheme()


@pytest.fixture(scope="session")
def template(tmp_path_factory, scheme):
    """A blank template with three evaluation sheets; tests fill copies, never this file."""
    path = tmp_path_factory.mktemp("template") / "blank.xlsx"
    write_template(scheme, path)
    return path
