"""Looking at PDFs the way a reader does: poppler's text, fonts and pictures of the pages."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdffonts", "pdftoppm", "pdfinfo"))
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils is not installed")


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def write(tmp_path: Path, pdf: bytes, name: str = "doc.pdf") -> Path:
    assert pdf.startswith(b"%PDF-")
    path = tmp_path / name
    path.write_bytes(pdf)
    return path


def text(path: Path, layout: bool = False) -> str:
    return run("pdftotext", *(["-layout"] if layout else []), str(path), "-")


def pages(path: Path) -> int:
    info = run("pdfinfo", str(path))
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def page_texts(path: Path) -> list[str]:
    return [
        run("pdftotext", "-f", str(i), "-l", str(i), str(path), "-")
        for i in range(1, pages(path) + 1)
    ]


def fonts(path: Path) -> list[dict]:
    """pdffonts' table: name, type and whether each font is embedded."""
    lines = run("pdffonts", str(path)).splitlines()[2:]
    rows = []
    for line in lines:
        parts = line.split()
        # name type... encoding emb sub uni object-id generation: read from the right
        rows.append({"name": parts[0], "emb": parts[-5], "line": line})
    return rows


def render(path: Path, tmp_path: Path, resolution: int = 50) -> list[Path]:
    prefix = tmp_path / path.stem
    run("pdftoppm", "-r", str(resolution), "-png", str(path), str(prefix))
    return sorted(tmp_path.glob(f"{path.stem}-*.png"))


def inked_fraction(png: Path) -> float:
    """Share of pixels that are not (near) white: 0 for a blank page."""
    from PIL import Image

    image = Image.open(png).convert("L")
    histogram = image.histogram()
    dark = sum(histogram[:200])
    return dark / (image.width * image.height)
