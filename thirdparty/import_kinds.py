"""The institutions kind of the import engine (``core.imports``): accredited third-party
institutions with their certificates and services.

Rows: every row names the institution (USCC, name, kind, region and, optionally, contacts — the
same on all its rows) and may carry one certificate (CNAS or CMA: kind, number, scope, valid
until) and one line of services (product category codes and the services offered for them). An
institution with two certificates takes two rows; services for different categories may share a
row or take rows of their own. Natural keys: the institution's USCC, a certificate's kind and
number (a number held by another institution is refused).

The campaign office imports institutions as accredited, as its accreditation decision would
(``thirdparty.services``: status ``accredited``, ``accredited_at`` set, an event row): new ones
are created so, ones that applied are accredited, accredited ones are updated; rejected or
expired ones are refused (they reapply first). Checked as registration checks: the USCC (legacy
codes only when confirmed, then flagged), the region narrowed to a city, certificate numbers in
their formats and still valid, services of known kinds for existing categories; a testing body
holds at least one certificate and every institution offers at least one service. An import
adds and updates certificates and services; it removes none. Empty optional cells keep what is
stored. No e-mail goes out: imported institutions have no accounts yet.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.rules import is_campaign_office
from benchmarking.import_kinds.lookups import RegionCache, refresh_summary_later
from benchmarking.models import ProductCategory, Region, RegionLevel
from core.imports import cells
from core.imports.cells import (
    YES_NO,
    YES_NO_LABELS,
    email,
    labelled_choice,
    legacy_uscc_message,
    phone,
    source_text,
    url,
)
from core.imports.errors import CellError
from core.imports.kinds import GROUP_BATCH, Column, ImportKind, Row, WriteCounts
from core.imports.staging import MemoryWriter
from core.public_cache import Area, publication_changed

from .models import (
    AccreditationStatus,
    Certificate,
    CertificateKind,
    Institution,
    InstitutionKind,
    InstitutionService,
    ServiceKind,
)
from .services import (
    CERTIFIED_KINDS,
    InstitutionRecord,
    check_certificate_number,
    check_valid_until,
    institutions_write_imported,
)

KIND_PARSER, KIND_LABELS = labelled_choice(InstitutionKind)
CERTIFICATE_PARSER, _CERTIFICATE_LABELS = labelled_choice(
    CertificateKind, extra={"CNAS": CertificateKind.CNAS, "CMA": CertificateKind.CMA}
)
CERTIFICATE_CHOICES = ("CNAS", "CMA")
SERVICE_COLUMNS = tuple((f"service_{value}", value, label) for value, label in ServiceKind.choices)
INSTITUTION_FIELDS = ("name", "kind", "region", "contact_name", "contact_phone", "contact_email", "website",
                      "description")
REQUIRED_FIELDS = ("name", "kind", "region")
OPTIONAL_FIELDS = ("contact_name", "contact_phone", "contact_email", "website", "description")
_CODE_SEPARATORS = re.compile(r"[\s,，、;；/]+")


def category_codes(value: Any) -> tuple[str, ...]:
    text = cells.code_text(value)
    codes = tuple(dict.fromkeys(code for code in _CODE_SEPARATORS.split(text) if code))
    if len(codes) > 100:
        raise CellError(_("一行最多填写 100 个产品类别。"))
    if any(len(code) > 20 for code in codes):
        raise CellError(_("产品类别代码不能超过 20 个字符。"))
    return codes


@dataclass
class InstitutionFacts:
    """An institution as the file states it so far (merged over its rows) and as it is stored."""

    first_line: int
    values: dict[str, Any]
    stored_id: int | None = None
    stored_status: str = ""
    stored_certificates: int = 0
    stored_services: int = 0
    certificates: set = field(default_factory=set)
    services: set = field(default_factory=set)


@dataclass
class InstitutionContext:
    user: Any
    columns: dict[str, Column]
    today: dt.date = field(default_factory=timezone.localdate)
    regions: RegionCache = field(default_factory=RegionCache)
    categories: dict[str, int | None] = field(default_factory=dict)
    institutions: dict[str, InstitutionFacts] = field(default_factory=dict)
    certificate_holders: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, number) → USCC
    provinces_with_cities: set[str] = field(default_factory=set)


class InstitutionImportKind(ImportKind):
    name = "institutions"
    label = gettext_lazy("第三方机构及资质证书")
    natural_key_label = gettext_lazy("统一社会信用代码、证书类型、证书编号")
    batch_size = GROUP_BATCH
    allowed_rule = is_campaign_office

    def prepare(self, *, user, options) -> InstitutionContext:
        context = InstitutionContext(user=user, columns={c.key: c for c in self._columns()})
        context.provinces_with_cities = set(
            Region.objects.filter(level=RegionLevel.PROVINCE, children__isnull=False).values_list("code", flat=True)
        )
        return context

    def _columns(self) -> list[Column]:
        columns = [
            Column("uscc", "统一社会信用代码", parse=cells.uscc, required=True, width=24, number_format="@",
                   aliases=("USCC", "unified social credit code", "credit code", "社会信用代码", "信用代码"),
                   example="12100000400000000X", help=_("18 位；同一机构的各行填写相同的代码和机构信息。")),
            Column("legacy", "存量代码确认", parse=YES_NO, default=False, choices=YES_NO_LABELS, width=14,
                   aliases=("legacy code confirmed", "accept legacy uscc", "存量代码"),
                   help=_("代码的校验位不符合 GB 32100 时（早期发放的存量代码），核对后填“是”方可导入，"
                          "机构将标注“校验位不符”。")),
            Column("name", "机构名称", parse=cells.text(max_length=200), required=True, width=30,
                   aliases=("name", "institution", "institution name")),
            Column("kind", "机构类型", parse=KIND_PARSER, required=True, choices=KIND_LABELS, width=16,
                   aliases=("kind", "type", "institution type", "类型"), example=KIND_LABELS[2]),
            Column("region", "所在地区代码", parse=cells.region_code, required=True, width=16, number_format="@",
                   aliases=("region code", "region", "地区代码", "行政区划代码"), example="440300",
                   help=_("机构所在城市或区县的 GB/T 2260 代码。")),
            Column("contact_name", "联系人", parse=cells.text(max_length=60), width=12,
                   aliases=("contact", "contact name")),
            Column("contact_phone", "联系电话", parse=phone, width=16, number_format="@",
                   aliases=("phone", "contact phone", "telephone", "电话")),
            Column("contact_email", "联系邮箱", parse=email, width=24,
                   aliases=("email", "e-mail", "contact email", "邮箱")),
            Column("website", "网站", parse=url, width=24, aliases=("website", "web site", "网址")),
            Column("description", "机构简介", parse=cells.text(max_length=2000), width=30,
                   aliases=("description", "简介")),
            Column("certificate_kind", "证书类型", parse=CERTIFICATE_PARSER, choices=CERTIFICATE_CHOICES, width=12,
                   aliases=("certificate kind", "certificate type", "资质类型"), example="CNAS",
                   help=_("CNAS（实验室认可）或 CMA（检验检测机构资质认定）；本行不登记证书则留空。")),
            Column("certificate_number", "证书编号", parse=cells.code_text, width=16, number_format="@",
                   aliases=("certificate number", "certificate no", "证书号"), example="L1234",
                   help=_("CNAS 为字母 L 加 4 至 5 位数字（如 L1234），CMA 为 12 位数字。")),
            Column("certificate_scope", "认可范围", parse=cells.text(max_length=2000), width=30,
                   aliases=("scope", "certificate scope", "资质认定范围", "认可/资质认定范围")),
            Column("valid_until", "有效期至", parse=cells.date, width=14, number_format="yyyy-mm-dd",
                   aliases=("valid until", "expiry date", "有效期"), example="2027-12-31",
                   help=_("证书有效期的截止日期，须晚于今天。")),
            Column("categories", "服务产品类别代码", parse=category_codes, width=24, number_format="@",
                   aliases=("product categories", "category codes", "产品类别代码", "产品类别"),
                   help=_("机构为之提供服务的产品类别代码，多个用顿号或逗号分隔；右侧各服务列填“是”的服务适用于这些类别。")),
        ]
        for key, _value, label in SERVICE_COLUMNS:
            columns.append(Column(
                key, source_text(label), parse=YES_NO, default=False, choices=YES_NO_LABELS, width=10,
                aliases=(key.removeprefix("service_").replace("_", " "),),
                help=_("对本行的产品类别提供该服务填“是”。"),
            ))
        return columns

    def columns(self, context: InstitutionContext) -> list[Column]:
        return list(context.columns.values())

    def instructions(self, context) -> list[str]:
        return [
            _("每行填写一家机构的信息，并可附一项资质证书和一组服务（产品类别及服务项目）；机构有多项证书时分多行填写，"
              "各行的机构信息相同。"),
            _("导入的机构由百千万行动办公室直接认定（状态为“已认定”并公开）；已申请的机构随之认定，"
              "未通过或已过期的机构不能通过导入认定。"),
            _("检验检测机构须至少登记一项 CNAS 或 CMA 证书；每家机构须至少提供一项服务。"
              "导入只新增或更新证书和服务，不删除已有的。"),
            _("选填列留空时，已有机构的该项保持不变。"),
        ]

    def natural_key(self, context: InstitutionContext, row: Row) -> Hashable:
        record: InstitutionRecord = row.record
        if record.certificate is not None:
            return (record.uscc, record.certificate[0], record.certificate[1])
        return (record.uscc, "", "", record.line)  # a row of services only: rows may repeat them

    # --- rows ------------------------------------------------------------------------------------------

    def validate(self, context: InstitutionContext, rows: list[Row]) -> None:
        self._load(context, rows)
        batch: dict[str, list[Row]] = {}
        for row in rows:
            facts = self._institution(context, row)
            certificate = self._certificate(context, row)
            services = self._services(context, row)
            if row.ok and facts is not None:
                row.record = InstitutionRecord(
                    line=row.line, uscc=row.values["uscc"].code, legacy=row.values["uscc"].legacy_checksum,
                    values=self._record_values(context, row), certificate=certificate, services=services,
                )
                if certificate is not None:
                    facts.certificates.add(certificate[:2])
                facts.services.update(services)
                batch.setdefault(row.values["uscc"].code, []).append(row)
        for uscc, institution_rows in batch.items():
            self._check_institution(context, context.institutions[uscc], institution_rows)

    def _load(self, context: InstitutionContext, rows: list[Row]) -> None:
        context.regions.load(row.values["region"] for row in rows)
        wanted = {code for row in rows for code in row.values["categories"] or ()} - context.categories.keys()
        if wanted:
            found = dict(ProductCategory.objects.filter(code__in=wanted).values_list("code", "pk"))
            for code in wanted:
                context.categories[code] = found.get(code)
        new = {row.values["uscc"].code for row in rows} - context.institutions.keys()
        stored = {i.uscc: i for i in Institution.objects.filter(uscc__in=new)}
        counts_certificates = _counts(Certificate, stored.values())
        counts_services = _counts(InstitutionService, stored.values())
        for row in rows:
            code = row.values["uscc"].code
            if code in context.institutions:
                continue
            institution = stored.get(code)
            facts = InstitutionFacts(first_line=row.line, values={})
            if institution is not None:
                facts.stored_id, facts.stored_status = institution.pk, institution.status
                facts.stored_certificates = counts_certificates.get(institution.pk, 0)
                facts.stored_services = counts_services.get(institution.pk, 0)
                facts.values["legacy_stored"] = institution.uscc_legacy_checksum
            context.institutions[code] = facts
        numbers = {(row.values["certificate_kind"], row.values["certificate_number"]) for row in rows
                   if row.values["certificate_kind"] and row.values["certificate_number"]}
        wanted_numbers = set()
        for kind, number in numbers:
            try:
                wanted_numbers.add((kind, check_certificate_number(kind, number)))
            except ValidationError:
                continue
        wanted_numbers -= context.certificate_holders.keys()
        if wanted_numbers:
            for kind, number, holder in Certificate.objects.filter(
                number__in={number for _kind, number in wanted_numbers}
            ).values_list("kind", "number", "institution__uscc"):
                context.certificate_holders[(kind, number)] = holder

    def _institution(self, context: InstitutionContext, row: Row) -> InstitutionFacts | None:
        columns, v = context.columns, row.values
        check = v["uscc"]
        facts = context.institutions[check.code]
        if check.legacy_checksum and not v["legacy"] and not facts.values.get("legacy_stored"):
            row.error(legacy_uscc_message(check), columns["uscc"])
        region = context.regions.require(row, columns["region"], v["region"])
        if region is not None and region.level == RegionLevel.PROVINCE and region.code in context.provinces_with_cities:
            row.error(_("请填写机构所在城市或区县的代码，而不是省级代码。"), columns["region"])
        if facts.stored_status in (AccreditationStatus.REJECTED, AccreditationStatus.EXPIRED):
            row.error(_("该机构的认定状态为“%(state)s”，不能通过导入认定；请由机构重新申请认定。") % {
                "state": AccreditationStatus(facts.stored_status).label}, columns["uscc"])
        first = facts.values
        if "name" not in first:  # the institution's first row: what the others must repeat
            first.update({name: v[name] for name in INSTITUTION_FIELDS})
            return facts
        for name in INSTITUTION_FIELDS:
            given, stated = v[name], first.get(name)
            if name in REQUIRED_FIELDS or (given and stated):
                if given != stated:
                    row.error(_("与第 %(line)d 行（同一机构）填写的不一致。") % {"line": facts.first_line},
                              columns[name])
            elif given:
                first[name] = given
        return facts

    def _certificate(self, context: InstitutionContext, row: Row) -> tuple[str, str, str, dt.date] | None:
        columns, v = context.columns, row.values
        kind, number, scope, valid_until = (v["certificate_kind"], v["certificate_number"], v["certificate_scope"],
                                            v["valid_until"])
        if not (kind or number or scope or valid_until):
            return None
        if not kind:
            row.error(_("请选择证书类型。"), columns["certificate_kind"])
        if not number:
            row.error(_("请填写证书编号。"), columns["certificate_number"])
        try:
            check_valid_until(valid_until, today=context.today)
        except ValidationError as error:
            row.error(" ".join(error.messages), columns["valid_until"])
        if not (kind and number):
            return None
        try:
            number = check_certificate_number(kind, number)
        except ValidationError as error:
            row.error(" ".join(error.messages), columns["certificate_number"])
            return None
        uscc = v["uscc"].code
        holder = context.certificate_holders.setdefault((kind, number), uscc)
        if holder != uscc:
            row.error(_("证书编号 %(number)s 已由其他机构（%(holder)s）登记。") % {"number": number, "holder": holder},
                      columns["certificate_number"])
            return None
        return (kind, number, scope or "", valid_until)

    def _services(self, context: InstitutionContext, row: Row) -> frozenset[tuple[int, str]]:
        columns, v = context.columns, row.values
        codes = v["categories"] or ()
        offered = [value for key, value, _label in SERVICE_COLUMNS if v[key]]
        if codes and not offered:
            row.error(_("请至少为这些产品类别选择一项服务（在服务列填“是”）。"), columns["categories"])
        if offered and not codes:
            row.error(_("请填写提供这些服务的产品类别代码。"), columns["categories"])
        missing = [code for code in codes if context.categories.get(code) is None]
        if missing:
            row.error(_("没有这些代码的产品类别：%(codes)s。") % {"codes": "、".join(missing[:10])},
                      columns["categories"])
            return frozenset()
        return frozenset((context.categories[code], service) for code in codes for service in offered)

    def _record_values(self, context: InstitutionContext, row: Row) -> dict[str, Any]:
        v = row.values
        region = context.regions.get(v["region"])
        values = {"name": v["name"], "kind": v["kind"], "region_id": region.code, "province_id": region.province_code}
        values.update({name: v[name] or "" for name in OPTIONAL_FIELDS})
        return values

    def _check_institution(self, context: InstitutionContext, facts: InstitutionFacts, rows: list[Row]) -> None:
        """What registration demands of the institution as a whole (its rows so far and what is stored)."""
        problems = []
        if facts.values.get("kind") in CERTIFIED_KINDS and not (facts.certificates or facts.stored_certificates):
            problems.append(_("检验检测机构须至少登记一项 CNAS 或 CMA 证书。"))
        if not (facts.services or facts.stored_services):
            problems.append(_("请至少填写一项服务：产品类别及服务项目。"))
        for row in rows if problems else ():
            for problem in problems:
                row.error(problem)
            row.record = None

    # --- writing ---------------------------------------------------------------------------------------

    def writer(self, context: InstitutionContext) -> MemoryWriter:
        return MemoryWriter(functools.partial(institutions_write_imported, actor=context.user))

    def after_commit(self, context: InstitutionContext, counts: WriteCounts) -> None:
        if counts.created or counts.updated:
            publication_changed(Area.INSTITUTIONS)  # accredited institutions are listed publicly
            refresh_summary_later()

    def summary(self, context: InstitutionContext, counts: WriteCounts) -> str:
        message = _("第三方机构（含证书、服务）：新增 %(created)d 行，更新 %(updated)d 行，无变化 %(unchanged)d 行。")
        return message % {"created": counts.created, "updated": counts.updated, "unchanged": counts.unchanged}


def _counts(model, institutions) -> dict[int, int]:
    ids = [i.pk for i in institutions]
    if not ids:
        return {}
    return dict(model.objects.filter(institution_id__in=ids).order_by().values("institution_id")
                .annotate(n=Count("pk")).values_list("institution_id", "n"))
