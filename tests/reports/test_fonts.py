"""Without an embeddable Chinese font there is no PDF, and the message says what to install."""

from __future__ import annotations

import pytest

from greencert.reports import FontMissing, build_assessment_report, build_certificate, find_cjk_font
from greencert.reports.fonts import ENV_VAR


def test_a_wrong_font_setting_is_refused_with_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "nowhere.ttf"))
    with pytest.raises(FontMissing) as caught:
        find_cjk_font()
    message = str(caught.value)
    assert "nowhere.ttf" in message and "no such file" in message
    assert "fonts-wqy-zenhei" in message and ENV_VAR in message


def test_no_font_found_anywhere_is_refused(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    with pytest.raises(FontMissing, match="apt-get install fonts-wqy-zenhei"):
        find_cjk_font(candidates=("/nonexistent/font.ttc",))


def test_a_cff_font_that_cannot_be_embedded_is_refused(monkeypatch, tmp_path):
    fake = tmp_path / "NotoSansCJK.otf"
    fake.write_bytes(b"OTTO" + bytes(60))  # an OpenType font with CFF outlines starts so
    monkeypatch.setenv(ENV_VAR, str(fake))
    with pytest.raises(FontMissing, match="not a TrueType font"):
        find_cjk_font()


def test_documents_are_not_built_without_the_font(
    monkeypatch, tmp_path, result, context, certificate_fields
):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "gone.ttc"))
    with pytest.raises(FontMissing):
        build_assessment_report(result, context)
    with pytest.raises(FontMissing):
        build_certificate(certificate_fields)


def test_the_debian_font_is_found_by_default(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    try:
        path = find_cjk_font()
    except FontMissing:
        pytest.skip("fonts-wqy-zenhei is not installed here")
    assert path.name == "wqy-zenhei.ttc"
