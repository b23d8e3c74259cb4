"""Chinese first: every interface string has a zh-hans translation, and the compiled catalogue is current."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

WEB = Path(__file__).resolve().parents[2] / "src" / "greencert" / "web"
PO = WEB / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def live_entries(po):
    return [e for e in po if not e.obsolete]


def test_every_message_in_the_catalogue_is_translated():
    po = polib.pofile(str(PO))
    missing = [e.msgid for e in live_entries(po) if not e.translated()]
    fuzzy = [e.msgid for e in live_entries(po) if "fuzzy" in e.flags]
    assert not missing, f"untranslated: {missing[:10]}"
    assert not fuzzy, f"fuzzy (needs checking): {fuzzy[:10]}"


def test_compiled_catalogue_matches_the_po_file():
    po = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in live_entries(polib.pofile(str(PO)))
    }
    mo = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in polib.mofile(str(MO))
        if e.msgid
    }
    assert mo == po, "run: cd src/greencert/web && django-admin compilemessages"


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="needs GNU gettext (apt-get install gettext)"
)
def test_every_string_of_the_code_is_in_the_catalogue(tmp_path):
    """Extract the messages afresh from a copy of the code: nothing may be missing from the catalogue."""
    copy = tmp_path / "web"
    shutil.copytree(WEB, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-obsolete",
            "--no-location",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "PYTHONPATH": str(WEB.parents[2]),
            "PATH": "/usr/bin:/bin",
        },
    )
    fresh = polib.pofile(str(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    untranslated = sorted(e.msgid for e in fresh if not e.translated())
    assert not untranslated, (
        f"{len(untranslated)} string(s) without a translation, e.g. {untranslated[:8]}"
    )
