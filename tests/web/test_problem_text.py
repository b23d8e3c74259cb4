"""A problem shown on a page is worded in the reader's language, never as the command line's English."""

from __future__ import annotations

import pytest
from django.utils import translation

from greencert.core.exceptions import Problem
from greencert.web.form_errors import problem_message, problem_text

BAD_CELL = Problem(code="alpha.outside", params={"value": "1.5"}, sheet="E2", row=13, item="2.2")


@pytest.mark.parametrize(
    ("lang", "line", "message"),
    [
        (
            "zh-hans",
            "工作表 E2 第 13 行（第 2.2 项）：α 1.5 不在 [0, 1] 范围内",
            "α 1.5 不在 [0, 1] 范围内",
        ),
        ("en", "sheet E2 row 13 (item 2.2): α 1.5 is outside [0, 1]", "α 1.5 is outside [0, 1]"),
    ],
)
def test_a_core_problem_in_each_language(lang, line, message):
    with translation.override(lang):
        assert problem_text(BAD_CELL) == line
        assert problem_message(BAD_CELL) == message


def test_a_message_about_a_form_field_is_shown_without_the_fields_code_name():
    with translation.override("zh-hans"):
        assert problem_text(Problem(field="due_date", message="完成期限已过")) == "完成期限已过"
        # A field named in words stays, as the location of the message.
        assert (
            problem_text(Problem(field="场所", message="请选择项目的场所"))
            == "场所：请选择项目的场所"
        )
