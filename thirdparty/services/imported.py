"""The write of an institutions import: institutions created or completed, certificates and
services added, accreditations recorded through the workflow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.imports.errors import ImportRefused
from core.imports.kinds import WriteCounts
from core.imports.staging import changed_fields

from ..models import (
    AccreditationStatus,
    Certificate,
    Institution,
    InstitutionService,
)
from .accreditation import INSTITUTION_WORKFLOW

# --- imports ---------------------------------------------------------------------------------------

IMPORT_REASON = "批量导入认定"  # stored on the event as written, like every reviewer's reason


@dataclass(frozen=True)
class InstitutionRecord:
    line: int
    uscc: str
    legacy: bool
    values: dict[str, Any]  # name, kind, region_id, province_id and the optional fields ('' = keep)
    certificate: tuple[str, str, str, dt.date] | None  # kind, number, scope, valid until
    services: frozenset[tuple[int, str]]


def institutions_write_imported(records: list[InstitutionRecord], progress: Callable[[int], None], *,
                                actor: User | None) -> WriteCounts:
    """An institutions import's good rows, in the job's transaction: institutions created or their
    record completed, certificates and services added. Institutions the import creates, and those
    that had applied, are accredited — recorded through the workflow like a decision, by the
    importing campaign office."""
    by_uscc: dict[str, list[InstitutionRecord]] = {}
    for record in records:
        by_uscc.setdefault(record.uscc, []).append(record)
    counts = WriteCounts()
    codes = list(by_uscc)
    for start in range(0, len(codes), 200):
        chunk = {code: by_uscc[code] for code in codes[start:start + 200]}
        counts = counts.add(_write_institutions(chunk, actor=actor))
        progress(sum(len(rows) for rows in chunk.values()))
    return counts

def _write_institutions(chunk: dict[str, list[InstitutionRecord]], *, actor: User | None) -> WriteCounts:
    accredited = INSTITUTION_WORKFLOW.transition("accredit").target
    now = timezone.now()
    stored = {i.uscc: i for i in Institution.objects.select_for_update().filter(uscc__in=chunk)}
    changed_rows: set[int] = set()  # lines of rows that changed something
    created_uscc: set[str] = set()
    accreditations: list[tuple[int, str]] = []  # (institution, its status before) for the workflow
    for uscc, rows in chunk.items():
        values = _merged(rows)
        institution = stored.get(uscc)
        if institution is None:
            institution = Institution.objects.create(
                uscc=uscc, uscc_legacy_checksum=rows[0].legacy, status=accredited, accredited_at=now, **values,
            )
            stored[uscc] = institution
            created_uscc.add(uscc)
            accreditations.append((institution.pk, ""))
            continue
        if institution.status not in (AccreditationStatus.APPLIED, AccreditationStatus.ACCREDITED):
            raise ImportRefused(
                _("机构 %(code)s 的认定状态在导入期间变为“%(state)s”，未导入任何数据，请重新导入。")
                % {"code": uscc, "state": institution.get_status_display()}, code="changed_meanwhile")
        given = {name: value for name, value in values.items() if value != ""}
        names = changed_fields(institution, given)
        if institution.status == AccreditationStatus.APPLIED:
            accreditations.append((institution.pk, institution.status))
            institution.status, institution.accredited_at = accredited, now
            names += ["status", "accredited_at"]
        if names:
            institution.save(update_fields=names)
            changed_rows.add(rows[0].line)
    INSTITUTION_WORKFLOW.record_bulk(name="accredit", changes=accreditations, actor=actor, reason=IMPORT_REASON)
    changed_rows |= _write_certificates(chunk, stored)
    changed_rows |= _write_services(chunk, stored)
    counts = WriteCounts()
    for uscc, rows in chunk.items():
        for record in rows:
            if uscc in created_uscc:
                counts.created += 1
            elif record.line in changed_rows:
                counts.updated += 1
            else:
                counts.unchanged += 1
    return counts

def _write_certificates(chunk: dict[str, list[InstitutionRecord]], stored: dict[str, Institution]) -> set[int]:
    wanted = {record.certificate[:2]: record for rows in chunk.values() for record in rows if record.certificate}
    if not wanted:
        return set()
    existing = {(c.kind, c.number): c for c in Certificate.objects.select_for_update().filter(
        number__in={number for _kind, number in wanted})}
    changed, new = set(), []
    for key, record in wanted.items():
        kind, number, scope, valid_until = record.certificate
        institution = stored[record.uscc]
        certificate = existing.get(key)
        if certificate is None:
            new.append(Certificate(institution=institution, kind=kind, number=number, scope=scope,
                                   valid_until=valid_until))
            changed.add(record.line)
            continue
        if certificate.institution_id != institution.pk:
            raise ImportRefused(_("证书编号 %(number)s 在导入期间已由其他机构登记，未导入任何数据。") % {
                "number": number}, code="changed_meanwhile")
        names = changed_fields(certificate, {"valid_until": valid_until, **({"scope": scope} if scope else {})})
        if "valid_until" in names:  # warned afresh before the new end date, as a renewal is
            certificate.expiry_notified_at = None
            names.append("expiry_notified_at")
        if names:
            certificate.save(update_fields=names)
            changed.add(record.line)
    Certificate.objects.bulk_create(new)
    return changed

def _write_services(chunk: dict[str, list[InstitutionRecord]], stored: dict[str, Institution]) -> set[int]:
    ids = [stored[uscc].pk for uscc in chunk]
    existing = set(InstitutionService.objects.filter(institution_id__in=ids).values_list(
        "institution_id", "category_id", "service"))
    changed, new = set(), []
    for uscc, rows in chunk.items():
        institution_id = stored[uscc].pk
        for record in rows:
            for category_id, service in sorted(record.services):
                key = (institution_id, category_id, service)
                if key in existing:
                    continue
                existing.add(key)
                new.append(InstitutionService(institution_id=institution_id, category_id=category_id,
                                              service=service))
                changed.add(record.line)
    InstitutionService.objects.bulk_create(new)
    return changed


def _merged(rows: list[InstitutionRecord]) -> dict[str, Any]:
    """The institution's fields over its rows: the first non-empty value of each."""
    values = dict(rows[0].values)
    for record in rows[1:]:
        for name, value in record.values.items():
            if values.get(name) in ("", None) and value:
                values[name] = value
    return values
