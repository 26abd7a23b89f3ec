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
