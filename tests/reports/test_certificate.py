"""The certificate: its statements, its number and revision, its QR code, its font."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from greencert.reports import build_certificate, display_number, verification_url
from greencert.reports.qr import qr_drawing
from tests.reports import pdftools
from tests.reports.conftest import ORGANISATION

pytestmark = pdftools.needs_poppler
URL = "https://cert.example.cn/verify/TB-GPS-2026-0001"


@pytest.fixture
def certificate(tmp_path, certificate_fields):
    return pdftools.write(tmp_path, build_certificate(certificate_fields), "certificate.pdf")


def test_the_certificate_states_who_what_which_grade_and_until_when(certificate):
    text = pdftools.text(certificate)
    assert "江西腾标认证有限公司" in text
    assert "绿色产品服务认证证书" in text
    assert ORGANISATION in text
    assert "江西省南昌市红谷滩区丰和中大道 1 号" in text
    assert "家电回收与以旧换新" in text
    assert "南昌红谷滩服务中心（南昌市红谷滩区）" in text
    assert "绿色产品服务认证技术规范 CTS TBSC041-2026 B/0" in text
    assert "AAAA" in text
    assert "2026-06-01" in text and "2029-05-31" in text
    assert "张伟" in text
    assert pdftools.pages(certificate) == 1


def test_a_reissued_certificate_shows_its_revision(certificate):
    text = pdftools.text(certificate)
    assert "TB-GPS-2026-0001-R1" in text
    assert "第 1 次换发 / Revision 1" in text


def test_a_first_issue_has_no_revision_suffix(tmp_path, certificate_fields):
    path = pdftools.write(tmp_path, build_certificate(certificate_fields | {"revision": 0}))
    text = pdftools.text(path)
    assert "TB-GPS-2026-0001" in text
    assert "-R" not in text and "换发" not in text


def test_numbers_are_upper_case_without_spaces():
    assert display_number(" tb-gps-2026-0001 ", 2) == "TB-GPS-2026-0001-R2"
    assert verification_url("https://cert.example.cn/", "tb-gps-2026-0001") == URL


def test_the_qr_code_holds_the_full_verification_url(certificate_fields):
    widget = qr_drawing(
        verification_url(certificate_fields["site_url"], "TB-GPS-2026-0001"), 80, "x"
    )
    assert widget.contents[0].value == URL


@pytest.mark.skipif(not shutil.which("zbarimg"), reason="zbar-tools is not installed")
def test_the_printed_qr_code_decodes_to_the_verification_url(certificate, tmp_path):
    # The permanent number, without -R1: a printed certificate stays verifiable after a reissue.
    (png,) = pdftools.render(certificate, tmp_path, 150)
    out = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True)
    assert out.stdout.split() == [URL]


def test_the_font_is_embedded_and_the_page_is_not_blank(certificate, tmp_path):
    fonts = pdftools.fonts(certificate)
    assert fonts and all(f["emb"] == "yes" for f in fonts), fonts
    (png,) = pdftools.render(certificate, tmp_path, 50)
    assert pdftools.inked_fraction(png) > 0.01


def test_a_specimen_is_stamped_draft(tmp_path, certificate_fields):
    path = pdftools.write(tmp_path, build_certificate(certificate_fields | {"draft": True}))
    assert "草稿" in pdftools.text(path)
    assert "草稿" not in pdftools.text(
        pdftools.write(tmp_path, build_certificate(certificate_fields), "final.pdf")
    )


def test_a_long_scope_still_fits_on_the_page(tmp_path, certificate_fields):
    scope = "绿色产品服务：" + "家电回收、以旧换新、上门安装与维修服务；" * 25
    path = pdftools.write(tmp_path, build_certificate(certificate_fields | {"scope": scope}))
    assert pdftools.pages(path) == 1
    assert "有效期至" in pdftools.text(path)


def test_missing_fields_are_named(certificate_fields):
    with pytest.raises(ValueError, match="grade, granted_on"):
        build_certificate(certificate_fields | {"grade": "", "granted_on": None})
