"""The enterprises kind of the import engine (``core.imports``): enterprises taking part.

One row per enterprise; natural key: its Unified Social Credit Code. Rows are checked as the
registration form checks them: the USCC by GB 32100 (a code whose check character fails is taken
only when the row confirms it matches the business licence, and a new enterprise with it is held
待核验 until its city office confirms it in the admin, as a registered one is), the region
narrowed to a city or a county (the city and province are derived from it, as the model
requires), the industry a GB/T 4754 division, contacts in the form's formats.

The campaign office imports enterprises anywhere; a city office only those of its own city (and
cannot take over an enterprise registered in another city). An existing enterprise keeps its
city: results and plans carry the city whose office reviews them, so moving an enterprise to
another city is not a side effect of an import. Empty optional cells keep what is stored. The
writer is the engine's ``UpsertWriter`` (staging table, ``INSERT … ON CONFLICT (uscc)``): the
campaign counts enterprises in tens of thousands.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.rules import is_campaign_office, is_city_office
from benchmarking.import_kinds.lookups import RegionCache, refresh_summary_later
from benchmarking.models import Industry, IndustryLevel
from core.imports import cells
from core.imports.cells import YES_NO, YES_NO_LABELS, email, legacy_uscc_message, phone
from core.imports.errors import CellError
from core.imports.kinds import Column, ImportKind, Row, WriteCounts
from core.imports.staging import UpsertWriter
from core.public_cache import Area, publication_changed

from .models import Enterprise, UsccStatus

FIELDS = ("uscc", "uscc_legacy_checksum", "name", "region_id", "city_id", "province_id", "industry_id", "address",
          "contact_name", "contact_phone", "contact_email", "created_at", "uscc_status")
# Set when an enterprise is created, then moved only by its verification (USCC_WORKFLOW).
INSERT_ONLY = ("uscc", "created_at", "uscc_status")
OPTIONAL = ("address", "contact_name", "contact_phone", "contact_email")
_INDUSTRY = re.compile(r"^([A-T])?\s*(\d{1,2})(?:\s+\S.*)?$")


def industry_code(value: Any) -> tuple[str, str]:
    """(section letter or '', two-digit division code): "17", "C17", "C 17", "17 纺织业"."""
    text = unicodedata.normalize("NFKC", cells.plain_text(value)).strip().upper()
    match = _INDUSTRY.match(text)
    if not match:
        raise CellError(_("行业应填 GB/T 4754 国民经济行业大类的两位代码，例如 17（纺织业）。"))
    return match.group(1) or "", match.group(2).zfill(2)


@dataclass
class EnterpriseContext:
    user: Any
    city_id: str | None  # a city office's city: only its enterprises
    columns: dict[str, Column]
    regions: RegionCache = field(default_factory=RegionCache)
    industries: dict[str, str | None] = field(default_factory=dict)  # division code → its section
    now: Any = field(default_factory=timezone.now)


class EnterpriseImportKind(ImportKind):
    name = "enterprises"
    label = gettext_lazy("企业")
    natural_key_label = gettext_lazy("统一社会信用代码")
    allowed_rule = is_campaign_office | is_city_office

    def prepare(self, *, user, options) -> EnterpriseContext:
        city_id = user.region_id if is_city_office(user) and not is_campaign_office(user) else None
        return EnterpriseContext(user=user, city_id=city_id, columns={c.key: c for c in self._columns()})

    def _columns(self) -> list[Column]:
        return [
            Column("uscc", "统一社会信用代码", parse=cells.uscc, required=True, width=24, number_format="@",
                   aliases=("USCC", "unified social credit code", "credit code", "社会信用代码", "信用代码"),
                   example="91440300MA5DXXXXXX", help=_("18 位，见营业执照。")),
            Column("legacy", "存量代码确认", parse=YES_NO, default=False, choices=YES_NO_LABELS, width=14,
                   aliases=("legacy code confirmed", "accept legacy uscc", "存量代码"),
                   help=_("代码的校验位不符合 GB 32100 时，核对营业执照后填“是”方可导入；新企业登记为“待核验”，"
                          "城市试点办公室在企业页面核验代码之前，其方案和结果不能发布。")),
            Column("name", "企业名称", parse=cells.text(max_length=200), required=True, width=30,
                   aliases=("name", "enterprise", "enterprise name", "company", "company name"),
                   example="深圳市示例科技有限公司"),
            Column("region", "所在地区代码", parse=cells.region_code, required=True, width=16, number_format="@",
                   aliases=("region code", "region", "地区代码", "行政区划代码"), example="440305",
                   help=_("企业所在城市或区县的 GB/T 2260 代码；所在城市和省份由它确定。")),
            Column("industry", "行业代码", parse=industry_code, required=True, width=12, number_format="@",
                   aliases=("industry", "industry code", "所属行业", "行业大类", "GB/T 4754"), example="17",
                   help=_("GB/T 4754-2017 国民经济行业大类的两位代码，例如 17（纺织业）、C17 亦可。")),
            Column("address", "地址", parse=cells.text(max_length=200), width=30, aliases=("address",)),
            Column("contact_name", "联系人", parse=cells.text(max_length=60), width=12,
                   aliases=("contact", "contact name", "联系人姓名")),
            Column("contact_phone", "联系电话", parse=phone, width=16, number_format="@",
                   aliases=("phone", "contact phone", "telephone", "电话"), example="0755-12345678"),
            Column("contact_email", "联系邮箱", parse=email, width=24,
                   aliases=("email", "e-mail", "contact email", "电子邮箱", "邮箱")),
        ]

    def columns(self, context: EnterpriseContext) -> list[Column]:
        return list(context.columns.values())

    def instructions(self, context: EnterpriseContext | None) -> list[str]:
        lines = [
            _("每行一家企业，以统一社会信用代码为准：平台中已有的企业更新信息，没有的新增。"),
            _("选填列留空时，已有企业的该项保持不变。导入不改变已有企业所在的城市。"),
        ]
        if context is not None and context.city_id:
            lines.append(_("城市试点办公室只能导入本市的企业。"))
        return lines

    def natural_key(self, context: EnterpriseContext, row: Row) -> Hashable:
        return row.record[0]

    # --- rows ---------------------------------------------------------------------------------------

    def validate(self, context: EnterpriseContext, rows: list[Row]) -> None:
        columns = context.columns
        context.regions.load(row.values["region"] for row in rows)
        self._load_industries(context, rows)
        codes = {row.values["uscc"].code for row in rows}
        stored = {e["uscc"]: e for e in Enterprise.objects.filter(uscc__in=codes).values(
            "uscc", "name", "city_id", "city__name", *OPTIONAL)}
        for row in rows:
            v = row.values
            check = v["uscc"]
            existing = stored.get(check.code)
            if check.legacy_checksum and not v["legacy"] and existing is None:
                row.error(legacy_uscc_message(check), columns["uscc"])
            region = context.regions.require_city_level(row, columns["region"], v["region"])
            industry = self._industry(context, row, v["industry"])
            if region is not None and context.city_id and region.city_id != context.city_id:
                row.error(_("该地区不在本市，城市试点办公室只能导入本市的企业。"), columns["region"])
            if existing is not None:
                if context.city_id and existing["city_id"] != context.city_id:
                    row.error(_("该企业已登记在%(city)s，不能由本市导入。") % {"city": existing["city__name"]},
                              columns["uscc"])
                elif region is not None and region.city_id != existing["city_id"]:
                    row.error(_("该企业已登记在%(city)s，导入不能改变企业所在的城市；如需迁移请联系百千万行动办公室。")
                              % {"city": existing["city__name"]}, columns["region"])
            if not row.ok:
                continue
            optional = {name: v[name] or (existing or {}).get(name) or "" for name in OPTIONAL}
            row.record = (
                check.code, check.legacy_checksum, v["name"], region.code, region.city_id, region.province_code,
                industry, optional["address"], optional["contact_name"], optional["contact_phone"],
                optional["contact_email"], context.now,
                UsccStatus.PENDING if check.legacy_checksum else UsccStatus.VALID,
            )

    def _load_industries(self, context: EnterpriseContext, rows: list[Row]) -> None:
        wanted = {row.values["industry"][1] for row in rows} - context.industries.keys()
        if wanted:
            found = dict(Industry.objects.filter(code__in=wanted, level=IndustryLevel.DIVISION)
                         .values_list("code", "parent_id"))
            for code in wanted:
                context.industries[code] = found.get(code)

    def _industry(self, context: EnterpriseContext, row: Row, value: tuple[str, str]) -> str | None:
        section, division = value
        found = context.industries.get(division)
        column = context.columns["industry"]
        if found is None:
            row.error(_("%(code)s 不是 GB/T 4754-2017 的国民经济行业大类代码。") % {"code": division}, column)
            return None
        if section and section != found:
            row.error(_("行业大类 %(code)s 属于门类 %(section)s，不是 %(given)s。") % {
                "code": division, "section": found, "given": section}, column)
            return None
        return division

    # --- writing ------------------------------------------------------------------------------------

    def writer(self, context: EnterpriseContext) -> UpsertWriter:
        return UpsertWriter(model=Enterprise, fields=FIELDS, key=("uscc",),
                            update=[f for f in FIELDS if f not in INSERT_ONLY])

    def after_commit(self, context: EnterpriseContext, counts: WriteCounts) -> None:
        if counts.created or counts.updated:
            publication_changed(Area.RESULTS)  # published results show their enterprise's name
            refresh_summary_later()

    def summary(self, context: EnterpriseContext, counts: WriteCounts) -> str:
        return _("企业：新增 %(created)d 家，更新 %(updated)d 家，无变化 %(unchanged)d 家。") % {
            "created": counts.created, "updated": counts.updated, "unchanged": counts.unchanged}
