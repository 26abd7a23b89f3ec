"""Every write and state transition of third-party institutions.

Registration creates the institution (status ``applied``) and its first user at once. The
campaign office accredits or rejects it through INSTITUTION_WORKFLOW; the daily watch
(``institutions_watch_certificates``) expires accreditations whose certificates have all run
out and warns an institution 30 days before each certificate does.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from benchmarking.models import ProductCategory, Region, RegionLevel
from core.identifiers import check_uscc
from core.notifications import email_on_transition, send_email_later
from core.services import model_update
from core.uploads import validate_scan
from core.workflow import Transition, TransitionRefused, Workflow

from .models import (
    CERTIFICATE_NUMBER_PATTERNS,
    AccreditationStatus,
    Certificate,
    CertificateKind,
    Institution,
    InstitutionEvent,
    InstitutionKind,
    InstitutionService,
    ServiceKind,
)
from .rules import decides_institution, expires_institution, represents_institution

__all__ = [
    "EXPIRY_NOTICE_DAYS",
    "EXPIRY_REASON",
    "INSTITUTION_WORKFLOW",
    "CertificateChange",
    "CertificateInput",
    "ServiceInput",
    "TransitionRefused",
    "WatchReport",
    "check_certificate_number",
    "check_valid_until",
    "institution_accredit",
    "institution_expire",
    "institution_reapply",
    "institution_register",
    "institution_reject",
    "institution_save_certificates",
    "institution_set_services",
    "institution_update_contacts",
    "institutions_watch_certificates",
]

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


def _check_region(region: Region) -> None:
    # A province with cities must be narrowed to a city: city offices see the institutions of
    # their own city, and an institution filed under a province alone would belong to none.
    if region.level == RegionLevel.PROVINCE and region.children.exists():
        raise ValidationError({"region": _("请选择机构所在的城市。")}, code="region_too_coarse")


def _check_contacts(*, contact_email: str, website: str) -> None:
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


def _check_services(services: Sequence[ServiceInput]) -> list[tuple[int, str]]:
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


# --- notifications --------------------------------------------------------------------------------

def _institution_addresses(institution: Institution) -> list[str]:
    return [
        institution.contact_email,
        *institution.users.filter(is_active=True).values_list("email", flat=True),
    ]




# --- the accreditation workflow -------------------------------------------------------------------

def _on_accredit(institution: Institution) -> list[str]:
    today = timezone.localdate()
    certificates = institution.certificates.all()
    if certificates.exists() and not certificates.filter(valid_until__gte=today).exists():
        raise TransitionRefused(_("机构登记的证书均已过有效期，不能认定。"), code="certificates_expired")
    institution.accredited_at = timezone.now()
    return ["accredited_at"]


INSTITUTION_WORKFLOW = Workflow(model=Institution, event_model=InstitutionEvent, event_field="institution")
INSTITUTION_WORKFLOW.add(Transition(
    name="accredit", changes_public_data=True, label=gettext_lazy("认定"),
    sources=frozenset({AccreditationStatus.APPLIED}), target=AccreditationStatus.ACCREDITED,
    allowed=lambda user, institution: decides_institution(user, institution), effect=_on_accredit,
    notify=email_on_transition("institution_accredited", _institution_addresses, context_name="institution"),
))
INSTITUTION_WORKFLOW.add(Transition(
    name="reject", label=gettext_lazy("不予认定"),
    sources=frozenset({AccreditationStatus.APPLIED}), target=AccreditationStatus.REJECTED,
    allowed=lambda user, institution: decides_institution(user, institution), requires_reason=True,
    notify=email_on_transition("institution_rejected", _institution_addresses, context_name="institution"),
))
INSTITUTION_WORKFLOW.add(Transition(
    name="expire", changes_public_data=True, label=gettext_lazy("认定过期"),
    sources=frozenset({AccreditationStatus.ACCREDITED}), target=AccreditationStatus.EXPIRED,
    allowed=expires_institution, requires_reason=True,
    notify=email_on_transition("institution_expired", _institution_addresses, context_name="institution"),
))
INSTITUTION_WORKFLOW.add(Transition(
    name="reapply", label=gettext_lazy("重新申请认定"),
    sources=frozenset({AccreditationStatus.REJECTED, AccreditationStatus.EXPIRED}),
    target=AccreditationStatus.APPLIED,
    allowed=lambda user, institution: represents_institution(user, institution),
))


def institution_accredit(*, actor: User, institution: Institution) -> Institution:
    return INSTITUTION_WORKFLOW.apply(obj=institution, name="accredit", actor=actor)


def institution_reject(*, actor: User, institution: Institution, reason: str) -> Institution:
    return INSTITUTION_WORKFLOW.apply(obj=institution, name="reject", actor=actor, reason=reason)


def institution_expire(*, actor: User | None, institution: Institution, reason: str) -> Institution:
    return INSTITUTION_WORKFLOW.apply(obj=institution, name="expire", actor=actor, reason=reason)


def institution_reapply(*, actor: User, institution: Institution) -> Institution:
    return INSTITUTION_WORKFLOW.apply(obj=institution, name="reapply", actor=actor)


# --- registration ---------------------------------------------------------------------------------

class _StoredFiles:
    """Files written during a transaction, removed again if it does not commit."""

    def __init__(self) -> None:
        self.files: list = []

    def save(self, certificate: Certificate, upload: UploadedFile, extension: str) -> None:
        certificate.scan.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
        self.files.append(certificate.scan)

    def discard(self) -> None:
        for stored in self.files:
            stored.storage.delete(stored.name)


def _new_certificate(
    institution: Institution, item: CertificateInput, files: _StoredFiles, *, today: dt.date
) -> Certificate:
    number = check_certificate_number(item.kind, item.number)
    check_valid_until(item.valid_until, today=today)
    extension = validate_scan(item.scan) if item.scan is not None else None
    taken = ValidationError(
        _("证书编号 %(number)s 已由其他机构登记。如有疑问，请联系百千万行动办公室。"),
        code="certificate_taken", params={"number": number},
    )
    if Certificate.objects.filter(kind=item.kind, number=number).exists():
        raise taken
    certificate = Certificate(
        institution=institution, kind=item.kind, number=number, scope=item.scope.strip(), valid_until=item.valid_until
    )
    if item.scan is not None:
        files.save(certificate, item.scan, extension)
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError:  # registered by someone else in the meantime
        raise taken from None
    return certificate


def _check_certificate_inputs(certificates: Sequence[CertificateInput], *, today: dt.date) -> None:
    """Everything about the new certificates that needs no database, before anything is written."""
    seen = set()
    for item in certificates:
        number = check_certificate_number(item.kind, item.number)
        check_valid_until(item.valid_until, today=today)
        if item.scan is not None:
            validate_scan(item.scan)
        if (item.kind, number) in seen:
            raise ValidationError(
                _("证书编号 %(number)s 重复填写。"), code="certificate_twice", params={"number": number}
            )
        seen.add((item.kind, number))


def _duplicate_uscc_error(existing: Institution) -> ValidationError:
    return ValidationError(
        {"uscc": _("统一社会信用代码 %(code)s 已登记为“%(name)s”（%(status)s）。如为本机构，请用已有账号登录；"
                   "如需为本机构开通新账号，请联系百千万行动办公室。")
         % {"code": existing.uscc, "name": existing.name, "status": existing.get_status_display()}},
        code="uscc_taken",
    )


def institution_register(
    *, uscc: str, name: str, kind: str, region: Region, username: str, password: str,
    contact_name: str = "", contact_phone: str = "", contact_email: str = "", website: str = "",
    description: str = "", certificates: Sequence[CertificateInput] = (), services: Sequence[ServiceInput] = (),
    accept_legacy_uscc: bool = False,
) -> Institution:
    """A new institution applying for accreditation, with its first user (role institution).

    A USCC whose check character fails GB 32100 is taken only when ``accept_legacy_uscc`` says
    the applicant saw the warning; the institution then carries the flag for everyone to see.
    Everything is checked before anything is written; nothing is left half-written.
    """
    today = timezone.localdate()
    try:
        checked = check_uscc(uscc)
    except ValidationError as error:
        raise ValidationError({"uscc": error.messages}) from None
    if checked.legacy_checksum and not accept_legacy_uscc:
        raise ValidationError(
            {"uscc": _("统一社会信用代码的校验位与 GB 32100 不符（按标准应为“%(expected)s”）。")
             % {"expected": checked.expected_check_character}},
            code="uscc_legacy_unconfirmed",
        )
    if kind not in InstitutionKind.values:
        raise ValidationError({"kind": _("请选择机构类型。")}, code="kind")
    name, username = name.strip(), username.strip()
    if not name:
        raise ValidationError({"name": _("请填写机构名称。")}, code="name_required")
    _check_region(region)
    _check_contacts(contact_email=contact_email, website=website)
    _check_certificate_inputs(certificates, today=today)
    if kind in CERTIFIED_KINDS and not certificates:
        raise ValidationError(_("检验检测机构须至少登记一项 CNAS 或 CMA 证书。"), code="certificate_required")
    pairs = _check_services(services)
    user = User(username=username, email=contact_email.strip(), role=Role.INSTITUTION, first_name=name[:150])
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None

    files = _StoredFiles()
    try:
        with transaction.atomic():
            # Locking the would-be duplicates' rows is not possible; the unique constraints are
            # the guard against two registrations racing, and their errors get the same reason.
            existing = Institution.objects.filter(uscc=checked.code).first()
            if existing is not None:
                raise _duplicate_uscc_error(existing)
            if User.objects.filter(username__iexact=username).exists():
                raise ValidationError({"username": _("用户名“%(name)s”已被使用。") % {"name": username}},
                                      code="username_taken")
            institution = Institution(
                uscc=checked.code, uscc_legacy_checksum=checked.legacy_checksum, name=name, kind=kind,
                region=region, province_id=region.province_code, status=AccreditationStatus.APPLIED,
                contact_name=contact_name.strip(), contact_phone=contact_phone.strip(),
                contact_email=contact_email.strip(), website=website.strip(), description=description.strip(),
            )
            try:
                with transaction.atomic():
                    institution.save()
                    user.institution = institution
                    user.set_password(password)
                    user.save()
            except IntegrityError:
                existing = Institution.objects.filter(uscc=checked.code).first()
                if existing is not None:
                    raise _duplicate_uscc_error(existing) from None
                raise ValidationError({"username": _("用户名“%(name)s”已被使用。") % {"name": username}},
                                      code="username_taken") from None
            for item in certificates:
                _new_certificate(institution, item, files, today=today)
            InstitutionService.objects.bulk_create(
                InstitutionService(institution=institution, category_id=category_id, service=service)
                for category_id, service in pairs
            )
            InstitutionEvent.objects.create(
                institution=institution, actor=user, actor_name=user.username,
                from_status="", to_status=AccreditationStatus.APPLIED,
            )
    except BaseException:
        files.discard()
        raise
    return institution


# --- keeping the record up to date ----------------------------------------------------------------

def _locked_for_edit(*, actor: User, institution: Institution) -> Institution:
    locked = Institution.objects.select_for_update().get(pk=institution.pk)
    if not represents_institution(actor, locked):
        raise TransitionRefused(_("您无权修改此机构的信息。"), code="forbidden")
    if locked.status not in EDITABLE_STATES:
        raise TransitionRefused(
            _("机构处于“%(state)s”状态，请先重新申请认定，再修改信息。") % {"state": locked.get_status_display()},
            code="read_only",
        )
    return locked


@transaction.atomic
def institution_update(*, actor: User, instance: Institution, data: Mapping[str, Any]
                       ) -> tuple[Institution, list[str]]:
    """An edit of an institution's record (the admin); its province follows its region."""
    data = dict(data)
    if "region" in data:
        data["province_id"] = data["region"].province_code
    return model_update(actor=actor, instance=instance, data=data)


@transaction.atomic
def institution_update_contacts(
    *, actor: User, institution: Institution, contact_name: str, contact_phone: str, contact_email: str,
    website: str = "", description: str = "",
) -> Institution:
    locked = _locked_for_edit(actor=actor, institution=institution)
    _check_contacts(contact_email=contact_email, website=website)
    locked.contact_name, locked.contact_phone = contact_name.strip(), contact_phone.strip()
    locked.contact_email, locked.website = contact_email.strip(), website.strip()
    locked.description = description.strip()
    locked.save(update_fields=["contact_name", "contact_phone", "contact_email", "website", "description"])
    return locked


def institution_save_certificates(
    *, actor: User, institution: Institution, changes: Sequence[CertificateChange] = (),
    additions: Sequence[CertificateInput] = (), removals: Sequence[int] = (),
) -> list[Certificate]:
    """Renew or correct, add and remove certificates at once: all of it or none of it.

    A certificate whose validity changes is warned about afresh before its new end date.
    """
    today = timezone.localdate()
    _check_certificate_inputs(additions, today=today)
    for change in changes:
        if change.scan is not None:
            validate_scan(change.scan)
    files = _StoredFiles()
    try:
        with transaction.atomic():
            locked = _locked_for_edit(actor=actor, institution=institution)
            own = {c.pk: c for c in locked.certificates.select_for_update()}
            if any(pk not in own for pk in [*removals, *(c.certificate_id for c in changes)]):
                raise TransitionRefused(_("证书不属于本机构。"), code="foreign_certificate")
            for change in changes:
                certificate = own[change.certificate_id]
                if change.certificate_id in removals:
                    continue
                fields = ["scope"]
                certificate.scope = change.scope.strip()
                if change.valid_until != certificate.valid_until:
                    check_valid_until(change.valid_until, today=today)
                    certificate.valid_until, certificate.expiry_notified_at = change.valid_until, None
                    fields += ["valid_until", "expiry_notified_at"]
                if change.scan is not None:
                    files.save(certificate, change.scan, validate_scan(change.scan))
                    fields.append("scan")
                certificate.save(update_fields=fields)
            Certificate.objects.filter(pk__in=removals, institution=locked).delete()
            for item in additions:
                _new_certificate(locked, item, files, today=today)
            remaining = list(locked.certificates.all())
            if locked.kind in CERTIFIED_KINDS and not remaining:
                raise ValidationError(_("检验检测机构须至少登记一项 CNAS 或 CMA 证书。"), code="certificate_required")
    except BaseException:
        files.discard()
        raise
    return remaining


@transaction.atomic
def institution_set_services(
    *, actor: User, institution: Institution, services: Sequence[ServiceInput]
) -> list[InstitutionService]:
    """Replace the services the institution offers, per product category."""
    locked = _locked_for_edit(actor=actor, institution=institution)
    pairs = _check_services(services)
    locked.services.all().delete()
    return InstitutionService.objects.bulk_create(
        InstitutionService(institution=locked, category_id=category_id, service=service)
        for category_id, service in pairs
    )


# --- the daily watch ------------------------------------------------------------------------------

@dataclass
class WatchReport:
    expired: list[int] = field(default_factory=list)  # institutions whose accreditation ran out
    warned: list[int] = field(default_factory=list)  # certificates whose holder was warned

    def as_dict(self) -> dict:
        return {"expired": self.expired, "warned": self.warned}


def institutions_watch_certificates(*, today: dt.date | None = None) -> WatchReport:
    """Expire accreditations whose every certificate is past its validity; warn 30 days ahead.

    Safe to run again at any time (a redelivered task): an institution is expired through the
    workflow only while still accredited, and a certificate is claimed for its warning by a
    conditional update, so nothing is written or sent twice.
    """
    today = today or timezone.localdate()
    report = WatchReport()
    still_valid = Certificate.objects.filter(institution=OuterRef("pk"), valid_until__gte=today)
    holds_any = Certificate.objects.filter(institution=OuterRef("pk"))
    lapsed = (
        Institution.objects.filter(status=AccreditationStatus.ACCREDITED)
        .filter(Exists(holds_any)).exclude(Exists(still_valid)).values_list("pk", flat=True)
    )
    for pk in list(lapsed):
        with transaction.atomic():
            institution = Institution.objects.select_for_update().get(pk=pk)
            # Checked again under the lock: a certificate renewed since the query keeps it.
            renewed = institution.certificates.filter(valid_until__gte=today).exists()
            if institution.status != AccreditationStatus.ACCREDITED or renewed:
                continue
            institution_expire(actor=None, institution=institution, reason=EXPIRY_REASON)
        report.expired.append(pk)

    horizon = today + dt.timedelta(days=EXPIRY_NOTICE_DAYS)
    due = Certificate.objects.filter(
        expiry_notified_at__isnull=True, valid_until__gte=today, valid_until__lte=horizon,
        institution__status__in=EDITABLE_STATES,
    ).select_related("institution")
    for certificate in due:
        with transaction.atomic():
            claimed = Certificate.objects.filter(pk=certificate.pk, expiry_notified_at__isnull=True).update(
                expiry_notified_at=timezone.now()
            )
            if claimed:
                transaction.on_commit(_warn_expiring(certificate, today=today))
                report.warned.append(certificate.pk)
    return report


def _warn_expiring(certificate: Certificate, *, today: dt.date):
    def send() -> None:
        send_email_later(
            recipients=_institution_addresses(certificate.institution), template="institution_certificate_expiring",
            context={"institution": certificate.institution, "certificate": certificate,
                     "days_left": (certificate.valid_until - today).days},
            key=f"certificate-{certificate.pk}-expiring-{certificate.valid_until.isoformat()}",
        )

    return send
