"""Respirators and masks: the anti-epidemic standards, their cited limits, one published plan and
the Chinese-vs-foreign comparisons with the recognitions they led to.

Everything here was checked against public pages (listed in each ``source``); what could not be
checked is left out and said so in a comment, never filled in from memory.

Deliberately left out (not verified):
- GB 2626-2019 breathing-resistance limits (its Table "呼吸阻力" for disposable / valved / replaceable
  facepieces) could not be checked against the standard's text or an official publication, so the
  2019 limits are not seeded and the standard's page says so (``note_zh``); the 2006 limits (350 Pa /
  250 Pa, all classes, 85 L/min) are, from the Chinese comparison annex.
- GB 2626-2019 is cited from the standard itself (its full text is published free of charge on the
  national full-text system openstd.samr.gov.cn, as every mandatory national standard is) and from
  its issuing bodies' announcements, never from equipment shops or document-sharing sites.
- GB 2626-2006 KN90/KP90 leakage limits (only the KN95/KP95 and KN100/KP100 ones are needed here).
- GB 19083-2010 fit (密合性) requirement and the NIOSH position on total inward leakage.
- KMOEL-2017-64 (Korea "1st class") and the Korean KF94 scheme: the notice's exact title and current
  status could not be confirmed, so no StandardSeed is invented for them.
- YY 0469-2023's publication date, issuing body and limits: only its replacing YY 0469-2011 and its date of
  coming into force (2026-12-01, per cnnbzj.com and wetuji.com) were confirmed, so the seed carries
  the standard without a publication date or requirements.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from .types import (
    ComparisonItemSeed,
    ComparisonSeed,
    IndicatorSeed,
    PlanSeed,
    RecognitionSeed,
    RequirementSeed,
    StandardSeed,
)

GB2626_2019 = "GB 2626-2019"
GB2626_2006 = "GB 2626-2006"
GB19083_2010 = "GB 19083-2010"
GB19083_2023 = "GB 19083-2023"
EN149 = "EN 149:2001+A1:2009"
NIOSH84 = "NIOSH 42 CFR 84"
YY0469 = "YY 0469-2011"
YY0469_2023 = "YY 0469-2023"
YYT0969 = "YY/T 0969-2013"
GBT32610 = "GB/T 32610-2016"
ASTM_F2100 = "ASTM F2100-19"
EN14683 = "EN 14683:2019+AC:2019"
JIS_T9001 = "JIS T 9001:2021"
ASNZS1716 = "AS/NZS 1716:2012"

RESPIRATOR = "epidemic:respirator"
MEDICAL_MASK = "epidemic:medical-mask"
DAILY_MASK = "epidemic:daily-mask"

# --- sources (kept short: the Requirement.source column holds 300 characters) ---------------
S_GB2626_2019_META = (
    "GB 2626-2019 封面与前言（国家标准全文公开系统 openstd.samr.gov.cn）：国家市场监督管理总局、国家标准化"
    "管理委员会 2019-12-31 发布，代替 GB 2626-2006；国家标准化管理委员会公告将实施日期调整为 2021-07-01"
)
S_GB2626_2019_FILTER = (
    "GB 2626-2019 原文（openstd.samr.gov.cn）过滤效率要求与检测方法：KN90/95/100、KP90/95/100 "
    "≥90/95/99.97 %，KN 类以氯化钠颗粒物、KP 类以油类颗粒物检测，检测流量 85 L/min"
)
S_GB2626_2019_TIL = (
    "GB 2626-2019 原文（openstd.samr.gov.cn）泄漏性要求：随弃式面罩 50 个动作中至少 46 个、10 名受试者中"
    "至少 8 名的总泄漏率不超过限值；KN/KP90 13/10 %，KN/KP95 11/8 %，KN/KP100 5/2 %"
)
S_GB2626_2006_META = (
    "gb-gbt.cn/PDF/English.aspx/GB2626-2006 (issued 2006-03-27, implemented 2006-12-01, "
    "AQSIQ/SAC; replaced by GB 2626-2019)"
)
S_ANNEX2 = (
    "'Annex 2 Comparison of Respiratory Protective Equipment Standards — Non-powered Air-purifying "
    "Particle Respirator' (个体防护装备口罩中国标准与欧洲等国外标准比对分析, English version): "
    "biz.doczj.com/doc/1110643534.html, 360docs.net/doc/0c25718495.html"
)
S_GB2626_2006_FILTER = (
    "Chinese comparison annex, biz.doczj.com/doc/1110643534.html (GB 2626-2006: KN90/95/100 and "
    "KP90/95/100 ≥90/95/99.97 %; KN tested with NaCl only, KP with paraffin oil only); flow "
    "(85±4) L/min: shenzhen.11467.com/info/9186307.htm"
)
S_EN149 = (
    "tbgroupsafety.com/en/respiratory-protection-regulations (EN 149+A1: Table 1 max penetration "
    "NaCl and paraffin oil at 95 L/min 20/6/1 %; Table 2 resistance in mbar; TIL 46/50 and 8/10 "
    "rules); TIL also in the Chinese comparison annex (biz.doczj.com/doc/1110643534.html)"
)
S_CFR_172 = (
    "42 CFR §84.172 — law.cornell.edu/cfr/text/42/84.172 (resistance at 85±2 L/min; non-powered "
    "N, R and P: inhalation 35 mm water-column initial, exhalation 25)"
)
S_CFR_170 = (
    "42 CFR §84.170(a)(3) — codes.findlaw.com/cfr/title-42-public-health/cfr-sect-42-84-170 "
    "(N95/N99/N100 ≥95/99/99.97 %); NaCl at 85 L/min: halyardhealth.com.au N95 glossary and "
    "shenzhen.11467.com/info/9186307.htm ((85±4) L/min)"
)
S_GB19083_META = (
    "husay.cn/a/202302/4172964.html (GB 19083-2010 issued 2010-09-02 by AQSIQ/SAC, in force "
    "2011-08-01, replaces GB 19083-2003); bzpt.com/gb/286065.html (replaced by GB 19083-2023 from "
    "2025-12-01)"
)
S_GB19083_FILTER = (
    "shenzhen.11467.com/info/7893075.htm (GB 19083-2010 Table 1: 1级 ≥95, 2级 ≥99, 3级 ≥99.97 %); "
    "NaCl aerosol: github.com/Duter2016 mask-standard table; (85±2) L/min: m.gansulong.com "
    "article on GB 19083"
)
S_GB19083_RESIST = (
    "shenzhen.11467.com/info/7893075.htm (GB 19083-2010: airflow resistance ≤343.2 Pa (35 mm H2O) "
    "at 85 L/min; 2 mL synthetic blood at 10.7 kPa (80 mmHg), no penetration on the inner side)"
)
S_AJIC_2022 = (
    "Wang W. et al., 'Comparison of filtration efficiency and respiratory resistance of COVID-19 "
    "protective masks by multi-national standards', Am J Infect Control 2022;50(5):516-524, "
    "doi:10.1016/j.ajic.2022.02.009 (PMC8832847)"
)

STANDARDS: tuple[StandardSeed, ...] = (
    StandardSeed(
        code=GB2626_2019,
        title_zh="呼吸防护 自吸过滤式防颗粒物呼吸器",
        title_en="Respiratory protection—Non-powered air-purifying particle respirator",
        kind="gb_mandatory",
        issuing_body="国家市场监督管理总局、国家标准化管理委员会",
        issuing_body_en="State Administration for Market Regulation; Standardization Administration of China",
        country="CN",
        status="in_force",
        published=date(2019, 12, 31),
        effective=date(2021, 7, 1),
        replaces=GB2626_2006,
        tags=(RESPIRATOR,),
        source=S_GB2626_2019_META,
        note_zh="吸气阻力、呼气阻力限值未能依据标准原文或官方发布渠道核实，暂未录入；已录入的过滤效率与泄漏性"
        "要求均引自标准原文。",
        note_en="The inhalation and exhalation resistance limits could not be checked against the standard's "
        "text or an official publication and are left out; the filtration and leakage requirements entered "
        "are cited from the standard itself.",
    ),
    StandardSeed(
        code=GB2626_2006,
        title_zh="呼吸防护用品 自吸过滤式防颗粒物呼吸器",
        title_en="Respiratory protective equipment—Non-powered air-purifying particle respirator",
        kind="gb_mandatory",
        issuing_body="国家质量监督检验检疫总局、国家标准化管理委员会",
        issuing_body_en=("General Administration of Quality Supervision, Inspection and Quarantine; Standardization "
                         "Administration of China"),
        country="CN",
        status="replaced",
        published=date(2006, 3, 27),
        effective=date(2006, 12, 1),
        replaces="GB/T 2626-1992",
        tags=(RESPIRATOR,),
        source=S_GB2626_2006_META,
    ),
    StandardSeed(
        code=GB19083_2010,
        title_zh="医用防护口罩技术要求",
        title_en="Technical requirements for protective face mask for medical use",
        kind="gb_mandatory",
        issuing_body="国家质量监督检验检疫总局、国家标准化管理委员会",
        issuing_body_en=("General Administration of Quality Supervision, Inspection and Quarantine; Standardization "
                         "Administration of China"),
        country="CN",
        status="replaced",
        published=date(2010, 9, 2),
        effective=date(2011, 8, 1),
        replaces="GB 19083-2003",
        tags=(MEDICAL_MASK, RESPIRATOR),
        source=S_GB19083_META,
    ),
    StandardSeed(
        code=GB19083_2023,
        title_zh="医用防护口罩",
        title_en="Protective face mask for medical use",
        kind="gb_mandatory",
        # The source names NMPA as the approving/responsible department; national standards are
        # published in the names of SAMR and SAC.
        issuing_body="国家市场监督管理总局、国家标准化管理委员会（国家药品监督管理局归口）",
        issuing_body_en=("State Administration for Market Regulation; Standardization Administration of China (under "
                         "the jurisdiction of the National Medical Products Administration)"),
        country="CN",
        status="in_force",
        published=date(2023, 11, 27),
        effective=date(2025, 12, 1),
        replaces=GB19083_2010,
        tags=(MEDICAL_MASK, RESPIRATOR),
        source="bzpt.com/gb/286065.html; bzgfw.com (issued 2023-11-27, in force 2025-12-01, replaces GB 19083-2010)",
    ),
    StandardSeed(
        code=EN149,
        title_zh="呼吸防护装置 防颗粒物过滤式半面罩 要求、检验、标识",
        title_en="Respiratory protective devices—Filtering half masks to protect against particles—"
        "Requirements, testing, marking",
        kind="regional",
        issuing_body="European Committee for Standardization (CEN)",
        country="EU",
        status="in_force",
        published=None,
        effective=None,
        replaces=None,
        tags=(RESPIRATOR,),
        source="globusgroup.com/certifications/en-1492001-a12009; freestandardsdownload.com (title); "
        "lvs.lv prEN 149 project (revision under way, current edition still in force)",
    ),
    StandardSeed(
        code=NIOSH84,
        title_zh="美国联邦法规第42篇第84部分 呼吸防护装置的认证",
        title_en="42 CFR Part 84—Approval of respiratory protective devices",
        kind="foreign_national",
        issuing_body="National Institute for Occupational Safety and Health (NIOSH), HHS",
        country="US",
        status="in_force",
        published=date(1995, 6, 8),
        effective=None,
        replaces="30 CFR Part 11",
        tags=(RESPIRATOR,),
        source="lexbuild.dev eCFR 42 CFR 84 (part name; source 60 FR 30355, June 8, 1995); "
        "en.wikipedia.org/wiki/NIOSH_air_filtration_rating (superseded 30 CFR 11)",
    ),
    StandardSeed(
        code=YY0469,
        title_zh="医用外科口罩",
        title_en="Surgical mask",
        kind="industry",
        issuing_body="国家食品药品监督管理局",
        issuing_body_en="State Food and Drug Administration",
        country="CN",
        # Replaced by YY 0469-2023 from 2026-12-01.
        status="replaced",
        published=date(2011, 12, 31),
        effective=date(2013, 6, 1),
        replaces="YY 0469-2004",
        tags=(MEDICAL_MASK,),
        source="simop.com.cn and cnnbzj.com (issued 2011-12-31, in force 2013-06-01, SFDA notice "
        "2011 No. 106, replaces YY 0469-2004, abolished 2026-12-01); wetuji.com (YY 0469-2023 replaces it)",
    ),
    StandardSeed(
        code=YY0469_2023,
        title_zh="医用外科口罩",
        title_en="Surgical mask",
        kind="industry",
        issuing_body="",  # not stated by the sources
        country="CN",
        status="in_force",
        published=None,
        effective=date(2026, 12, 1),
        replaces=YY0469,
        tags=(MEDICAL_MASK,),
        source="cnnbzj.com and wetuji.com (YY 0469-2023 replaces YY 0469-2011, in force 2026-12-01)",
        note_zh="发布日期与技术指标尚未核实，暂未录入。",
        note_en="The publication date and the limits are not yet verified and are not seeded.",
    ),
    StandardSeed(
        code=YYT0969,
        title_zh="一次性使用医用口罩",
        title_en="Single-use medical face mask",
        kind="industry",
        issuing_body="国家食品药品监督管理总局",
        issuing_body_en="China Food and Drug Administration",
        country="CN",
        status="in_force",
        published=date(2013, 10, 21),
        effective=date(2014, 10, 1),
        replaces=None,
        tags=(MEDICAL_MASK,),
        source="m.lab216.com/standard/show-61596.html; Baidu Baike entry (issued 2013-10-21 by CFDA, "
        "in force 2014-10-01, status 现行)",
    ),
    StandardSeed(
        code=GBT32610,
        title_zh="日常防护型口罩技术规范",
        title_en="Technical specification of daily protective mask",
        kind="gb_recommended",
        issuing_body="国家质量监督检验检疫总局、国家标准化管理委员会",
        issuing_body_en=("General Administration of Quality Supervision, Inspection and Quarantine; Standardization "
                         "Administration of China"),
        country="CN",
        status="in_force",
        published=date(2016, 4, 25),
        effective=date(2016, 11, 1),
        replaces=None,
        tags=(DAILY_MASK,),
        source="bzchaxun.com/view/6022123010000000.html (现行; issued 2016-04-25, in force "
        "2016-11-01, AQSIQ/SAC, SAC/TC 209)",
    ),
    StandardSeed(
        code=ASTM_F2100,
        title_zh="医用口罩材料性能规范",
        title_en="Standard Specification for Performance of Materials Used in Medical Face Masks",
        kind="foreign_national",
        issuing_body="ASTM International",
        country="US",
        status="replaced",
        published=None,
        effective=None,
        replaces=None,
        tags=(MEDICAL_MASK,),
        source="standards.iteh.ai ASTM F2100-19 (title); blog.ansi.org 2020-03 (ASTM F2100-20 "
        "published, superseding -19); theiteh.com (F2100-23 is the later edition)",
    ),
    StandardSeed(
        code=EN14683,
        title_zh="医用口罩 要求和试验方法",
        title_en="Medical face masks—Requirements and test methods",
        kind="regional",
        issuing_body="European Committee for Standardization (CEN)",
        country="EU",
        status="in_force",
        published=None,
        effective=None,
        replaces="EN 14683:2019",
        tags=(MEDICAL_MASK,),
        source="standards.iteh.ai SIST EN 14683:2019+AC:2019 (English title; European Standard of "
        "August 2019, approved by CEN 2018-11-19, corrigendum AC included)",
    ),
    StandardSeed(
        code=JIS_T9001,
        title_zh="医用口罩及普通口罩的性能要求和试验方法",
        title_en="Performance requirements and test methods of medical face masks and non-medical face masks",
        kind="foreign_national",
        issuing_body="Japanese Industrial Standards Committee (JISC); established by MHLW and METI",
        country="JP",
        status="in_force",
        published=date(2021, 6, 16),
        effective=None,
        replaces=None,
        tags=(MEDICAL_MASK, DAILY_MASK),
        source="webdesk.jsa.or.jp JIS T 9001:2021 (発行 2021-06-16, 有効, English title); jis.eomec.com/jist90012021",
    ),
    StandardSeed(
        code=ASNZS1716,
        title_zh="呼吸防护装置",
        title_en="Respiratory protective devices",
        kind="foreign_national",
        issuing_body="Standards Australia / Standards New Zealand",
        country="AU",
        status="in_force",
        published=date(2012, 2, 13),
        effective=None,
        replaces=None,
        tags=(RESPIRATOR,),
        source="store.standards.org.au AS/NZS 1716:2012 (published 2012-02-13); standards.govt.nz "
        "(to be superseded by AS/NZS ISO standards by 2030-01-01)",
    ),
)

INDICATORS: tuple[IndicatorSeed, ...] = (
    IndicatorSeed("filtration_efficiency", "过滤效率", "Filtration efficiency", "%", "higher_better"),
    IndicatorSeed("inhalation_resistance", "吸气阻力", "Inhalation resistance", "Pa", "lower_better"),
    IndicatorSeed("exhalation_resistance", "呼气阻力", "Exhalation resistance", "Pa", "lower_better"),
    IndicatorSeed("total_inward_leakage", "总泄漏率", "Total inward leakage", "%", "lower_better"),
    IndicatorSeed("synthetic_blood_penetration", "合成血液穿透", "Synthetic blood penetration", "", "pass_fail"),
)


def _filtration(code: str, grade: str, minimum: float, condition: str, source: str) -> RequirementSeed:
    return RequirementSeed(code, "filtration_efficiency", grade, minimum, None, "%", condition, source)


def _leakage(code: str, grade: str, exercise_max: float, wearer_max: float, source: str):
    """The two-part TIL rule shared by EN 149 and GB 2626: at least 46 of the 50 individual
    exercise results and at least 8 of the 10 wearers' means must not exceed their limits."""
    return (
        RequirementSeed(code, "total_inward_leakage", grade, None, exercise_max, "%", "≥46 of 50 exercises", source),
        RequirementSeed(code, "total_inward_leakage", grade, None, wearer_max, "%", "≥8 of 10 wearer means", source),
    )


_GB2626_2019_FILTRATION = tuple(
    _filtration(GB2626_2019, f"{series}{level}", minimum, aerosol, S_GB2626_2019_FILTER)
    for series, aerosol in (("KN", "NaCl; 85 L/min"), ("KP", "oily particles; 85 L/min"))
    for level, minimum in (("90", 90.0), ("95", 95.0), ("100", 99.97))
)
_GB2626_2019_LEAKAGE = tuple(
    req
    for series in ("KN", "KP")
    for level, exercise_max, wearer_max in (("90", 13.0, 10.0), ("95", 11.0, 8.0), ("100", 5.0, 2.0))
    for req in _leakage(GB2626_2019, f"{series}{level}", exercise_max, wearer_max, S_GB2626_2019_TIL)
)

_GB2626_2006_FILTRATION = tuple(
    _filtration(GB2626_2006, f"{series}{level}", minimum, condition, S_GB2626_2006_FILTER)
    for series, condition in (("KN", "NaCl; 85 L/min"), ("KP", "paraffin oil; 85 L/min"))
    for level, minimum in (("90", 90.0), ("95", 95.0), ("100", 99.97))
)
_GB2626_2006_LEAKAGE = tuple(
    req
    for series in ("KN", "KP")
    for level, exercise_max, wearer_max in (("95", 11.0, 8.0), ("100", 5.0, 2.0))
    for req in _leakage(GB2626_2006, f"{series}{level}", exercise_max, wearer_max, S_ANNEX2)
)
_GB2626_2006_RESISTANCE = (
    RequirementSeed(GB2626_2006, "inhalation_resistance", "", None, 350.0, "Pa", "85 L/min", S_ANNEX2),
    RequirementSeed(GB2626_2006, "exhalation_resistance", "", None, 250.0, "Pa", "85 L/min", S_ANNEX2),
)

# EN 149 states the maximum penetration (20/6/1 %); filtration efficiency = 100 % − penetration.
_EN149_FILTRATION = tuple(
    _filtration(EN149, grade, 100.0 - penetration, f"{aerosol}; 95 L/min", S_EN149)
    for grade, penetration in (("FFP1", 20.0), ("FFP2", 6.0), ("FFP3", 1.0))
    for aerosol in ("NaCl", "paraffin oil")
)
_EN149_INHALATION = tuple(
    RequirementSeed(EN149, "inhalation_resistance", grade, None, maximum, "mbar", flow, S_EN149)
    for grade, at_30, at_95 in (("FFP1", 0.6, 2.1), ("FFP2", 0.7, 2.4), ("FFP3", 1.0, 3.0))
    for flow, maximum in (("30 L/min", at_30), ("95 L/min", at_95))
)
_EN149_EXHALATION = tuple(
    RequirementSeed(EN149, "exhalation_resistance", grade, None, 3.0, "mbar", "160 L/min", S_EN149)
    for grade in ("FFP1", "FFP2", "FFP3")
)
_EN149_LEAKAGE = tuple(
    req
    for grade, exercise_max, wearer_max in (("FFP1", 25.0, 22.0), ("FFP2", 11.0, 8.0), ("FFP3", 5.0, 2.0))
    for req in _leakage(EN149, grade, exercise_max, wearer_max, S_EN149)
)

_NIOSH_FILTRATION = tuple(
    _filtration(NIOSH84, grade, minimum, "NaCl; 85 L/min", S_CFR_170)
    for grade, minimum in (("N95", 95.0), ("N99", 99.0), ("N100", 99.97))
)
# §84.172 states one limit for every non-powered N, R and P respirator, hence grade "".
_NIOSH_RESISTANCE = (
    RequirementSeed(NIOSH84, "inhalation_resistance", "", None, 35.0, "mmH2O", "85 L/min", S_CFR_172),
    RequirementSeed(NIOSH84, "exhalation_resistance", "", None, 25.0, "mmH2O", "85 L/min", S_CFR_172),
)

_GB19083_REQUIREMENTS = (
    *(
        _filtration(GB19083_2010, grade, minimum, "NaCl; 85 L/min", S_GB19083_FILTER)
        for grade, minimum in (("1级", 95.0), ("2级", 99.0), ("3级", 99.97))
    ),
    # 气流阻力 is the inhalation-direction airflow resistance; GB 19083 sets no exhalation limit
    # (its masks may not have an exhalation valve).
    RequirementSeed(GB19083_2010, "inhalation_resistance", "", None, 343.2, "Pa", "85 L/min", S_GB19083_RESIST),
    RequirementSeed(
        GB19083_2010,
        "synthetic_blood_penetration",
        "",
        None,
        None,
        "",
        "2 mL synthetic blood; 10.7 kPa (80 mmHg)",
        S_GB19083_RESIST,
    ),
)

# The test conditions above are written in English; the pages are Chinese first. Each part (joined
# by "; ") in Chinese, the English kept for English pages. Units and formulas (NaCl, L/min) are
# the same in both.
_CONDITION_PARTS_ZH = {
    "oily particles": "油类颗粒物",
    "paraffin oil": "石蜡油",
    "≥46 of 50 exercises": "50 个动作中至少 46 个",
    "≥8 of 10 wearer means": "10 名受试者平均值中至少 8 个",
    "2 mL synthetic blood": "2 mL 合成血液",
}


def _in_both_languages(requirement: RequirementSeed) -> RequirementSeed:
    english = requirement.condition
    chinese = "; ".join(_CONDITION_PARTS_ZH.get(part, part) for part in english.split("; ")) if english else ""
    return replace(requirement, condition=chinese, condition_en=english)


REQUIREMENTS: tuple[RequirementSeed, ...] = tuple(map(_in_both_languages, (
    *_GB2626_2019_FILTRATION,
    *_GB2626_2019_LEAKAGE,
    *_GB2626_2006_FILTRATION,
    *_GB2626_2006_LEAKAGE,
    *_GB2626_2006_RESISTANCE,
    *_EN149_FILTRATION,
    *_EN149_INHALATION,
    *_EN149_EXHALATION,
    *_EN149_LEAKAGE,
    *_NIOSH_FILTRATION,
    *_NIOSH_RESISTANCE,
    *_GB19083_REQUIREMENTS,
)))

# Industry division (GB/T 4754-2017): disposable particle respirators such as KN95 are converted
# non-woven (melt-blown) textile products, i.e. division 17 纺织业, group 178 产业用纺织制成品制造,
# class 1789 其他产业用纺织制成品制造. Our reading of the classification, not an official NBS ruling.
# Elastomeric replaceable half masks would rather fall under 29 (橡胶和塑料制品业); medical masks
# (YY 0469, GB 19083) are medical devices, 35 专用设备制造业 / 358 医疗仪器设备及器械制造, though
# some statistics count them in 27 医药制造业 / 2770 卫生材料及医药用品制造 — decide per product.
PLANS: tuple[PlanSeed, ...] = (
    PlanSeed(
        code="PLAN-RESP-KN95",
        title_zh="颗粒物防护口罩（KN95）对标技术方案",
        title_en="Benchmarking technical plan: KN95 particulate respirators",
        category_name_zh="KN95 颗粒物防护口罩",
        category_name_en="KN95 particulate respirators",
        industry_division="17",
        standards=(GB2626_2019, EN149, NIOSH84),
        # Per DESIGN §3 the benchmark (达标 test) is the advanced standards; GB 2626-2019 is the
        # mandatory national baseline every product must meet anyway.
        benchmark_standards=(EN149, NIOSH84),
        indicators=(
            "filtration_efficiency",
            "inhalation_resistance",
            "exhalation_resistance",
            "total_inward_leakage",
        ),
        grades=("KN95", "FFP2", "N95"),
        note_zh="GB 2626-2019 的吸气、呼气阻力限值未能核实，暂未录入；EN 149 与 NIOSH 的阻力限值已录入，"
        "测试流量不同（EN 149：30/95/160 L/min；NIOSH：85 L/min），比对时须统一单位并注意流量差异。",
        note_en="GB 2626-2019 breathing-resistance limits could not be verified and are not seeded; the "
        "EN 149 and NIOSH limits are, at different flows (EN 149: 30/95/160 L/min; NIOSH: 85 L/min).",
    ),
)

_FRANCE_FFP2 = RecognitionSeed(
    authority="Ministère du Travail (interministerial instruction on foreign mask standards)",
    country="FR",
    date=date(2020, 4, 7),
    note="Lists GB2626-2006 KN95 (and KP95) among the main foreign standards equivalent to "
    "EN 149+A1:2009 FFP2 (instruction updated 7 April 2020).",
    source="horizon63.cerfrance.fr/breves/covid-19-a-quelles-normes-repondent-les-differents-masques; "
    "socotec.fr/media/news/flash-reglementaire-hse-covid-19-12",
)
_NETHERLANDS = RecognitionSeed(
    authority="Ministerie van Sociale Zaken en Werkgelegenheid (SZW) and RIVM, via the Inspectie "
    "Gezondheidszorg en Jeugd (IGJ)",
    country="NL",
    date=None,
    note="Assessed GB2626-2006 KN95/KP95 as equivalent to FFP2 and KN100/KP100 to FFP3 of "
    "EN 149:2001+A1:2009 (2020; exact date not in the source consulted).",
    source="facemaskssupplier.com/news/are-chinese-standard-face-masks-equivalent-to-european-ones.html "
    "(reporting the IGJ announcement)",
)
_EU_RECOMMENDATION = RecognitionSeed(
    authority="European Commission — Recommendation (EU) 2020/403",
    country="EU",
    date=date(2020, 3, 13),
    note="The framework, not a listing: lets market-surveillance authorities admit PPE made to "
    "technical solutions other than harmonised standards where protection is adequate. It names "
    "no Chinese standard; France applied it by instruction DGT/CT3/DGS/PP3/DGCCRF/DGDDI/2020/94 of "
    "9 June 2020.",
    source="eumonitor.eu (OJ L 79I, 16.3.2020, p. 1–5); reuschlaw.de summary; "
    "securibase.com/securibase/public/fiche/26177/29859 (French instruction of 9 June 2020)",
)
_CDC_2006 = RecognitionSeed(
    authority="US Centers for Disease Control and Prevention (CDC)",
    country="US",
    date=date(2020, 3, 17),
    note="'Strategies for Optimizing the Supply of N95 Respirators: Crisis/Alternate Strategies' lists "
    "China GB2626-2006 KN100/KP100 and KN95/KP95 (guidance GB/T 18664-2002) among respirators "
    "expected to be suitable alternatives to N95 when supplies are short.",
    source="straphookloop.com and vacovidsupplies.com copies of "
    "cdc.gov/coronavirus/2019-ncov/hcp/respirators-strategy/crisis-alternate-strategies.html",
)
_FDA_EUA = RecognitionSeed(
    authority="US Food and Drug Administration (FDA) — Emergency Use Authorization",
    country="US",
    date=date(2020, 4, 3),
    note="EUA for non-NIOSH-approved disposable filtering facepiece respirators manufactured in "
    "China, including KN95, under eligibility criteria (other approvals or independent test "
    "reports); criteria revised 2020-05-07 after NIOSH testing, new listings closed 2020-10-15. "
    "The sources consulted do not quote the standard edition named in the letter.",
    source="crowell.com client alert 2020-04-06; fda.gov FAQs on the EUAs for non-NIOSH approved "
    "respirators; einpresswire.com copy of FDA letter to health care providers (2020-05-07)",
)
_CDC_2019 = RecognitionSeed(
    authority="US Centers for Disease Control and Prevention (CDC)",
    country="US",
    date=None,
    note="A later version of the CDC table lists the People's Republic of China with GB 2626-2006 and "
    "GB 2626-2019, KN/KP95 and KN/KP100 'may be used in lieu of' NIOSH N95.",
    source="nuoueshop.com/cdc-ppe-standard-qualification-ezp-25.html (copy of the CDC table; version date not shown)",
)

COMPARISONS: tuple[ComparisonSeed, ...] = (
    ComparisonSeed(
        standard_a=GB2626_2019,
        standard_b=EN149,
        title_zh="GB 2626-2019 与 EN 149:2001+A1:2009 比对（KN95 与 FFP2）",
        title_en="GB 2626-2019 vs EN 149:2001+A1:2009 (KN95 vs FFP2)",
        kind="comparison",
        items=(
            ComparisonItemSeed(
                "filtration_efficiency",
                "stricter",
                "KN95 ≥95 %（NaCl）严于 FFP2 ≥94 %（即穿透率≤6 %）。但 EN 149 在 95 L/min 下同时用 NaCl "
                "和石蜡油检测，条件更苛刻，数值不可直接等同。",
                "KN95 ≥95 % (NaCl) against FFP2 ≥94 % (max penetration 6 %): stricter limit. EN 149 "
                "tests at 95 L/min with both NaCl and paraffin oil, so the figures are not like for like.",
                source=S_AJIC_2022,
            ),
            ComparisonItemSeed(
                "total_inward_leakage",
                "equal",
                "随弃式面罩 KN95 与 FFP2 均要求 50 个动作中至少 46 个 ≤11 %、10 名受试者中至少 8 名总体 ≤8 %。",
                "Disposable KN95 and FFP2 alike: at least 46 of 50 exercise results ≤11 % and at least "
                "8 of 10 wearer means ≤8 %.",
            ),
            ComparisonItemSeed(
                "inhalation_resistance",
                "looser",
                "GB 2626-2019 阻力限值本库未能核实；依据 Wang 等（2022）按三项标准对同批口罩的实测，"
                "EN 149 的呼吸阻力要求最严，GB 2626-2019 与 NIOSH 较易满足。FFP2 为 2.4 mbar（240 Pa）@95 L/min。",
                "The GB 2626-2019 limits themselves are not seeded (unverified); testing the same masks "
                "to all three standards, Wang et al. (2022) found EN 149's resistance requirement the "
                "hardest to meet and GB 2626-2019's and NIOSH's easier. FFP2: 2.4 mbar (240 Pa) at 95 L/min.",
                source=S_AJIC_2022,
            ),
        ),
        conclusion_zh="过滤效率：KN95 限值略严（测试气溶胶与流量不同）；总泄漏率：要求相当；呼吸阻力："
        "EN 149 更严（基于文献比对，GB 2626-2019 限值待核实后补录）。",
        conclusion_en="Filtration: KN95's limit is slightly stricter (different aerosols and flows); "
        "total inward leakage: equivalent; breathing resistance: EN 149 is stricter (from a published "
        "comparison; GB 2626-2019's own limits to be added once verified).",
        recognitions=(),
        source="GB 2626-2019: testexmaskmachine.com comparison, 5wxw.com; EN 149: tbgroupsafety.com; "
        "resistance: Wang et al., Am J Infect Control 2022 (PMC8832847)",
    ),
    ComparisonSeed(
        standard_a=GB2626_2019,
        standard_b=NIOSH84,
        title_zh="GB 2626-2019 与 NIOSH 42 CFR 84 比对（KN95 与 N95）",
        title_en="GB 2626-2019 vs NIOSH 42 CFR 84 (KN95 vs N95)",
        kind="comparison",
        items=(
            ComparisonItemSeed(
                "filtration_efficiency",
                "equal",
                "KN95 与 N95 均要求对 NaCl 气溶胶过滤效率 ≥95 %。",
                "KN95 and N95 both require ≥95 % against NaCl aerosol.",
            ),
        ),
        conclusion_zh="过滤效率要求相当。GB 2626-2019 的呼吸阻力限值未能核实，未作逐项比对；"
        "NIOSH 为吸气 ≤35 mmH2O（343.2 Pa）、呼气 ≤25 mmH2O（245.2 Pa），均在 85 L/min 下。",
        conclusion_en="Equivalent filtration requirement. Breathing resistance not compared item by item: "
        "the GB 2626-2019 limits could not be verified; NIOSH allows 35 mm H2O (343.2 Pa) inhaling and "
        "25 mm H2O (245.2 Pa) exhaling at 85 L/min.",
        recognitions=(_CDC_2019,),
        source="GB 2626-2019: 5wxw.com, xiaomilidoc.com; NIOSH: 42 CFR §§84.170, 84.172 (findlaw.com, law.cornell.edu)",
    ),
    ComparisonSeed(
        standard_a=GB19083_2010,
        standard_b=EN149,
        title_zh="GB 19083-2010 与 EN 149:2001+A1:2009 比对（医用防护口罩 1 级与 FFP2）",
        title_en="GB 19083-2010 vs EN 149:2001+A1:2009 (medical protective mask grade 1 vs FFP2)",
        kind="comparison",
        items=(
            ComparisonItemSeed(
                "filtration_efficiency",
                "stricter",
                "1 级 ≥95 %（NaCl，85 L/min）对 FFP2 ≥94 %（NaCl 与石蜡油，95 L/min）；2 级 ≥99 % 与 FFP3 ≥99 % "
                "数值相同。EN 149 流量更高并加测油性气溶胶。",
                "Grade 1 ≥95 % (NaCl, 85 L/min) vs FFP2 ≥94 % (NaCl and paraffin oil, 95 L/min); grade 2 "
                "≥99 % equals FFP3 ≥99 %. EN 149 tests at a higher flow and with an oil aerosol too.",
            ),
            ComparisonItemSeed(
                "inhalation_resistance",
                "looser",
                "GB 19083 气流阻力 ≤343.2 Pa @85 L/min；FFP2 吸气阻力 ≤2.4 mbar（240 Pa）@95 L/min——"
                "EN 149 在更大流量下允许的阻力更小，故更严。",
                "GB 19083 ≤343.2 Pa at 85 L/min; FFP2 ≤2.4 mbar (240 Pa) at 95 L/min — EN 149 allows less "
                "resistance at a higher flow, so it is stricter.",
            ),
            ComparisonItemSeed(
                "exhalation_resistance",
                "no_counterpart",
                "GB 19083-2010 无呼气阻力要求（口罩不应有呼气阀）；EN 149 要求 ≤3.0 mbar @160 L/min。",
                "GB 19083-2010 sets no exhalation-resistance limit (no exhalation valve allowed); EN 149 "
                "requires ≤3.0 mbar at 160 L/min.",
            ),
            ComparisonItemSeed(
                "synthetic_blood_penetration",
                "no_counterpart",
                "GB 19083 要求 2 mL 合成血液以 10.7 kPa 喷向口罩后内侧不渗透；EN 149 无此要求。",
                "GB 19083 requires no penetration of 2 mL synthetic blood at 10.7 kPa; EN 149 has no such requirement.",
            ),
        ),
        conclusion_zh="过滤效率 GB 19083 数值略严；吸气阻力 EN 149 更严；GB 19083 另有合成血液穿透等医用要求，"
        "EN 149 另有呼气阻力要求。密合性/总泄漏率的对应关系未核实，未列入。",
        conclusion_en="Filtration: GB 19083 slightly stricter by value; inhalation resistance: EN 149 "
        "stricter; GB 19083 adds medical requirements such as synthetic-blood penetration, EN 149 an "
        "exhalation limit. Fit/total inward leakage not compared (GB 19083 value unverified).",
        recognitions=(),
        source="GB 19083-2010: shenzhen.11467.com/info/7893075.htm, github.com/Duter2016 table; "
        "EN 149: tbgroupsafety.com",
    ),
    ComparisonSeed(
        standard_a=GB2626_2006,
        standard_b=EN149,
        title_zh="GB 2626-2006 与 EN 149:2001+A1:2009 等效评估",
        title_en="Equivalence assessment: GB 2626-2006 vs EN 149:2001+A1:2009",
        kind="equivalence",
        items=(
            ComparisonItemSeed(
                "filtration_efficiency",
                "stricter",
                "KN95 ≥95 %（仅 NaCl）对 FFP2 ≥94 %（NaCl 与石蜡油）；中方比对分析认为两者过滤要求总体相近。",
                "KN95 ≥95 % (NaCl only) vs FFP2 ≥94 % (NaCl and paraffin oil); the Chinese comparison "
                "annex judges the filtration requirements similar overall.",
            ),
            ComparisonItemSeed(
                "total_inward_leakage",
                "equal",
                "两标准总泄漏率要求同一水平：KN95/FFP2 为 46/50 ≤11 %、8/10 ≤8 %；KN100/FFP3 为 ≤5 %、≤2 %。",
                "Same TIL level in both: KN95/FFP2 46 of 50 ≤11 %, 8 of 10 ≤8 %; KN100/FFP3 ≤5 % and ≤2 %.",
            ),
            ComparisonItemSeed(
                "inhalation_resistance",
                "looser",
                "GB 2626-2006 各级 ≤350 Pa @85 L/min；FFP2 ≤2.4 mbar（240 Pa）@95 L/min。",
                "GB 2626-2006 all classes ≤350 Pa at 85 L/min; FFP2 ≤2.4 mbar (240 Pa) at 95 L/min.",
            ),
            ComparisonItemSeed(
                "exhalation_resistance",
                "looser",
                "GB 2626-2006 ≤250 Pa @85 L/min；EN 149 ≤3.0 mbar（300 Pa）@160 L/min。EN 149 在近两倍流量下"
                "仅允许略高阻力，按流量折算更严（推断）。",
                "GB 2626-2006 ≤250 Pa at 85 L/min; EN 149 ≤3.0 mbar (300 Pa) at 160 L/min — barely more "
                "resistance at nearly twice the flow, so stricter once flow is accounted for (inferred).",
            ),
        ),
        conclusion_zh="过滤效率与总泄漏率（面部密合）要求相当，EN 149 呼吸阻力要求更严。据此，KN95/KP95 被多国"
        "认可与 FFP2 等效（法国、荷兰），并在欧盟 2020/403 号建议框架下准入。",
        conclusion_en="Filtration and total inward leakage (face fit) are at the same level; EN 149 is "
        "stricter on breathing resistance. On this basis KN95/KP95 was recognised as equivalent to FFP2 "
        "(France, the Netherlands), admitted under the framework of Recommendation (EU) 2020/403.",
        recognitions=(_FRANCE_FFP2, _NETHERLANDS, _EU_RECOMMENDATION),
        source=S_ANNEX2,
    ),
    ComparisonSeed(
        standard_a=GB2626_2006,
        standard_b=NIOSH84,
        title_zh="GB 2626-2006 与 NIOSH 42 CFR 84 等效评估（KN95 与 N95）",
        title_en="Equivalence assessment: GB 2626-2006 vs NIOSH 42 CFR 84 (KN95 vs N95)",
        kind="equivalence",
        items=(
            ComparisonItemSeed(
                "filtration_efficiency",
                "equal",
                "均为 NaCl 气溶胶、85 L/min、≥95 %。",
                "Both ≥95 % against NaCl at 85 L/min.",
            ),
            ComparisonItemSeed(
                "inhalation_resistance",
                "looser",
                "350 Pa 对 35 mmH2O（343.2 Pa），同为 85 L/min，GB 宽约 2 %。",
                "350 Pa vs 35 mm H2O (343.2 Pa), both at 85 L/min: GB about 2 % looser.",
            ),
            ComparisonItemSeed(
                "exhalation_resistance",
                "looser",
                "250 Pa 对 25 mmH2O（245.2 Pa），同为 85 L/min，GB 宽约 2 %。",
                "250 Pa vs 25 mm H2O (245.2 Pa), both at 85 L/min: GB about 2 % looser.",
            ),
        ),
        conclusion_zh="过滤效率相同，呼吸阻力限值几乎相同（GB 略宽约 2 %）。美国 CDC 将 GB 2626-2006 KN95 列为"
        "N95 短缺时的替代品，FDA 随后对中国制造的 KN95 发布紧急使用授权。",
        conclusion_en="Same filtration requirement; breathing-resistance limits nearly identical (GB about "
        "2 % looser). The US CDC listed GB 2626-2006 KN95 as an alternative when N95 supplies were "
        "short, and the FDA then issued an EUA for KN95 respirators made in China.",
        recognitions=(_CDC_2006, _FDA_EUA),
        source="GB 2626-2006: Chinese comparison annex (biz.doczj.com/doc/1110643534.html); NIOSH: "
        "42 CFR §§84.170, 84.172; flow: shenzhen.11467.com/info/9186307.htm",
    ),
    ComparisonSeed(
        standard_a=GBT32610,
        standard_b=EN149,
        title_zh="GB/T 32610-2016（A 级）与 EN 149 FFP2 等效认可",
        title_en="Recognition: GB/T 32610-2016 class A as equivalent to EN 149 FFP2",
        kind="equivalence",
        items=(),
        conclusion_zh="法国将 GB/T 32610-2016 A 级列为与 FFP2 等效的外国标准之一。本库未录入 GB/T 32610 的限值。",
        conclusion_en="France listed GB/T 32610-2016 class A among foreign standards equivalent to FFP2. "
        "No GB/T 32610 limits are seeded here.",
        recognitions=(
            RecognitionSeed(
                authority="Ministère du Travail (interministerial instruction on foreign mask standards)",
                country="FR",
                date=date(2020, 4, 7),
                note="Lists 'norme chinoise GB/T 32610-2016/classe A' among the main foreign standards "
                "equivalent to FFP2 (EN 149+A1:2009).",
                source="horizon63.cerfrance.fr/breves/covid-19-a-quelles-normes-repondent-les-differents-masques; "
                "socotec.fr/media/news/flash-reglementaire-hse-covid-19-12",
            ),
        ),
    ),
    ComparisonSeed(
        standard_a=GBT32610,
        standard_b=EN14683,
        title_zh="GB/T 32610-2016（1、2 级）与 EN 14683 等效认可",
        title_en="Recognition: GB/T 32610-2016 grades 1 and 2 as equivalent to EN 14683",
        kind="equivalence",
        items=(),
        conclusion_zh="法国海关（DGDDI）2020-05-14 说明：符合 GB/T 32610-2016 1 级、2 级要求的口罩可按等效"
        "认定为符合 EN 14683:2019 的医用口罩（须附相应文件）。",
        conclusion_en="French customs (DGDDI), 14 May 2020: masks meeting grades 1 and 2 of "
        "GB/T 32610-2016 may be admitted as equivalent to EN 14683:2019 medical masks, with the "
        "documents required for a medical device.",
        recognitions=(
            RecognitionSeed(
                authority="Direction générale des douanes et droits indirects (DGDDI)",
                country="FR",
                date=date(2020, 5, 14),
                note="A mask meeting grades 1 and 2 of GB/T 32610-2016 may be admitted by equivalence "
                "to a mask conforming to EN 14683:2019, subject to declaration of conformity and test "
                "report.",
                source="edouane.com/covid-19-guide-douanier-de-limportateur-de-masques/ (DGDDI "
                "documents of 14/05/2020)",
            ),
        ),
    ),
    ComparisonSeed(
        standard_a=YY0469,
        standard_b=EN14683,
        title_zh="YY 0469-2011 与 EN 14683 等效认可",
        title_en="Recognition: YY 0469-2011 as equivalent to EN 14683",
        kind="equivalence",
        items=(),
        conclusion_zh="法国 2020 年 4 月跨部门指示所附对照表将 YY 0469-2011 对应于 EN 14683（I、II、IIR 型）。",
        conclusion_en="The table attached to France's interministerial instruction of April 2020 maps "
        "YY 0469-2011 to EN 14683 (types I, II and IIR).",
        recognitions=(
            RecognitionSeed(
                authority="French customs / interministerial instruction (table of admitted standards)",
                country="FR",
                date=date(2020, 4, 5),
                note="Table of standards admitted for importing masks during the COVID-19 crisis: "
                "YY 0469-2011 ↔ EN 14683:2005/2014/2019 (types I, II, IIR).",
                source="fo-airbus-ds-rp.fr/covid-19/i/50078179/les-masques-airbus-sont-ils-ce (quoting the "
                "instruction interministérielle of 5 April 2020 obtained from customs)",
            ),
        ),
    ),
    ComparisonSeed(
        standard_a=YYT0969,
        standard_b=EN14683,
        title_zh="YY/T 0969-2013 与 EN 14683 I 型等效认可（二手来源）",
        title_en="Recognition: YY/T 0969-2013 as equivalent to EN 14683 type I (secondary source)",
        kind="equivalence",
        items=(),
        conclusion_zh="仅有二手来源称 YY/T 0969 与 YY 0469 可视为等效于 EN 14683 I 型；未找到原始文件，待核实。",
        conclusion_en="Only a secondary source says YY/T 0969 and YY 0469 could be treated as equivalent "
        "to EN 14683 type I; the primary document was not found — to be verified.",
        recognitions=(
            RecognitionSeed(
                authority="Reported as the European/French authorities (primary document not found)",
                country="FR",
                date=None,
                note="Vendor blog: from early April 2020 the Chinese medical-grade standards YY/T 0969 "
                "and YY 0469 could be considered equivalent to CE type I (95 % filtration).",
                source="getlemasquefrancais.com/blogs/infos/le-labyrinthe-des-normes (secondary; not "
                "confirmed against the French instruction)",
            ),
        ),
    ),
)
