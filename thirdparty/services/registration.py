"""An institution registers (the institution, status ``applied``, and its first user at once) and
keeps its record up to date; the campaign office corrects it in the admin."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from benchmarking.models import Region
from core.identifiers import check_uscc
from core.models import AuditAction
from core.public_cache import Area, publication_changed
from core.services import audit, model_delete, model_update
from core.uploads import validate_scan
from core.workflow import TransitionRefused

from ..models import (
    AccreditationStatus,
    Certificate,
    Institution,
    InstitutionKind,
    InstitutionService,
)
from ..rules import represents_institution
from .accreditation import INSTITUTION_WORKFLOW, notify_application
from .checks import (
    CERTIFIED_KINDS,
    EDITABLE_STATES,
    CertificateChange,
    CertificateInput,
    ServiceInput,
    check_certificate_number,
    check_contacts,
    check_region,
    check_services,
    check_valid_until,
)

# --- registration ---------------------------------------------------------------------------------

class _StoredFiles:
    """Files written during a transaction, removed again if it does not commit."""

    def __init__(self) -> None:
        self.stored: list[tuple[Any, str]] = []  # (storage, name)

    def save(self, certificate: Certificate, upload: UploadedFile, extension: str) -> str:
        """Store the upload for the certificate's scan, under the random name its field gives a
        file of the checked type ``extension``; that name (the row itself is not changed here)."""
        field = certificate.scan.field
        name = field.generate_filename(certificate, f"scan.{extension}")
        name = field.storage.save(name, upload, max_length=field.max_length)
        self.stored.append((field.storage, name))
        return name

    def discard(self) -> None:
        for storage, name in self.stored:
            storage.delete(name)


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
        certificate.scan.name = files.save(certificate, item.scan, extension)
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
    check_region(region)
    check_contacts(contact_email=contact_email, website=website)
    _check_certificate_inputs(certificates, today=today)
    if kind in CERTIFIED_KINDS and not certificates:
        raise ValidationError(_("检验检测机构须至少登记一项 CNAS 或 CMA 证书。"), code="certificate_required")
    pairs = check_services(services)
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
            INSTITUTION_WORKFLOW.record_created(obj=institution, actor=user)
            transaction.on_commit(lambda: notify_application(institution, user))
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
    check_contacts(contact_email=contact_email, website=website)
    locked, _changed = model_update(actor=actor, instance=locked, data={
        "contact_name": contact_name.strip(), "contact_phone": contact_phone.strip(),
        "contact_email": contact_email.strip(), "website": website.strip(), "description": description.strip(),
    })
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
                data = {"scope": change.scope.strip()}
                if change.valid_until != certificate.valid_until:
                    check_valid_until(change.valid_until, today=today)
                    data |= {"valid_until": change.valid_until, "expiry_notified_at": None}
                if change.scan is not None:
                    data["scan"] = files.save(certificate, change.scan, validate_scan(change.scan))
                model_update(actor=actor, instance=certificate, data=data)
            for pk in removals:
                model_delete(actor=actor, instance=own[pk])
            for item in additions:
                certificate = _new_certificate(locked, item, files, today=today)
                audit(actor=actor, instance=certificate, action=AuditAction.CREATED, changes={
                    "kind": (None, certificate.kind), "number": (None, certificate.number),
                    "valid_until": (None, certificate.valid_until)})
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
    pairs = check_services(services)
    stored = locked.services.values_list("category_id", "service")
    before = sorted(f"{category}:{service}" for category, service in stored)
    locked.services.all().delete()
    created = InstitutionService.objects.bulk_create(
        InstitutionService(institution=locked, category_id=category_id, service=service)
        for category_id, service in pairs
    )
    after = sorted(f"{category}:{service}" for category, service in pairs)
    if before != after:
        audit(actor=actor, instance=locked, action=AuditAction.CHANGED, changes={"services": (before, after)})
        publication_changed(Area.INSTITUTIONS)  # the directory lists what an accredited institution offers
    return created
