"""Uploaded files: the one check of an upload's kind, size and content, before anything is stored.

The extension says what a file claims to be; its first bytes say what it is.
An upload is kept only when both agree, so that a program or a web page
renamed ``.pdf`` never reaches the evidence folder.  A small table of
signatures (the published magic numbers of each format) is enough for the
kinds accepted here; a general detector (``filetype``, ``puremagic``) would
guess among hundreds of kinds and still not look inside a zip to tell a
``.docx`` from an ``.xlsx``.

>>> import io
>>> content_matches("pdf", io.BytesIO(b"%PDF-1.7 ..."))
True
>>> content_matches("png", io.BytesIO(b"%PDF-1.7 ..."))
False
>>> content_matches("txt", io.BytesIO("审核记录".encode("gb18030")))
True
>>> content_matches("txt", io.BytesIO(b"MZ\\x90\\x00\\x03\\x00"))
False
"""

from __future__ import annotations

import codecs
import zipfile
from collections.abc import Callable

from django.conf import settings
from django.utils.translation import gettext as _

from greencert.core.exceptions import InputError, Problem

HEAD_BYTES = 8192  # enough for every signature below, and for a text file's first lines

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office (.doc, .xls, .ppt)
ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a zip's first entry, or an empty zip's end record
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
# Office Open XML: a zip with the package's content types and the main part of its kind.
OOXML_MAIN_PART = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}


def _starts(*prefixes: bytes) -> Callable[[bytes], bool]:
    return lambda head: head.startswith(prefixes)


def _webp(head: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


def _heic(head: bytes) -> bool:
    return head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS


def _text(head: bytes) -> bool:
    """Plain text (a .txt or .csv): no NUL byte, and readable as UTF-8 or as GB 18030."""
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            # Incremental: the head may end inside a character.
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return True
    return False


HEAD_SIGNATURES: dict[str, Callable[[bytes], bool]] = {
    "pdf": _starts(b"%PDF-"),
    "png": _starts(b"\x89PNG\r\n\x1a\n"),
    "jpg": _starts(b"\xff\xd8\xff"),
    "jpeg": _starts(b"\xff\xd8\xff"),
    "gif": _starts(b"GIF87a", b"GIF89a"),
    "webp": _webp,
    "heic": _heic,
    "doc": _starts(OLE2),
    "xls": _starts(OLE2),
    "ppt": _starts(OLE2),
    "zip": _starts(*ZIP),
    "txt": _text,
    "csv": _text,
}
KNOWN_EXTENSIONS = frozenset(HEAD_SIGNATURES) | frozenset(OOXML_MAIN_PART)


def extension_of(name: str) -> str:
    """``report.PDF`` → ``pdf``; a name without a dot has none."""
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def content_matches(extension: str, file) -> bool:
    """Whether the content of *file* (a seekable binary file) is what *extension* says.

    The file is left at its start, ready to be stored.
    """
    file.seek(0)
    try:
        if extension in OOXML_MAIN_PART:
            return _ooxml(file, OOXML_MAIN_PART[extension])
        check = HEAD_SIGNATURES.get(extension)
        return check is not None and check(file.read(HEAD_BYTES))
    finally:
        file.seek(0)


def _ooxml(file, main_part: str) -> bool:
    if not file.read(4).startswith(ZIP[0]):
        return False
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as package:
            names = package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "[Content_Types].xml" in names and any(n.startswith(main_part) for n in names)


def upload_problem(file, *, extensions: tuple[str, ...] | list[str] | None = None) -> str | None:
    """Why an uploaded file cannot be kept, or None: its kind, its size, then its content.

    *extensions*: the kinds accepted here (default: the evidence kinds of the settings).
    """
    accepted = list(extensions if extensions is not None else settings.EVIDENCE_EXTENSIONS)
    extension = extension_of(file.name)
    if extension not in accepted:
        return _("the file %(name)s is not a kind of evidence file accepted here (%(kinds)s)") % {
            "name": file.name,
            "kinds": ", ".join(accepted),
        }
    if file.size > settings.MAX_UPLOAD_BYTES:
        return _("the file %(name)s is larger than the limit of %(limit)s MB") % {
            "name": file.name,
            "limit": f"{settings.MAX_UPLOAD_BYTES / 1024 / 1024:g}",
        }
    if extension not in KNOWN_EXTENSIONS:
        return _(
            "the file %(name)s cannot be checked: no content check is known for .%(ext)s files"
        ) % {"name": file.name, "ext": extension}
    if not content_matches(extension, file):
        return _(
            "the content of %(name)s is not a .%(ext)s file: its first bytes are those of "
            "another kind of file. Save it again in its own format, or give it the right extension."
        ) % {"name": file.name, "ext": extension}
    return None


def check_workbook(stream) -> None:
    """Refuse, naming the file, a stream that is not an Excel workbook (.xlsx: a zip package)."""
    if not content_matches("xlsx", stream):
        name = getattr(stream, "name", "") or _("the uploaded file")
        raise InputError(
            Problem(
                field="file",
                message=_(
                    "the content of %(name)s is not an Excel workbook (.xlsx): upload the "
                    "template downloaded from this page, filled in and saved as .xlsx."
                )
                % {"name": name},
            )
        )
