"""The archive's parts and manifest, and the refusals of a restore, each with a code.

A refusal names what it is about (a part, a table, a file) in its
parameters; the command line words it in Chinese or English.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

FORMAT = "greencert-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1 << 20


class BackupError(Exception):
    """Why a backup or a restore did not happen: a code and what it is about."""

    def __init__(self, code: str, **params):
        super().__init__(f"{code}: {params}")
        self.code, self.params = code, params


def table_part(table: str) -> str:
    return f"tables/{table}.jsonl"


def file_part(name: str) -> str:
    return f"files/{name}"


class HashingWriter(io.RawIOBase):
    """Writes through to *target*, keeping the SHA-256 and size of what went through."""

    def __init__(self, target):
        self.target, self.sha256, self.size = target, hashlib.sha256(), 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.sha256.update(data)
        self.size += len(data)
        return self.target.write(data)


def member(part: str, *, compressed: bool) -> zipfile.ZipInfo:
    """A new part, dated now; tables compressed, files (documents, pictures) stored as they are."""
    info = zipfile.ZipInfo(part, datetime.datetime.now().timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED if compressed else zipfile.ZIP_STORED
    info._compresslevel = 1  # fast: rows compress well even so (``compress_level`` from 3.13)
    return info


def open_archive(path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BackupError("archive.missing", path=str(path)) from None
    except (zipfile.BadZipFile, OSError):
        raise BackupError("archive.not_an_archive", path=str(path)) from None


def read_manifest(archive: zipfile.ZipFile) -> dict:
    """The manifest, checked to be one of this format and version."""
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise BackupError("archive.not_an_archive", path=archive.filename) from None
    except (ValueError, zipfile.BadZipFile, zlib.error):
        raise BackupError("part.damaged", part=MANIFEST) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("archive.not_an_archive", path=archive.filename)
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            "archive.format_version", found=manifest.get("format_version"), known=FORMAT_VERSION
        )
    return manifest


def parts(manifest: dict) -> Iterator[tuple[str, str]]:
    """Every part the manifest lists, with its SHA-256."""
    for table in manifest["tables"]:
        yield table["part"], table["sha256"]
    for file in manifest["files"]:
        yield file["part"], file["sha256"]


def check_parts(archive: zipfile.ZipFile, manifest: dict) -> None:
    """Every part is there and gives its SHA-256; else the first missing or damaged part."""
    present = set(archive.namelist())
    for part, expected in parts(manifest):
        if part not in present:
            raise BackupError("part.missing", part=part)
        digest = hashlib.sha256()
        with opened(archive, part) as stream:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
        if digest.hexdigest() != expected:
            raise BackupError("part.damaged", part=part)


@contextmanager
def opened(archive: zipfile.ZipFile, part: str):
    """The part's content as a binary stream; a damaged part raises ``part.damaged``."""
    try:
        with archive.open(part) as stream:
            yield stream
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise BackupError("part.damaged", part=part) from None
