"""Checks on uploaded files, by content, before anything is stored."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_PDF_BYTES = 10 * 1024 * 1024


def validate_pdf(upload: UploadedFile, *, max_bytes: int = MAX_PDF_BYTES) -> None:
    """A PDF by its content (the %PDF- header, an %%EOF trailer), not by its name or type."""
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("文件过大：%(size)s，上限为 %(limit)s。"),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(max(0, (upload.size or 0) - 2048))
    tail = upload.read(2048)
    upload.seek(0)
    if b"%PDF-" not in head or b"%%EOF" not in tail:
        raise ValidationError(_("文件“%(name)s”不是 PDF 文件。"), code="not_pdf", params={"name": upload.name})


MAX_SCAN_BYTES = 5 * 1024 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _scan_kind(head: bytes, tail: bytes) -> str | None:
    """'pdf', 'jpg' or 'png' when the content is one of them from start to end; None otherwise."""
    if b"%PDF-" in head and b"%%EOF" in tail:
        return "pdf"
    # JPEG: start-of-image marker, end-of-image marker (trailing padding tolerated).
    if head.startswith(b"\xff\xd8\xff") and b"\xff\xd9" in tail[-64:]:
        return "jpg"
    # PNG: the eight-byte signature, an IHDR chunk first and the IEND chunk last.
    if head.startswith(PNG_SIGNATURE) and head[12:16] == b"IHDR" and b"IEND" in tail[-32:]:
        return "png"
    return None


def validate_scan(upload: UploadedFile, *, max_bytes: int = MAX_SCAN_BYTES) -> str:
    """A scanned certificate: PDF, JPEG or PNG by its content, not by its name or type.

    Returns the file extension that matches the content (``pdf``, ``jpg``, ``png``), so that
    the stored name says what the file is whatever the uploader called it.
    """
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("文件过大：%(size)s，上限为 %(limit)s。"),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(max(0, (upload.size or 0) - 2048))
    tail = upload.read(2048)
    upload.seek(0)
    kind = _scan_kind(head, tail)
    if kind is None:
        raise ValidationError(
            _("文件“%(name)s”不是 PDF、JPEG 或 PNG 文件。"), code="not_scan", params={"name": upload.name}
        )
    return kind
