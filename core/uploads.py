"""Checks on uploaded files, by content, before anything is stored, and the names they are
stored under.

A file's type is what its content parses as, never its name or the type the browser sent: a PDF
must open in pypdf (unencrypted, within the page cap), a scan must be such a PDF or a JPEG or PNG
from its first byte to its last. The checks return the extension of that type; a stored file is
named by its field (``core.downloads.DownloadFileField``: a random name with that extension), so
that neither the uploader's name nor their extension ever reaches the disk or a URL.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pypdf import PdfReader

MAX_PDF_BYTES = 10 * 1024 * 1024
MAX_SCAN_BYTES = 5 * 1024 * 1024
PDF_HEADER = b"%PDF-"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _refuse_if_too_large(upload: UploadedFile, max_bytes: int) -> None:
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("文件过大：%(size)s，上限为 %(limit)s。"),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
        )


def _check_pdf_content(upload: UploadedFile) -> None:
    """Parse the whole upload as a PDF: the header at its first byte (a file a browser could
    sniff as HTML or SVG never starts so), a readable cross-reference table and page tree, no
    encryption, at most ``PDF_MAX_PAGES`` pages."""
    not_pdf = ValidationError(_("文件“%(name)s”不是 PDF 文件。"), code="not_pdf", params={"name": upload.name})
    upload.seek(0)
    if upload.read(len(PDF_HEADER)) != PDF_HEADER:
        raise not_pdf
    upload.seek(0)
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _("PDF 文件“%(name)s”已加密或设有密码，请上传未加密的文件。"), code="pdf_encrypted",
                params={"name": upload.name},
            )
        pages = len(reader.pages)
    except ValidationError:
        raise
    # pypdf raises its own errors for a broken file, and plain ones for some malformed structures
    # (ValueError, KeyError, RecursionError, NotImplementedError for an unknown encryption
    # handler…; found by mutating real PDFs): on an uploader's bytes every one of them means "not
    # a PDF we can read", a reason to give, never a server error.
    except Exception:
        raise not_pdf from None
    finally:
        upload.seek(0)
    if pages < 1:
        raise not_pdf
    if pages > settings.PDF_MAX_PAGES:
        raise ValidationError(
            _("PDF 文件“%(name)s”共 %(pages)s 页，超过上限 %(limit)s 页。"), code="pdf_too_many_pages",
            params={"name": upload.name, "pages": pages, "limit": settings.PDF_MAX_PAGES},
        )


def validate_pdf(upload: UploadedFile, *, max_bytes: int = MAX_PDF_BYTES) -> str:
    """A PDF by its content, not by its name or type; returns its extension, ``pdf``."""
    _refuse_if_too_large(upload, max_bytes)
    _check_pdf_content(upload)
    return "pdf"


def _image_kind(head: bytes, tail: bytes) -> str | None:
    """'jpg' or 'png' when the content is one of them from start to end; None otherwise."""
    # JPEG: start-of-image marker, end-of-image marker (trailing padding tolerated).
    if head.startswith(b"\xff\xd8\xff") and b"\xff\xd9" in tail[-64:]:
        return "jpg"
    # PNG: the eight-byte signature, an IHDR chunk first and the IEND chunk last.
    if head.startswith(PNG_SIGNATURE) and head[12:16] == b"IHDR" and b"IEND" in tail[-32:]:
        return "png"
    return None


def validate_scan(upload: UploadedFile, *, max_bytes: int = MAX_SCAN_BYTES) -> str:
    """A scanned certificate: PDF (parsed as ``validate_pdf`` does), JPEG or PNG by its content,
    not by its name or type. Returns the extension of that type (``pdf``, ``jpg``, ``png``)."""
    _refuse_if_too_large(upload, max_bytes)
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if head.startswith(PDF_HEADER):
        try:
            _check_pdf_content(upload)
        except ValidationError as error:
            if error.code != "not_pdf":
                raise  # encrypted, too many pages: the reason says so
        else:
            return "pdf"
    else:
        upload.seek(max(0, (upload.size or 0) - 2048))
        tail = upload.read(2048)
        upload.seek(0)
        if kind := _image_kind(head, tail):
            return kind
    raise ValidationError(
        _("文件“%(name)s”不是 PDF、JPEG 或 PNG 文件。"), code="not_scan", params={"name": upload.name}
    )
