"""Uploads are typed by parsing their content, and stored files are named by that type alone."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import ImportJob
from core.uploads import validate_pdf, validate_scan
from tests.upload_files import HTML_POLYGLOT, SVG_POLYGLOT, jpeg_bytes, png_bytes, real_pdf

RANDOM_NAME = re.compile(r"^[0-9a-f]{32}\.(pdf|jpg|png|xlsx|csv|bin)$")


def upload(content: bytes, name: str = "file.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.mark.parametrize("content", [HTML_POLYGLOT, SVG_POLYGLOT], ids=["html", "svg"])
@pytest.mark.parametrize("check", [validate_pdf, validate_scan], ids=["report", "scan"])
def test_an_html_or_svg_polyglot_with_the_pdf_markers_is_refused(check, content):
    with pytest.raises(ValidationError) as refused:
        check(upload(content, "report.pdf"))
    assert refused.value.code in ("not_pdf", "not_scan")


@pytest.mark.parametrize("content", [
    b"%PDF-1.7\n<html><script>alert(1)</script></html>\n%%EOF\n",  # the header, then no PDF at all
    real_pdf()[: len(real_pdf()) // 2],  # truncated: no cross-reference table
    b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\nstartxref\n999999\n%%EOF\n",  # a table that is not there
    b"%PDF-",
    # An encryption handler pypdf does not know: it raises NotImplementedError, not one of its own.
    real_pdf(password="x").replace(b"/Standard", b"/Foobarxx"),
], ids=["html-after-header", "truncated", "dangling-startxref", "header-only", "unknown-encryption"])
def test_files_that_do_not_parse_as_pdf_are_refused_with_the_reason(content):
    with pytest.raises(ValidationError) as refused:
        validate_pdf(upload(content))
    assert refused.value.code == "not_pdf"
    assert "不是 PDF 文件" in refused.value.messages[0]


def test_a_real_pdf_is_a_pdf_whatever_its_name():
    assert validate_pdf(upload(real_pdf(3), "我的报告.html")) == "pdf"
    assert validate_scan(upload(real_pdf(), "scan.svg")) == "pdf"


def test_an_encrypted_pdf_is_refused_with_the_reason():
    for check in (validate_pdf, validate_scan):
        with pytest.raises(ValidationError) as refused:
            check(upload(real_pdf(password="secret")))
        assert refused.value.code == "pdf_encrypted" and "已加密" in refused.value.messages[0]


def test_a_pdf_over_the_page_cap_is_refused_with_the_reason(settings):
    settings.PDF_MAX_PAGES = 3
    assert validate_pdf(upload(real_pdf(3))) == "pdf"
    with pytest.raises(ValidationError) as refused:
        validate_pdf(upload(real_pdf(4)))
    assert refused.value.code == "pdf_too_many_pages"
    assert "共 4 页，超过上限 3 页" in refused.value.messages[0]


def test_scans_are_typed_by_content():
    assert validate_scan(upload(png_bytes(), "a.pdf")) == "png"
    assert validate_scan(upload(jpeg_bytes(), "a.png")) == "jpg"


@pytest.mark.django_db
def test_a_stored_file_gets_a_random_name_with_a_checked_types_extension_only(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job = ImportJob(kind="results", original_name="x.xlsx")
    job.file.save("证书<script>.xlsx", ContentFile(b"PK"), save=False)
    job.error_report.save("evil.html", ContentFile(b"<script>"), save=False)
    stored = [job.file.name, job.error_report.name]
    names = [name.rsplit("/", 1)[1] for name in stored]
    assert RANDOM_NAME.match(names[0]) and names[0].endswith(".xlsx")
    # An extension that is not a checked type is never kept: inert bytes, never .html.
    assert RANDOM_NAME.match(names[1]) and names[1].endswith(".bin")
    assert not any(part in name for name in stored for part in ("证书", "script", "evil", "html"))
