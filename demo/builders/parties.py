"""Enterprises and third-party institutions, with valid Unified Social Credit Codes."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from array import array
from dataclasses import dataclass, field

from stdnum.cn import uscc as uscc_module

from companies.models import Enterprise
from thirdparty.models import (
    AccreditationStatus,
    Certificate,
    CertificateKind,
    Institution,
    InstitutionEvent,
    InstitutionKind,
    InstitutionService,
    ServiceKind,
)

from .. import names
from .catalog import Category
from .compact import CodeColumn, DateColumn, SeenTexts, TextColumn
from .context import SeedContext, at_office_hours, day_between, extra
from .geo import CampaignMap, City

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
OFFICE_NAME = "百千万行动办公室"
CHUNK = 5000


def organisation_code(rng: random.Random) -> str:
    """Nine characters per GB 11714: eight body characters and a check character."""
    if rng.random() < 0.6:  # codes issued since 2015 mostly start "MA"
        body = "MA" + "".join(rng.choice(USCC_ALPHABET) for _ in range(6))
    else:
        body = "".join(rng.choice("0123456789") for _ in range(8))
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def make_uscc(rng: random.Random, prefix: str, region_code: str, used: SeenTexts, legacy: bool = False) -> str:
    """18 characters: registration authority and type, the region's six digits, the organisation
    code, and the GB 32100 check character (a wrong one for a legacy code)."""
    for _attempt in range(100):
        body = f"{prefix}{region_code}{organisation_code(rng)}"
        check = uscc_module.calc_check_digit(body)
        if legacy:
            check = rng.choice([c for c in USCC_ALPHABET if c != check])
        code = body + check
        if code not in used:
            used.add(code)
            return code
    raise RuntimeError("no unused USCC found")  # pragma: no cover


class WeightedPicker:
    def __init__(self, items, weights):
        self.items = items if isinstance(items, array) else list(items)
        self.cumulative = array("d", itertools.accumulate(weights))

    def pick(self, rng: random.Random):
        return self.items[bisect.bisect_right(self.cumulative, rng.random() * self.cumulative[-1])]


def place_in(rng: random.Random, city: City) -> tuple[str, str]:
    """(region code, name) of a county of the city, or the city itself when it has none."""
    if city.counties and rng.random() < 0.95:
        return rng.choice(city.counties)
    return city.code, city.name


# Most of a city's enterprises make what its industries make (宁波's appliances, 晋江's shoes);
# the rest are spread over every category.
LOCAL_SHARE = 0.65
LOCAL_DIVISIONS = 3
NOT_LOCAL_FAMILIES = frozenset({"service", "utility", "building"})  # every city has them alike


def local_industries(rng: random.Random, cities: list[City], categories: list[Category]) -> dict[str, WeightedPicker]:
    """For each city, a picker over the categories of its few characteristic manufacturing or
    farm divisions (drawn per city)."""
    by_division: dict[str, list[Category]] = {}
    for category in categories:
        if category.family not in NOT_LOCAL_FAMILIES:
            by_division.setdefault(category.division, []).append(category)
    divisions = sorted(by_division)
    pickers = {}
    for city in cities:
        chosen = rng.sample(divisions, min(LOCAL_DIVISIONS, len(divisions)))
        local = [c for division in chosen for c in by_division[division]]
        if local:
            pickers[city.code] = WeightedPicker(local, [1.0] * len(local))
    return pickers


@dataclass
class EnterpriseIndex:
    """What the plan and result builders need of the enterprises, by position, in compact columns
    (``compact``): 1.6 million enterprises at scale 100."""

    ids: range
    category: array = field(default_factory=lambda: array("I"))
    city: CodeColumn = field(default_factory=CodeColumn)
    province: CodeColumn = field(default_factory=CodeColumn)
    industry: CodeColumn = field(default_factory=CodeColumn)
    created: DateColumn = field(default_factory=DateColumn)
    contact: TextColumn = field(default_factory=TextColumn)
    name: TextColumn = field(default_factory=TextColumn)
    demo: int = 0  # position of the demo login's enterprise

    def __len__(self) -> int:
        return len(self.ids)


def build_enterprises(ctx: SeedContext, campaign: CampaignMap, categories: list[Category],
                      demo_category: Category, usccs: SeenTexts) -> EnterpriseIndex:
    rng = ctx.fork("enterprises")
    n = ctx.n("enterprises")
    legacy = set(rng.sample(range(n), round(n * 0.005)))
    city_picker = WeightedPicker(campaign.cities, [c.weight for c in campaign.cities])
    category_picker = WeightedPicker(categories, [5.0 if c.seed_plan_codes else 1.0 for c in categories])
    local_pickers = local_industries(rng, campaign.cities, categories)
    used_names = SeenTexts()
    ids = ctx.writer.ids(Enterprise, n)
    index = EnterpriseIndex(ids)
    rows = []
    for position, enterprise_id in enumerate(ids):
        if position == 0:  # the demo login's enterprise: in the demo city, making the cited category
            city, category = campaign.demo_city, demo_category
        else:
            city = city_picker.pick(rng)
            local = local_pickers.get(city.code)
            category = (local if local and rng.random() < LOCAL_SHARE else category_picker).pick(rng)
        region_code, region_name = place_in(rng, city)
        place = city.short if rng.random() < 0.8 or region_code == city.code else names.short_place(region_name)
        name = names.enterprise_name(rng, place, rng.choice(category.trade_words), used_names)
        code = make_uscc(rng, "91", region_code, usccs, legacy=position in legacy)
        created = day_between(rng, city.since, min(city.since + dt.timedelta(days=240), dt.date(2023, 9, 30)))
        contact = names.person_name(rng)
        rows.append({
            "id": enterprise_id, "uscc": code, "uscc_legacy_checksum": position in legacy,
            # The demo's legacy codes have published results: their city office confirmed them.
            "uscc_status": "confirmed" if position in legacy else "valid", "name": name,
            "region_id": region_code, "city_id": city.code, "province_id": city.province,
            "industry_id": category.division, "address": names.address(rng, city.province_name, city.name, region_name),
            "contact_name": contact, "contact_phone": names.phone(rng, f"{rng.randint(10, 999)}"),
            "contact_email": names.email(rng, enterprise_id),
            "created_at": at_office_hours(rng, created),
        })
        index.category.append(category.id)
        index.city.append(city.code)
        index.province.append(city.province)
        index.industry.append(category.division)
        index.created.append(created)
        index.contact.append(contact)
        index.name.append(name)
        if len(rows) >= CHUNK:
            ctx.writer.write_dicts(Enterprise, rows)
            rows = []
    ctx.writer.write_dicts(Enterprise, rows)
    ctx.counts["enterprises_legacy_uscc"] = len(legacy)
    return index


KIND_WEIGHTS = (
    (InstitutionKind.TESTING_LAB, 45), (InstitutionKind.STANDARDS_INSTITUTE, 15),
    (InstitutionKind.ASSOCIATION, 20), (InstitutionKind.CERTIFICATION_BODY, 10), (InstitutionKind.CONSULTING, 10),
)
SERVICES_OF_KIND = {
    InstitutionKind.TESTING_LAB: (ServiceKind.PRODUCT_TESTING, ServiceKind.COMPARISON_TESTING),
    InstitutionKind.STANDARDS_INSTITUTE: (ServiceKind.STANDARD_VERIFICATION, ServiceKind.PLAN_DRAFTING,
                                          ServiceKind.COMPARISON_TESTING),
    InstitutionKind.ASSOCIATION: (ServiceKind.PLAN_DRAFTING, ServiceKind.STANDARD_VERIFICATION),
    InstitutionKind.CERTIFICATION_BODY: (ServiceKind.PRODUCT_TESTING, ServiceKind.STANDARD_VERIFICATION),
    InstitutionKind.CONSULTING: (ServiceKind.PLAN_DRAFTING, ServiceKind.STANDARD_VERIFICATION),
}
CERTIFIED_KINDS = (InstitutionKind.TESTING_LAB, InstitutionKind.STANDARDS_INSTITUTE, InstitutionKind.CERTIFICATION_BODY)
REJECTION_REASONS = (
    "申报的 CMA 资质认定证书已过有效期，请更新后重新申请。",
    "服务范围与所提交的认可证书附表不一致。",
    "未提供近三年承担对标比对试验的业绩材料。",
    "机构名称与统一社会信用代码登记信息不符。",
)


@dataclass
class InstitutionIndex:
    accredited: list[tuple[int, str, str]]  # (id, name, kind) of accredited institutions
    testers_by_category: dict[int, list[int]]  # category id -> accredited testing institution ids
    general_testers: list[int]  # accredited testers whose names do not limit them to one trade
    drafters: list[int]  # accredited institutions offering plan drafting
    names: dict[int, str]
    demo: int  # id of the demo login's institution


def build_institutions(ctx: SeedContext, campaign: CampaignMap, categories: list[Category],
                       demo_category: Category, usccs: SeenTexts, office_user_id: int | None) -> InstitutionIndex:
    rng = ctx.fork("institutions")
    writer = ctx.writer
    n_accredited = ctx.n("accredited_institutions")
    statuses = ([AccreditationStatus.ACCREDITED] * n_accredited
                + [AccreditationStatus.APPLIED] * extra(n_accredited, 0.04)
                + [AccreditationStatus.REJECTED] * extra(n_accredited, 0.02))
    demo_status = statuses.pop(0)
    rng.shuffle(statuses)
    statuses.insert(0, demo_status)
    ids = writer.ids(Institution, len(statuses))
    city_picker = WeightedPicker(campaign.cities, [c.weight for c in campaign.cities])
    kinds, kind_weights = zip(*KIND_WEIGHTS, strict=True)
    used_names: set[str] = set()
    cnas = rng.sample(range(1, 99999), len(statuses))
    cma_serials = rng.sample(range(1, 10**8), len(statuses))
    rows, certificates, services, events = [], [], [], []
    index = InstitutionIndex([], {}, [], [], {}, demo=ids[0])
    same_family: dict[str, list[Category]] = {}
    for category in categories:
        same_family.setdefault(category.family or category.division, []).append(category)
    for position, (institution_id, status) in enumerate(zip(ids, statuses, strict=True)):
        if position == 0:
            kind, city = InstitutionKind.TESTING_LAB, campaign.demo_city
        else:
            kind, city = rng.choices(kinds, weights=kind_weights)[0], city_picker.pick(rng)
        home = rng.choice(categories) if position else demo_category
        region_code, _ = place_in(rng, city) if rng.random() < 0.4 else (city.code, city.name)
        name = names.institution_name(rng, kind, names.short_place(city.province_name), city.short,
                                      home.trade_words, used_names)
        is_public = kind in (InstitutionKind.STANDARDS_INSTITUTE,) or name.endswith(("研究院", "中心"))
        prefix = "51" if kind == InstitutionKind.ASSOCIATION else ("12" if is_public else "91")
        applied = day_between(rng, dt.date(2021, 2, 1), dt.date(2023, 9, 30))
        if status == AccreditationStatus.APPLIED:
            applied = day_between(rng, dt.date(2023, 10, 1), dt.date(2023, 12, 20))
        applied_at = at_office_hours(rng, applied)
        decided_at = at_office_hours(rng, applied + dt.timedelta(days=rng.randint(10, 60)))
        contact = names.person_name(rng)
        rows.append(Institution(
            id=institution_id, uscc=make_uscc(rng, prefix, region_code, usccs), name=name, kind=kind,
            region_id=region_code, province_id=city.province, status=status,
            accredited_at=decided_at if status == AccreditationStatus.ACCREDITED else None,
            description=f"{name}，{kind.label}，面向{home.name}等产品提供标准化技术服务。",
            contact_name=contact, contact_phone=names.phone(rng, f"{rng.randint(10, 999)}"),
            contact_email=names.email(rng, 900_000 + institution_id), created_at=applied_at,
        ))
        events.append(InstitutionEvent(institution_id=institution_id, actor_name=contact, from_status="",
                                       to_status=AccreditationStatus.APPLIED, created_at=applied_at))
        if status != AccreditationStatus.APPLIED:
            events.append(InstitutionEvent(
                institution_id=institution_id, actor_id=office_user_id, actor_name=OFFICE_NAME,
                from_status=AccreditationStatus.APPLIED, to_status=status, created_at=decided_at,
                reason=rng.choice(REJECTION_REASONS) if status == AccreditationStatus.REJECTED else "",
            ))
        # A name that says what it tests (…纺织产品质量检验中心) keeps to those products and their
        # kin; a general one (…产品质量监督检验研究院) may test anything.
        specialised = any(word in name for word in home.trade_words)
        pool = (same_family.get(home.family or home.division) or categories) if specialised else categories
        offered = [home, *rng.sample(pool, min(len(pool), rng.randint(2, 10)))]
        offered = list({c.id: c for c in offered}.values())
        if kind in CERTIFIED_KINDS:
            scope = "、".join(c.name for c in offered[:4]) + f"等 {len(offered)} 类产品"
            valid_until = day_between(rng, dt.date(2025, 6, 1), dt.date(2029, 12, 31))
            certificates.append(Certificate(institution_id=institution_id, kind=CertificateKind.CNAS,
                                            number=f"L{cnas[position]:04d}", scope=scope, valid_until=valid_until))
            certificates.append(Certificate(
                institution_id=institution_id, kind=CertificateKind.CMA,
                number=f"{applied.year % 100:02d}{city.province[:2]}{cma_serials[position]:08d}", scope=scope,
                valid_until=day_between(rng, dt.date(2025, 6, 1), dt.date(2029, 12, 31)),
            ))
        if status != AccreditationStatus.ACCREDITED:
            continue
        index.accredited.append((institution_id, name, kind))
        index.names[institution_id] = name
        for category in offered:
            for service in SERVICES_OF_KIND[kind]:
                services.append(InstitutionService(institution_id=institution_id, category_id=category.id,
                                                   service=service))
            if ServiceKind.PRODUCT_TESTING in SERVICES_OF_KIND[kind]:
                index.testers_by_category.setdefault(category.id, []).append(institution_id)
        if ServiceKind.PRODUCT_TESTING in SERVICES_OF_KIND[kind] and not specialised:
            index.general_testers.append(institution_id)
        if ServiceKind.PLAN_DRAFTING in SERVICES_OF_KIND[kind] or kind == InstitutionKind.TESTING_LAB:
            index.drafters.append(institution_id)
    writer.write(Institution, rows)
    writer.write(Certificate, certificates)
    writer.write(InstitutionService, services)
    writer.write(InstitutionEvent, events)
    return index
