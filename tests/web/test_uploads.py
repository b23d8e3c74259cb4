"""Uploaded files kept only with their committed rows: deleted when the save fails, and
recovered (deleted) after the process that wrote them died before its commit."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from greencert.web.projects.models import Evidence
from greencert.web.uploads import files_removed_on_failure, journal_folder, recover_uploads

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _unsaved_evidence(world) -> Evidence:
    return Evidence(
        assessment=world.project.assessment,
        original_name="a.pdf",
        uploaded_by=world.leader,
        clause_id="4.1",
    )


def _file(media, name: str) -> str:
    (media / name).parent.mkdir(parents=True, exist_ok=True)
    (media / name).write_bytes(b"%PDF-1.4")
    return name


def _journal(owner: str, *names: str) -> None:
    journal_folder().mkdir(parents=True, exist_ok=True)
    (journal_folder() / f"{owner}-0-0a0b").write_text("".join(f"{n}\n" for n in names))


def _dead_pid() -> int:
    done = subprocess.Popen([sys.executable, "-c", "pass"])
    done.wait()
    return done.pid


def test_a_save_that_fails_leaves_neither_its_files_nor_its_journal(world, media):
    with pytest.raises(RuntimeError), files_removed_on_failure() as pending:
        evidence = _unsaved_evidence(world)
        pending.save(evidence.file, ContentFile(b"%PDF-1.4", name="a.pdf"))
        evidence.save()
        assert (media / evidence.file.name).exists()
        assert [p.read_text() for p in journal_folder().iterdir()] == [f"{evidence.file.name}\n"]
        raise RuntimeError("the sheet is refused")
    assert [p for p in media.rglob("*") if p.is_file()] == []


def test_recovery_deletes_the_unnamed_files_of_processes_that_are_gone(world, media):
    stored = _unsaved_evidence(world)
    stored.file.save("named.pdf", ContentFile(b"%PDF-1.4"), save=False)
    stored.save()
    orphan, theirs = _file(media, "evidence/1/orphan.pdf"), _file(media, "evidence/1/live.pdf")
    dead = _dead_pid()
    # The dead process committed the named file and died before forgetting its journal.
    _journal(f"{dead}-0", orphan, stored.file.name)
    _journal(f"{os.getpid()}-0", theirs)  # a save still running here: not touched
    (journal_folder() / "notes.txt").write_text("not a journal\n")  # left alone

    assert recover_uploads() == [orphan]
    assert not (media / orphan).exists()
    assert (media / stored.file.name).exists() and (media / theirs).exists()
    assert sorted(p.name for p in journal_folder().iterdir()) == [
        f"{os.getpid()}-0-0-0a0b",
        "notes.txt",
    ]


def test_a_process_id_used_again_is_not_taken_for_the_process_that_died(world, media):
    orphan = _file(media, "evidence/1/orphan.pdf")
    # This process's id, but another start time: the journal's writer is gone.
    _journal(f"{os.getpid()}-1", orphan)
    assert recover_uploads() == [orphan]


def test_recovery_of_one_process_leaves_the_others(world, media):
    first, second = _dead_pid(), _dead_pid()
    one, other = _file(media, "evidence/1/one.pdf"), _file(media, "evidence/1/other.pdf")
    _journal(f"{first}-0", one)
    _journal(f"{second}-0", other)
    assert recover_uploads(pid=first) == [one]
    assert (media / other).exists()


def test_the_command_says_what_it_removed(world, media):
    orphan = _file(media, "evidence/1/orphan.pdf")
    _journal(f"{_dead_pid()}-0", orphan)
    out = io.StringIO()
    call_command("recover_uploads", stdout=out)
    assert out.getvalue() == f"removed {orphan}\n1 file(s) of unfinished saves removed\n"
