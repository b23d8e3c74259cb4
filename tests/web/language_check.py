"""What a page says in the wrong language: the checks of the language walk (tests/web/test_language.py).

A page is read as a person reads it: its text and the attributes a person sees
(``title``, ``placeholder``, ``alt``, ``aria-label``, a button's ``value``), never
scripts or styles.  An element that declares another language (``lang="en"`` on
the language switch's "English") is left out: it says what it is.

What is not the interface is struck out before looking: the data (names,
addresses, notes people typed) and the scheme's own texts that the scheme gives
in one language only (an item's requirement, a clause's guidance, verbatim).

Then, in Chinese, an English word of three letters or more is a fault unless it
is an acronym or code in capitals (AAA, PDF, USCC), a name that has no Chinese
(Excel, WPS, GreenCert) or a file type; in English, any Chinese character is.

>>> sentences_in('<p title="提示">Hello <b>world</b></p><script>var x</script>')
['提示', 'Hello', 'world']
>>> sentences_in('<form><button lang="en">English</button> 中文</form>', "zh-hans")
['中文']
>>> foreign("项目 Project state changed 已完成", "zh-hans")
['Project', 'state', 'changed']
>>> foreign("证书 AAA 级，PDF 与 Excel 文件 (.xlsx)", "zh-hans")
[]
>>> foreign("Level 四级 Continually improving", "en")
['四级']
>>> foreign("Survey greencert.survey.opened · state: in_progress", "en")
['greencert.survey.opened', 'in_progress']
>>> strike("绿源服务有限公司 changed", ["绿源服务有限公司", "绿源"])
'  changed'
"""

from __future__ import annotations

import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path

from django.apps import apps
from django.db import models

import greencert.core

# Names and words that stay as they are in a Chinese sentence.
KEPT_IN_CHINESE = {
    "Excel",
    "WPS",
    "LibreOffice",
    "GreenCert",
    "Microsoft",
    "Google",
    "Authenticator",
    "FreeOTP",
    "xlsx",
    "pdf",
    "json",
    "csv",
    "zip",
    "http",
    "https",
}
SEEN_ATTRIBUTES = ("title", "placeholder", "alt", "aria-label")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
HIDDEN = {"script", "style", "template"}

# A word, digits and all: "0558e85bfda7" is a hash and "TBSC041" a code, not English words.
ENGLISH_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’]*[A-Za-z0-9]")
CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+")
# An action code or a stored value as the database holds it (greencert.survey.opened, in_progress).
STORED_CODE = re.compile(r"\bgreencert\.[a-z_.]+|\b[a-z]+(?:_[a-z]+)+\b")
# Addresses and links are data, whatever their letters.
NOT_WORDS = re.compile(r"(https?://\S+|\S+@\S+|/[\w./-]+/)")


class _Reader(HTMLParser):
    def __init__(self, page_lang: str | None):
        super().__init__(convert_charrefs=True)
        self.page_lang = page_lang
        self.stack: list[tuple[str, bool]] = []  # (tag, left out)
        self.sentences: list[str] = []

    def _left_out(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def _attrs(self, tag: str, attrs: dict) -> bool:
        lang = attrs.get("lang")
        left_out = self._left_out() or tag in HIDDEN
        if lang and self.page_lang and not _same_language(lang, self.page_lang):
            left_out = True
        if not left_out:
            for name in SEEN_ATTRIBUTES:
                self._add(attrs.get(name))
            if tag == "input" and attrs.get("type") in ("submit", "button"):
                self._add(attrs.get("value"))
        return left_out

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html" and self.page_lang is None:
            self.page_lang = attrs.get("lang")
        left_out = self._attrs(tag, attrs)
        if tag not in VOID:
            self.stack.append((tag, left_out))

    def handle_startendtag(self, tag, attrs):
        self._attrs(tag, dict(attrs))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if not self._left_out():
            self._add(data)

    def _add(self, text):
        text = " ".join((text or "").split())
        if text:
            self.sentences.append(text)


def _same_language(a: str, b: str) -> bool:
    return a.lower().split("-")[0] == b.lower().split("-")[0]


def sentences_in(html: str, page_lang: str | None = None) -> list[str]:
    """The pieces of text a person sees on the page, in order."""
    reader = _Reader(page_lang)
    reader.feed(html)
    reader.close()
    return reader.sentences


def strike(text: str, known: list[str]) -> str:
    """*text* with every occurrence of a *known* string (longest first) replaced by a space."""
    for value in known:
        if value in text:
            text = text.replace(value, " ")
    return text


def foreign(text: str, lang: str) -> list[str]:
    """The words of *text* in the other language than *lang*, and codes shown as they are stored."""
    codes = STORED_CODE.findall(text)
    if lang == "en":
        return CHINESE.findall(text) + codes
    words = ENGLISH_WORD.findall(NOT_WORDS.sub(" ", text))
    return codes + [
        w
        for w in words
        if len(w) >= 3 and w.isalpha() and not w.isupper() and w not in KEPT_IN_CHINESE
    ]


def offences(html: str, lang: str, known: list[str]) -> list[str]:
    """Each sentence of the page (data struck out) that holds words of the other language."""
    found = []
    for sentence in sentences_in(html, lang):
        words = foreign(strike(sentence, known), lang)
        if words:
            found.append(f"{sentence!r} ({', '.join(dict.fromkeys(words))})")
    return list(dict.fromkeys(found))


# --- what is not the interface


def scheme_own_texts() -> set[str]:
    """The scheme files' texts given in one language only: shown as the scheme words them.

    A text with an English twin (``name`` and ``name_en``) is not among them: each
    language shows its own.  Neither is a maturity level's ``name`` (一级 … 五级): it
    is the level's number, worded in the reader's language.
    """
    texts: set[str] = set()

    def walk(node, parent: str):
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str):
                    twin = key.endswith("_en") or f"{key}_en" in node
                    if not twin and not (parent == "maturity_levels" and key == "name"):
                        texts.update(_lines(value))
                else:
                    walk(value, key)
        elif isinstance(node, list):
            for entry in node:
                walk(entry, parent)

    for path in (Path(greencert.core.__file__).parent / "schemes").glob("*.toml"):
        walk(tomllib.loads(path.read_text(encoding="utf-8")), "")
    return texts


def _lines(value: str) -> list[str]:
    return [" ".join(line.split()) for line in value.strip().splitlines() if line.strip()]


# Stored codes that the pages must name in words, not show as they are.
NOT_DATA = {"audit.AuditEntry.action", "audit.AuditEntry.object_type"}
# Results the product computed and stored in both languages: each page picks the reader's.
NOT_DATA |= {f"certification.ResultSnapshot.{name}" for name in ("inputs", "result", "result_en")}
CODE = re.compile(r"^[a-z_]+$")  # a stored code (minor, in_progress): shown by its label


def data_texts() -> set[str]:
    """Every text stored in the database that people typed or uploaded (codes and choices aside)."""
    texts: set[str] = set()
    for model in apps.get_models():
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(
                f, (models.CharField, models.TextField, models.FileField, models.JSONField)
            )
            and not f.choices
            and f"{model._meta.label}.{f.name}" not in NOT_DATA
        ]
        for field in fields:
            for value in model.objects.values_list(field.attname, flat=True).distinct():
                texts.update(_leaves(value, json=isinstance(field, models.JSONField)))
    return texts


def _leaves(value, *, json: bool) -> list[str]:
    if isinstance(value, dict):
        return [t for v in value.values() for t in _leaves(v, json=json)]
    if isinstance(value, list):
        return [t for v in value for t in _leaves(v, json=json)]
    if not isinstance(value, str) or not value.strip():
        return []
    if json and CODE.match(value):
        return []
    return [*_lines(value), *(value.rsplit("/", 1)[-1:] if "/" in value else [])]


def known_texts() -> list[str]:
    """Data and the scheme's own texts, longest first (so a name inside a longer one goes last).

    Numbers are left out: struck from a hash or a code, they would leave letters behind.
    """
    texts = {t for t in data_texts() | scheme_own_texts() if not t.isdigit()}
    return sorted(texts, key=len, reverse=True)
