"""Helpers of the institution tests: scans by content, a registration as the browser posts it."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests import factories
from tests.upload_files import png_bytes, real_pdf
from thirdparty.models import Certificate, CertificateKind

PASSWORD = "Jiance-2026!x"


def pdf_bytes() -> bytes:
    return real_pdf()


def scan(name: str = "cnas.pdf", content: bytes | None = None, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, content_type=content_type)


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def stored_files(media_root) -> list:
    """The files stored for institutions: not the scans held for a form's next try (``held/``)."""
    if not media_root.exists():
        return []
    return [p for p in media_root.rglob("*") if p.is_file() and p.relative_to(media_root).parts[0] != "held"]


def held_files(media_root) -> list:
    held = media_root / "held"
    return [p for p in held.iterdir() if p.is_file()] if held.exists() else []


def registration_data(categories, **overrides) -> dict:
    """A complete registration as the browser posts it: a CNAS and a CMA certificate, two
    categories of services."""
    data = {
        "uscc": factories.make_uscc(4242, "440300"),
        "name": "深圳市示例检测技术有限公司",
        "kind": "testing_lab",
        "province": "440000",
        "city": "440300",
        "county": "440305",
        "contact_name": "李四",
        "contact_phone": "0755-88889999",
        "contact_email": "lab@example.cn",
        "website": "https://lab.example.cn",
        "description": "口罩及防护用品检测",
        "username": "lab-user",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "certificates-TOTAL_FORMS": "2",
        "certificates-INITIAL_FORMS": "0",
        "certificates-MIN_NUM_FORMS": "0",
        "certificates-MAX_NUM_FORMS": "20",
        "certificates-0-kind": "cnas",
        "certificates-0-number": "L1234",
        "certificates-0-scope": "口罩过滤效率、呼吸阻力",
        "certificates-0-valid_until": in_days(400).isoformat(),
        "certificates-0-scan": scan("cnas.pdf"),
        "certificates-1-kind": "cma",
        "certificates-1-number": "210012345678",
        "certificates-1-scope": "纺织品、防护用品",
        "certificates-1-valid_until": in_days(700).isoformat(),
        "certificates-1-scan": scan("cma.png", png_bytes(), "image/png"),
        "services-TOTAL_FORMS": "2",
        "services-INITIAL_FORMS": "0",
        "services-MIN_NUM_FORMS": "1",
        "services-MAX_NUM_FORMS": "100",
        "services-0-category": str(categories[0].pk),
        "services-0-services": ["product_testing", "comparison_testing"],
        "services-1-category": str(categories[1].pk),
        "services-1-services": ["standard_verification"],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def certificate(institution, *, kind=CertificateKind.CNAS, number="L5678", valid_until=None, **extra) -> Certificate:
    return Certificate.objects.create(
        institution=institution, kind=kind, number=number, valid_until=valid_until or in_days(365), **extra
    )
