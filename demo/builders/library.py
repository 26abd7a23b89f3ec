"""The anti-epidemic standards library (10 product classes, ~30 bodies and countries), the
foreign-language versions of national standards and the proposals to ISO/IEC. Synthetic codes
and dates; the cited standards come from ``demo.builders.real_seed``."""

from __future__ import annotations

import datetime as dt

from standards import seed_data
from standards.codes import parse_standard_code
from standards.models import (
    InternationalProposal,
    ProposalStatus,
    Standard,
    StandardKind,
    StandardStatus,
    StandardTag,
    Translation,
    TranslationEvent,
    TranslationStatus,
)

from .codes import BODIES, ISSUERS_EN, CodeBook
from .context import SHANGHAI, SeedContext, day_between
from .parties import OFFICE_NAME
from .real_seed import EPIDEMIC_GROUP

_MASK_BODIES = ("EN", "ASTM", "ISO", "JIS", "KS", "GOST", "YY", "YY/T", "GB/T", "BS EN", "DIN EN", "NF", "UNE",
                "AS/NZS", "SNI", "TCVN", "IS", "ABNT NBR")
# class slug: (weight, bodies, ((title_zh, title_en), …))
CLASSES: dict[str, tuple[int, tuple[str, ...], tuple[tuple[str, str], ...]]] = {
    "medical-mask": (120, _MASK_BODIES, (
        ("医用口罩 要求和试验方法", "Medical face masks — Requirements and test methods"),
        ("医用口罩 细菌过滤效率试验方法", "Medical face masks — Test method for bacterial filtration efficiency"),
        ("医用口罩 抗合成血液穿透试验方法", "Medical face masks — Resistance against penetration by synthetic blood"),
        ("医用外科口罩", "Surgical masks"),
        ("一次性使用医用口罩", "Single-use medical face masks"),
        ("医用口罩 压力差试验方法", "Medical face masks — Differential pressure test method"),
    )),
    "respirator": (110, ("ISO", "EN", "NIOSH", "JIS", "KS", "AS/NZS", "GB", "GB/T", "GOST", "CSA", "BS EN", "DIN EN",
                         "NF", "SNI", "IS", "ABNT NBR", "ANSI/ISEA"), (
        ("呼吸防护装置 防颗粒物过滤式半面罩",
         "Respiratory protective devices — Filtering half masks against particles"),
        ("呼吸防护装置 试验方法", "Respiratory protective devices — Methods of test"),
        ("呼吸防护用品的选择、使用与维护", "Selection, use and maintenance of respiratory protective devices"),
        ("呼吸器 总泄漏率的测定", "Respirators — Determination of total inward leakage"),
        ("防颗粒物呼吸器 过滤效率试验方法", "Particulate respirators — Filter efficiency test method"),
    )),
    "daily-mask": (50, ("CEN/TS", "NF", "UNE", "UNI", "ASTM", "JIS", "KS", "GB/T", "SNI", "TCVN", "SS"), (
        ("日常防护型口罩技术规范", "Daily protective masks — Technical specification"),
        ("儿童口罩技术规范", "Technical specification for children's masks"),
        ("社区用屏障面罩 要求", "Barrier masks for community use — Requirements"),
        ("可重复使用口罩 要求和试验方法", "Reusable face coverings — Requirements and test methods"),
    )),
    "protective-clothing": (90, ("EN", "EN ISO", "ISO", "ASTM", "ANSI/AAMI", "NFPA", "JIS", "KS", "GB", "GB/T", "YY/T",
                                 "GOST", "BS EN", "DIN EN", "AS/NZS"), (
        ("医用一次性防护服技术要求", "Disposable protective clothing for medical use — Technical requirements"),
        ("防护服 抗感染性病原体 性能要求", "Protective clothing against infective agents — Performance requirements"),
        ("防护服材料 抗合成血液穿透性试验", "Protective clothing — Resistance to penetration by synthetic blood"),
        ("手术衣、手术单和洁净服", "Surgical gowns, drapes and clean air suits"),
        ("隔离衣 性能要求", "Isolation gowns — Performance requirements"),
    )),
    "goggles": (55, ("ISO", "EN", "ANSI/ISEA", "JIS", "KS", "AS/NZS", "CSA", "GB", "GB/T", "YY/T", "GOST", "BS EN"), (
        ("个人用眼护具 技术要求", "Personal eye-protectors — Specifications"),
        ("眼面部防护 医用护目镜", "Eye and face protection — Medical goggles"),
        ("眼面部防护 试验方法", "Eye and face protection — Test methods"),
        ("护目镜 防雾性能试验方法", "Goggles — Test method for anti-fog performance"),
    )),
    "medical-gloves": (70, ("ISO", "EN", "ASTM", "JIS", "KS", "GB", "GB/T", "YY/T", "IS", "SNI", "ABNT NBR", "TCVN",
                            "DIN EN"), (
        ("一次性使用医用检查手套", "Single-use medical examination gloves"),
        ("一次性使用灭菌橡胶外科手套", "Single-use sterile rubber surgical gloves"),
        ("医用手套 针孔检测方法", "Medical gloves — Detection of holes"),
        ("丁腈检查手套规范", "Specification for nitrile examination gloves"),
    )),
    "ventilator": (60, ("ISO", "IEC", "EN ISO", "YY", "YY/T", "GB", "JIS", "KS", "GOST", "UL", "AS/NZS", "BS EN"), (
        ("医用电气设备 重症护理呼吸机专用要求",
         "Medical electrical equipment — Particular requirements for critical care ventilators"),
        ("家用呼吸支持设备 专用要求", "Home healthcare respiratory support equipment — Particular requirements"),
        ("急救和转运用呼吸机", "Ventilators for emergency medical services and transport"),
        ("麻醉和呼吸设备 呼吸系统过滤器", "Anaesthetic and respiratory equipment — Breathing system filters"),
    )),
    "patient-monitor": (55, ("IEC", "ISO", "EN ISO", "YY", "YY/T", "GB", "JIS", "KS", "GOST", "UL", "ANSI/AAMI"), (
        ("医用电气设备 多参数患者监护设备专用要求",
         "Medical electrical equipment — Multifunction patient monitoring equipment"),
        ("脉搏血氧仪设备 专用要求", "Pulse oximeter equipment — Particular requirements"),
        ("心电监护设备 专用要求", "Electrocardiographic monitoring equipment — Particular requirements"),
        ("医用电气设备 报警系统通用要求", "Medical electrical equipment — Alarm systems"),
    )),
    "infrared-thermometer": (45, ("ISO", "IEC", "ASTM", "JIS", "GB", "GB/T", "YY/T", "KS", "EN ISO", "GOST", "SNI",
                                  "TCVN"), (
        ("医用红外体温计 耳腔式", "Medical infrared thermometers — Ear type"),
        ("红外额温计", "Infrared forehead thermometers"),
        ("临床体温计 专用要求", "Clinical thermometers — Particular requirements"),
        ("人体体温筛查用红外热像仪", "Screening thermographs for human febrile temperature screening"),
    )),
    "disinfectant": (57, ("EN", "ASTM", "GB", "GB/T", "WS/T", "JIS", "KS", "GOST", "DIN", "BS EN", "AS/NZS", "NF",
                          "ISO",
                          "SN/T"), (
        ("化学消毒剂和抗菌剂 定量悬浮试验", "Chemical disinfectants and antiseptics — Quantitative suspension test"),
        ("手消毒剂通用要求", "General requirements for hand disinfectants"),
        ("含氯消毒剂卫生要求", "Hygienic requirements for chlorine disinfectants"),
        ("醇类消毒剂卫生要求", "Hygienic requirements for alcohol-based disinfectants"),
        ("消毒剂杀灭病毒效果评价方法", "Evaluation of the virucidal activity of disinfectants"),
    )),
}
# JIS T / KS P are medical devices; disinfectants are chemicals (JIS K, KS M), clothing textiles.
DIVISION_LETTERS = {"JIS": {"*": "T", "disinfectant": "K", "protective-clothing": "TL"},
                    "KS": {"*": "P", "disinfectant": "M", "protective-clothing": "KP"}}
YEARS = tuple(range(2005, 2024))
YEAR_WEIGHTS = tuple(3.0 if y in (2020, 2021) else (1.5 if y > 2015 else 1.0) for y in YEARS)


def _allocate(total: int, weights: dict[str, int]) -> dict[str, int]:
    """Largest-remainder split of ``total`` over the classes; every class gets one first."""
    keys = list(weights)
    base = dict.fromkeys(keys, 0)
    if total >= len(keys):
        base = dict.fromkeys(keys, 1)
    left = total - sum(base.values())
    weight_sum = sum(weights.values())
    shares = {k: left * weights[k] / weight_sum for k in keys}
    for k in keys:
        base[k] += int(shares[k])
    remainder = total - sum(base.values())
    for k in sorted(keys, key=lambda k: shares[k] - int(shares[k]), reverse=True)[:remainder]:
        base[k] += 1
    return base


def build_epidemic_library(
    ctx: SeedContext, codebook: CodeBook, tags: dict[str, StandardTag]
) -> list[tuple[int, dt.date]]:
    """The synthetic anti-epidemic standards; returns (id, published) of the Chinese ones in force."""
    rng = ctx.fork("epidemic")
    writer = ctx.writer
    per_class = _allocate(ctx.n("epidemic_standards"), {k: v[0] for k, v in CLASSES.items()})
    rows, links, chinese = [], [], []
    through = Standard.tags.through
    for slug, n in per_class.items():
        _weight, bodies, subjects = CLASSES[slug]
        for _ in range(n):
            body = BODIES[rng.choice(bodies)]
            year = rng.choices(YEARS, weights=YEAR_WEIGHTS)[0]
            parsed = parse_standard_code(codebook.body_code(rng, body, year, DIVISION_LETTERS[body.key].get(
                slug, DIVISION_LETTERS[body.key]["*"]) if body.key in DIVISION_LETTERS else ""))
            title_zh, title_en = rng.choice(subjects)
            published = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
            is_chinese = body.country == "CN"
            effective = published + dt.timedelta(days=rng.choice((0, 0, 90, 180, 365)) if is_chinese else 0)
            draw = rng.random()
            status = StandardStatus.IN_FORCE if draw < 0.85 or year >= 2020 else (
                StandardStatus.REPLACED if draw < 0.95 else StandardStatus.WITHDRAWN)
            standard_id = writer.next_id(Standard)
            rows.append({
                "id": standard_id, "code": parsed.code, "prefix": parsed.prefix, "number": parsed.number,
                "year": parsed.year, "kind": body.kind, "title_zh": title_zh, "title_en": title_en,
                "issuing_body": body.issuer, "issuing_body_en": ISSUERS_EN.get(body.issuer, ""),
                "country": body.country, "status": status, "published_on": published, "effective_on": effective,
                "withdrawn_on": day_between(rng, effective, dt.date(2023, 6, 30)) if status != StandardStatus.IN_FORCE
                else None,
                "is_example": True,
            })
            links.append(through(standard_id=standard_id, standardtag_id=tags[f"{EPIDEMIC_GROUP}:{slug}"].pk))
            if slug == "medical-mask" and rng.random() < 0.1:
                links.append(through(standard_id=standard_id, standardtag_id=tags[f"{EPIDEMIC_GROUP}:respirator"].pk))
            if body.kind in (StandardKind.GB_MANDATORY, StandardKind.GB_RECOMMENDED, StandardKind.INDUSTRY) \
                    and status == StandardStatus.IN_FORCE:
                chinese.append((standard_id, published))
    writer.write_dicts(Standard, rows)
    writer.write(through, links)
    ctx.counts["epidemic_standards_synthetic"] = len(rows)
    return chinese


LANGUAGES = (("en", 70), ("fr", 8), ("es", 6), ("ru", 6), ("ar", 4), ("de", 3), ("ja", 3))
REQUESTING = ("IT", "RS", "PK", "KH", "IR", "ET", "FR", "ES", "BR", "TH", "MY", "KZ", "LA", "NG")
BATCHES = (("2020年第一批", dt.date(2020, 4, 1)), ("2020年第二批", dt.date(2020, 7, 1)),
           ("2021年第一批", dt.date(2021, 4, 1)), ("2022年第一批", dt.date(2022, 5, 1)),
           ("2023年第一批", dt.date(2023, 5, 1)))


def build_translations(ctx: SeedContext, chinese: list[tuple[int, dt.date]]) -> None:
    """Foreign-language versions, batch by batch, each with its first event; a standard is
    translated only once published."""
    rng = ctx.fork("translations")
    total = ctx.n("translations")
    published = min(total, ctx.n("published_translations"))
    cited_codes = [s.code for s in seed_data.ALL_STANDARDS if s.country == "CN" and s.status == "in_force"]
    cited = list(Standard.objects.filter(code__in=cited_codes, published_on__isnull=False)
                 .order_by("code").values_list("id", "published_on"))
    # The cited national standards first, in English, as the office did in 2020; then others.
    pool = cited + rng.sample(chinese, len(chinese))
    languages, weights = zip(*LANGUAGES, strict=True)
    seen, rows, events = set(), [], []
    ids = iter(ctx.writer.ids(Translation, total))
    ready_by_batch = {start: [standard_id for standard_id, day in pool if day + dt.timedelta(days=60) <= start]
                      for _batch, start in BATCHES}
    for position in range(total):
        batch, start = BATCHES[min(position * len(BATCHES) // max(total, 1), len(BATCHES) - 1)]
        if not ready_by_batch[start]:
            batch, start = BATCHES[-1]
        ready = ready_by_batch[start]
        fresh = next((standard_id for standard_id in ready if (standard_id, "en") not in seen), None)
        standard_id, language = (fresh, "en") if fresh is not None else (None, None)
        for _attempt in range(100):
            if standard_id is not None and (standard_id, language) not in seen:
                break
            standard_id, language = rng.choice(ready), rng.choices(languages, weights=weights)[0]
        seen.add((standard_id, language))
        is_published = position < published
        translation = Translation(
            id=next(ids), standard_id=standard_id, language=language, batch=batch,
            status=TranslationStatus.PUBLISHED if is_published else rng.choice(
                (TranslationStatus.PLANNED, TranslationStatus.IN_PROGRESS)),
            requested_by_country=rng.choice(REQUESTING) if rng.random() < 0.4 else "",
            published_on=day_between(rng, start + dt.timedelta(days=60), start + dt.timedelta(days=240))
            if is_published else None,
        )
        rows.append(translation)
        # Its first event, as TRANSLATION_WORKFLOW.record_bulk writes one for a row a writer
        # created in its state ('' → status), dated from the seed: published on its day, the
        # others when their batch began.
        events.append(TranslationEvent(
            translation_id=translation.id, actor_name=OFFICE_NAME, from_status="", to_status=translation.status,
            created_at=dt.datetime.combine(translation.published_on or start, dt.time(10, 0), tzinfo=SHANGHAI),
        ))
    ctx.writer.write(Translation, rows)
    ctx.writer.write(TranslationEvent, events)


# (title_zh, title_en, body, committee, epidemic class or "")
PROPOSAL_TOPICS = (
    ("医用防护口罩 性能要求和试验方法",
     "Protective face masks for medical use — Performance requirements and test methods",
     "ISO", "ISO/TC 94/SC 15", "respirator"),
    ("呼吸防护装置 儿童用口罩", "Respiratory protective devices — Face masks for children", "ISO", "ISO/TC 94/SC 15",
     "daily-mask"),
    ("医用防护服 抗病毒穿透试验方法", "Medical protective clothing — Test method for resistance to viral penetration",
     "ISO", "ISO/TC 94/SC 13", "protective-clothing"),
    ("一次性使用丁腈检查手套", "Single-use nitrile examination gloves", "ISO", "ISO/TC 45/SC 3", "medical-gloves"),
    ("医用电气设备 高流量呼吸治疗设备专用要求",
     "Medical electrical equipment — High-flow respiratory therapy equipment",
     "ISO", "ISO/TC 121/SC 3", "ventilator"),
    ("红外额温计 性能要求和试验方法", "Infrared forehead thermometers — Performance requirements and test methods",
     "ISO", "ISO/TC 121/SC 3", "infrared-thermometer"),
    ("人体体温筛查用红外热像仪 测量准确度评价", "Screening thermographs — Evaluation of measurement accuracy", "IEC",
     "IEC/SC 62D", "infrared-thermometer"),
    ("多参数患者监护仪 远程监护数据接口", "Multifunction patient monitors — Remote monitoring data interface", "IEC",
     "IEC/SC 62D", "patient-monitor"),
    ("医用眼面部防护 防雾性能试验方法", "Medical eye and face protection — Anti-fog test method", "ISO",
     "ISO/TC 94/SC 6", "goggles"),
    ("具有抗菌性能的表面 抗病毒活性测定", "Surfaces with antimicrobial properties — Measurement of antiviral activity",
     "ISO", "ISO/TC 330", "disinfectant"),
    ("医用口罩 细菌过滤效率试验用气溶胶发生装置", "Medical face masks — Aerosol generator for BFE testing", "ISO",
     "ISO/TC 94/SC 15", "medical-mask"),
    ("体外诊断 病毒核酸检测试剂 性能评价", "In vitro diagnostics — Performance evaluation of viral nucleic acid assays",
     "ISO", "ISO/TC 212", ""),
    ("远程医疗服务 质量要求", "Telemedicine services — Quality requirements", "ISO", "ISO/TC 215", ""),
    ("公共卫生应急物资储备 管理指南", "Stockpiling of public-health emergency supplies — Guidelines", "ISO",
     "ISO/TC 292", ""),
    ("呼吸机 电磁兼容试验方法", "Ventilators — Electromagnetic compatibility test methods", "IEC", "IEC/SC 62A",
     "ventilator"),
)
PROPOSAL_STATUSES = ((ProposalStatus.PUBLISHED, 15), (ProposalStatus.ACCEPTED, 50), (ProposalStatus.SUBMITTED, 25),
                     (ProposalStatus.REJECTED, 10))


def build_proposals(ctx: SeedContext, tags: dict[str, StandardTag], proposers: list[str]) -> None:
    rng = ctx.fork("proposals")
    statuses, weights = zip(*PROPOSAL_STATUSES, strict=True)
    rows, links = [], []
    through = InternationalProposal.tags.through
    for position in range(ctx.n("proposals")):
        title_zh, title_en, body, committee, slug = PROPOSAL_TOPICS[position % len(PROPOSAL_TOPICS)]
        part = position // len(PROPOSAL_TOPICS)
        if part:
            title_zh, title_en = f"{title_zh} 第{part + 1}部分", f"{title_en} — Part {part + 1}"
        proposal_id = ctx.writer.next_id(InternationalProposal)
        rows.append(InternationalProposal(
            id=proposal_id, title_zh=title_zh, title_en=title_en, body=body, committee=committee,
            status=rng.choices(statuses, weights=weights)[0],
            submitted_on=day_between(rng, dt.date(2020, 3, 1), dt.date(2023, 11, 30)),
            proposer=rng.choice(proposers) if proposers else "中国标准化研究院",
        ))
        if slug:
            tag = tags[f"{EPIDEMIC_GROUP}:{slug}"]
            links.append(through(internationalproposal_id=proposal_id, standardtag_id=tag.pk))
    ctx.writer.write(InternationalProposal, rows)
    ctx.writer.write(through, links)
