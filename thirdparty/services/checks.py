"""What registration, the forms, the admin and the import check alike: certificate numbers and
dates, regions, contacts, services; and the input records of the services."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator, validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from benchmarking.models import ProductCategory, Region, RegionLevel

from ..models import (
    CERTIFICATE_NUMBER_PATTERNS,
    AccreditationStatus,
    CertificateKind,
    InstitutionKind,
    ServiceKind,
)

# A certificate's holder is told this many days before it runs out, once.
EXPIRY_NOTICE_DAYS = 30
# Stored on the event as written, like every reviewer's reason: records are kept in Chinese.
EXPIRY_REASON = "证书已过有效期"
# Kinds of institution whose work rests on a CNAS or CMA certificate: they must hold one.
CERTIFIED_KINDS = frozenset({InstitutionKind.TESTING_LAB})
EDITABLE_STATES = frozenset({AccreditationStatus.APPLIED, AccreditationStatus.ACCREDITED})


@dataclass(frozen=True)
class CertificateInput:
    kind: str
    number: str
    valid_until: dt.date
    scope: str = ""
    scan: UploadedFile | None = None


@dataclass(frozen=True)
class CertificateChange:
    """An existing certificate renewed or corrected: its kind and number never change."""

    certificate_id: int
    valid_until: dt.date
    scope: str = ""
    scan: UploadedFile | None = None


@dataclass(frozen=True)
class ServiceInput:
    category: ProductCategory
    services: tuple[str, ...]


# --- checks shared with the forms ---------------------------------------------------------------

def check_certificate_number(kind: str, number: str) -> str:
    """The number in its stored form (``L1234``, ``210012345678``) or a reason it is wrong."""
    text = "".join(unicodedata.normalize("NFKC", number or "").split()).upper()
    if kind == CertificateKind.CNAS:
        text = text.removeprefix("CNAS")
        if not _matches(CertificateKind.CNAS, text):
            raise ValidationError(
                _("CNAS 实验室认可证书编号应为字母 L 加 4 至 5 位数字（例如 L1234），现为“%(number)s”。"),
                code="cnas_number", params={"number": number},
            )
    elif kind == CertificateKind.CMA:
        if not _matches(CertificateKind.CMA, text):
            raise ValidationError(
                _("CMA 资质认定证书编号应为 12 位数字（例如 210012345678），现为“%(number)s”。"),
                code="cma_number", params={"number": number},
            )
    else:
        raise ValidationError(_("请选择证书类型。"), code="certificate_kind")
    return text


def _matches(kind: str, text: str) -> bool:
    return re.fullmatch(CERTIFICATE_NUMBER_PATTERNS[kind], text) is not None


def check_valid_until(valid_until: dt.date | None, *, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    if valid_until is None:
        raise ValidationError(_("请填写证书有效期。"), code="valid_until_required")
    if valid_until <= today:
        raise ValidationError(
            _("证书有效期（%(date)s）已过，请登记仍在有效期内的证书。"),
            code="certificate_expired", params={"date": valid_until.isoformat()},
        )


def check_region(region: Region) -> None:
    # A province with cities must be narrowed to a city: city offices see the institutions of
    # their own city, and an institution filed under a province alone would belong to none.
    if region.level == RegionLevel.PROVINCE and region.children.exists():
        raise ValidationError({"region": _("请选择机构所在的城市。")}, code="region_too_coarse")


def check_contacts(*, contact_email: str, website: str) -> None:
    errors = {}
    if contact_email:
        try:
            validate_email(contact_email)
        except ValidationError:
            errors["contact_email"] = _("联系邮箱格式不正确。")
    if website:
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            errors["website"] = _("网站地址应以 http:// 或 https:// 开头。")
    if errors:
        raise ValidationError(errors)


def check_services(services: Sequence[ServiceInput]) -> list[tuple[int, str]]:
    pairs: list[tuple[int, str]] = []
    for item in services:
        unknown = set(item.services) - set(ServiceKind.values)
        if unknown or not item.services:
            raise ValidationError(_("请为产品类别“%(category)s”选择服务项目。") % {"category": item.category},
                                  code="service_kind")
        pairs += [(item.category.pk, service) for service in item.services]
    if not pairs:
        raise ValidationError({"services": _("请至少填写一项服务：产品类别及服务项目。")}, code="no_services")
    return list(dict.fromkeys(pairs))
