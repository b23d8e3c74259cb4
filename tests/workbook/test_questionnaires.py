"""The paper questionnaire reader reports problems as codes and figures, without Django."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest

from greencert.core.registry import default_scheme
from greencert.workbook.questionnaires import (
    QuestionnaireIssues,
    TemplateTexts,
    read_questionnaires,
    write_template,
)

TEXTS = TemplateTexts("S1", "optional", "1–5", "one row", "date", "levels", "comment")
TODAY = datetime.date(2026, 5, 10)


def filled(rows) -> io.BytesIO:
    scheme = default_scheme()
    stream = io.BytesIO()
    write_template(scheme, stream, texts=TEXTS)
    book = openpyxl.load_workbook(io.BytesIO(stream.getvalue()))
    ws = book.worksheets[0]
    for n, row in enumerate(rows, start=3):
        for column, value in enumerate(row, start=1):
            ws.cell(n, column, value)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_a_filled_row_is_read():
    levels = [4] * 18 + [5]
    (row,) = read_questionnaires(
        default_scheme(), filled([["2026-05-09", *levels, "好"]]), today=TODAY, comment_limit=10
    )
    assert (row.row, row.date, row.comment) == (3, datetime.date(2026, 5, 9), "好")
    assert row.likert["7.1"] == 5 and len(row.likert) == 19


def test_problems_are_codes_with_their_place_and_figures():
    levels = [4] * 17 + [9, None]
    with pytest.raises(QuestionnaireIssues) as caught:
        read_questionnaires(
            default_scheme(),
            filled([["2026-05-11", *levels, "x" * 11]]),
            today=TODAY,
            comment_limit=10,
        )
    found = [(i.code, i.row, i.column, i.params) for i in caught.value.issues]
    assert found == [
        ("future_date", 3, "date", {"date": datetime.date(2026, 5, 11)}),
        ("bad_level", 3, "6.3", {"value": "9"}),
        ("not_answered", 3, "7.1", {}),
        ("comment_too_long", 3, "comment", {"limit": 10}),
    ]
