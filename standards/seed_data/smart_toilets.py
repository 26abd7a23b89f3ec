"""Smart toilets (智能坐便器): the standards around GB/T 34549, the few limits that could be cited,
one plan and the GB/T 34549-2017 vs JIS A 4422:2011 comparison.

Deliberately left out (not verified):
- Every numeric limit of GB/T 34549-2017 (water temperature, seat temperature, cleaning force,
  energy per cycle…). The text reachable from here stops at the definitions; the 2016 association
  standard whose figures we did find (below) is not the national standard, so its numbers are not
  attributed to GB/T 34549.
- The China Building Ceramics & Sanitaryware Association (CBCSA) 《智能坐便器》 association standard
  (in force 2016-10-01): its code could not be found, so it has no StandardSeed; its comparison with
  JIS A 4422 is quoted in the comparison conclusion instead.
- GB 38448-2019 grade values and its effective date (sources disagree: 2020-07-01 vs 2021-01-01),
  GB 38448-2025 (issued 2025-08-01, in force only from 2027-04-01), IEC 60335-2-84 (edition and
  status not confirmed), JIS A 4422:2024 and GB/T 34549-2024 limits (both revised the values).
"""

from __future__ import annotations

from datetime import date

from .types import (
    ComparisonItemSeed,
    ComparisonSeed,
    IndicatorSeed,
    PlanSeed,
    RequirementSeed,
    StandardSeed,
)

GBT34549_2017 = "GB/T 34549-2017"
GBT34549_2024 = "GB/T 34549-2024"
JIS_A4422_2011 = "JIS A 4422:2011"
JIS_A4422_2024 = "JIS A 4422:2024"
IEC62947 = "IEC 62947:2022"
GB38448 = "GB 38448-2019"
T_CZGX_001 = "T/CZGX 001-2022"

SMART_TOILET = "product:smart-toilet"

S_HENGTE = (
    "hengtechina.com/html/c/51/index.html ('《智能坐便器》协会标准与JIS A 4422指标对比分析表', JIS "
    "column: 6.1.1 water 35–45 ℃, 6.1.2 ≥200 mL/min, 6.1.3 ≥0.06 N over ≥80 mm², 6.2.1 +15–40 K, "
    "6.2.2 ≥0.2 m³/min). Edition not printed; 2011 was in force in 2016"
)
S_CZGX = (
    "ndls.org.cn/standard/detail/f4a9da5a332ce6bba9e41d68ce56ec6b (T/CZGX 001-2022, 表1: flush "
    "average ≤4.0/5.0/5.6 L and dual-flush full flush ≤5.0/6.0/7.0 L for 领先/优等/合格)"
)

STANDARDS: tuple[StandardSeed, ...] = (
    StandardSeed(
        code=GBT34549_2017,
        title_zh="卫生洁具 智能坐便器",
        title_en="Sanitary ware—Smart toilet",
        kind="gb_recommended",
        # Published before SAMR replaced AQSIQ (2018), hence AQSIQ/SAC; not read off the cover.
        issuing_body="国家质量监督检验检疫总局、国家标准化管理委员会",
        issuing_body_en=("General Administration of Quality Supervision, Inspection and Quarantine; Standardization "
                         "Administration of China"),
        country="CN",
        status="replaced",
        published=None,
        effective=None,
        replaces=None,
        tags=(SMART_TOILET,),
        source="m.jianbiaoku.com/webarbs/book/146164 (text, definitions); cqn.com.cn 2020-10-30 "
        "(in use); chinesestandard.us/products/gbt34549-2024 (replaced by GB/T 34549-2024)",
    ),
    StandardSeed(
        code=GBT34549_2024,
        title_zh="卫生洁具 智能坐便器",
        title_en="Sanitary ware—Smart toilet",
        kind="gb_recommended",
        issuing_body="国家市场监督管理总局、国家标准化管理委员会",
        issuing_body_en="State Administration for Market Regulation; Standardization Administration of China",
        country="CN",
        status="in_force",
        published=date(2024, 4, 25),
        effective=date(2024, 11, 1),
        replaces=GBT34549_2017,
        tags=(SMART_TOILET,),
        source="chinesestandard.us/products/gbt34549-2024 (issued 2024-04-25, implemented 2024-11-01, "
        "SAMR/SAC, replacing GB/T 34549-2017); m.yzwku.com/doc/1633826.html",
    ),
    StandardSeed(
        code=JIS_A4422_2011,
        title_zh="温水洗净便座",
        # The official English title of this edition was not found (1992: "Toilet seat with shower
        # unit"; 2024: "Electrically operated spray seats"); this is a descriptive rendering.
        title_en="Warm-water washing toilet seats (温水洗浄便座)",
        kind="foreign_national",
        issuing_body="Japanese Industrial Standards Committee (JISC); Minister of Economy, Trade and Industry",
        country="JP",
        status="replaced",
        published=None,
        effective=None,
        replaces=None,
        tags=(SMART_TOILET,),
        source="kitchen.pconline.com.cn/909/9091646.html and circutorenergy.com (JIS A 4422:2011 in "
        "use 2015–2017); prtimes.jp JSA release 2024-05-20 (revised as JIS A 4422:2024)",
    ),
    StandardSeed(
        code=JIS_A4422_2024,
        title_zh="温水洗净便座",
        title_en="Electrically operated spray seats",
        kind="foreign_national",
        issuing_body="Japanese Industrial Standards Committee (JISC); Japanese Standards Association (publisher)",
        country="JP",
        status="in_force",
        published=date(2024, 5, 20),
        effective=None,
        replaces=JIS_A4422_2011,
        tags=(SMART_TOILET,),
        source="prtimes.jp/main/html/rd/p/000000244.000004052.html (JSA issued JIS A 4422:2024 "
        "'Electrically operated spray seats' on 2024-05-20); sanitary-net.com (changes to water "
        "temperature and cleaning-force values)",
    ),
    StandardSeed(
        code=IEC62947,
        title_zh="家用和类似用途电动温水洗净便座 性能测试方法 通用试验方法",
        title_en="Electrically operated spray seat for household and similar use—Methods for measuring "
        "the performance—General test methods of spray seats",
        kind="international",
        issuing_body="International Electrotechnical Commission (IEC)",
        country="",
        status="in_force",
        published=None,
        effective=None,
        replaces=None,
        tags=(SMART_TOILET,),
        source="trendy.shoply.co.jp (Japan Restroom Industry Association: IEC 62947 published 2022, "
        "developed from JIS A 4422:2011 on Japan's proposal); webdesk.jsa.or.jp news 2024-05-21",
    ),
    StandardSeed(
        code=GB38448,
        title_zh="智能坐便器能效水效限定值及等级",
        title_en="Minimum allowable values and grades of the energy efficiency and water efficiency "
        "for smart water closets",
        kind="gb_mandatory",
        issuing_body="国家市场监督管理总局、国家标准化管理委员会",
        issuing_body_en="State Administration for Market Regulation; Standardization Administration of China",
        country="CN",
        status="in_force",
        published=None,
        effective=None,
        replaces=None,
        tags=(SMART_TOILET,),
        source="bzfyw.com/standard/GB38448-2019.html (English title, scope); wi89.com (3 grades); "
        "998pdf.com/61699.html (GB 38448-2025 replaces it from 2027-04-01)",
    ),
    StandardSeed(
        code=T_CZGX_001,
        title_zh="智能坐便器",
        title_en="Smart toilet",
        kind="group",
        # Issuer inferred from the T/CZGX code, which T/CZGX 002-2025 shows belongs to this
        # association (book118 copy of that standard's cover).
        issuing_body="潮州市潮安区古巷陶瓷协会",
        country="CN",
        status="in_force",
        published=date(2022, 5, 30),
        effective=date(2022, 6, 1),
        replaces=None,
        tags=(SMART_TOILET,),
        source="ndls.org.cn/standard/detail/f4a9da5a332ce6bba9e41d68ce56ec6b (现行; issued "
        "2022-05-30, in force 2022-06-01); max.book118.com (T/CZGX issuer)",
    ),
)

INDICATORS: tuple[IndicatorSeed, ...] = (
    IndicatorSeed("cleaning_water_temperature", "清洗水温度", "Cleaning water temperature", "°C", "range"),
    IndicatorSeed("cleaning_water_flow", "清洗水流量", "Cleaning water flow rate", "mL/min", "higher_better"),
    IndicatorSeed("rear_cleaning_force", "臀部清洗力", "Rear cleaning force", "N", "higher_better"),
    IndicatorSeed("cleaning_area", "清洗面积", "Cleaning area", "mm2", "higher_better"),
    IndicatorSeed("warm_air_temperature_rise", "暖风温升", "Warm-air temperature rise over ambient", "K", "range"),
    IndicatorSeed("warm_air_volume", "暖风风量", "Warm-air volume flow", "m3/min", "higher_better"),
    IndicatorSeed("flush_water_consumption", "冲洗平均用水量", "Average flush water consumption", "L", "lower_better"),
    IndicatorSeed(
        "dual_flush_full_volume",
        "双冲全冲用水量最大限定值",
        "Dual-flush full-flush maximum volume",
        "L",
        "lower_better",
    ),
)

REQUIREMENTS: tuple[RequirementSeed, ...] = (
    RequirementSeed(JIS_A4422_2011, "cleaning_water_temperature", "", 35.0, 45.0, "°C", "", S_HENGTE),
    RequirementSeed(JIS_A4422_2011, "cleaning_water_flow", "", 200.0, None, "mL/min", "", S_HENGTE),
    RequirementSeed(JIS_A4422_2011, "rear_cleaning_force", "", 0.06, None, "N", "", S_HENGTE),
    RequirementSeed(JIS_A4422_2011, "cleaning_area", "", 80.0, None, "mm2", "", S_HENGTE),
    RequirementSeed(JIS_A4422_2011, "warm_air_temperature_rise", "", 15.0, 40.0, "K", "", S_HENGTE),
    RequirementSeed(JIS_A4422_2011, "warm_air_volume", "", 0.2, None, "m3/min", "", S_HENGTE),
    *(
        RequirementSeed(T_CZGX_001, "flush_water_consumption", grade, None, maximum, "L", "", S_CZGX)
        for grade, maximum in (("领先", 4.0), ("优等", 5.0), ("合格", 5.6))
    ),
    *(
        RequirementSeed(T_CZGX_001, "dual_flush_full_volume", grade, None, maximum, "L", "", S_CZGX)
        for grade, maximum in (("领先", 5.0), ("优等", 6.0), ("合格", 7.0))
    ),
)

# Industry division (GB/T 4754-2017): an integral smart toilet is a ceramic closet with the
# electromechanical seat built in, so 30 非金属矿物制品业 / 3072 卫生陶瓷制品制造. A stand-alone
# electric seat (智能马桶盖, GB/T 23131-2019) would instead be 38 电气机械和器材制造业 /
# 3855 家用清洁卫生电器具制造. Our reading of the classification, not an official NBS ruling.
PLANS: tuple[PlanSeed, ...] = (
    PlanSeed(
        code="PLAN-SMART-TOILET",
        title_zh="智能坐便器对标技术方案",
        title_en="Benchmarking technical plan: smart toilets",
        category_name_zh="智能坐便器",
        category_name_en="Smart toilets",
        industry_division="30",
        standards=(GBT34549_2017, JIS_A4422_2011, T_CZGX_001),
        benchmark_standards=(JIS_A4422_2011, T_CZGX_001),
        indicators=(
            "cleaning_water_temperature",
            "cleaning_water_flow",
            "rear_cleaning_force",
            "cleaning_area",
            "warm_air_temperature_rise",
            "warm_air_volume",
            "flush_water_consumption",
            "dual_flush_full_volume",
        ),
        grades=("领先", "优等", "合格"),
        note_zh="适用于 2022-06 至 2024-05 期间（GB/T 34549-2017、JIS A 4422:2011 均已被 2024 年版代替）。"
        "GB/T 34549-2017 的限值未能核实，暂未录入；清洗、暖风指标以 JIS A 4422:2011 为标杆，用水量以 "
        "T/CZGX 001-2022 分级为标杆。",
        note_en="Valid for June 2022 to May 2024 (GB/T 34549-2017 and JIS A 4422:2011 were both replaced "
        "in 2024). GB/T 34549-2017 limits could not be verified and are not seeded; cleaning and "
        "warm-air indicators are benchmarked on JIS A 4422:2011, water use on T/CZGX 001-2022 grades.",
    ),
)

COMPARISONS: tuple[ComparisonSeed, ...] = (
    ComparisonSeed(
        standard_a=GBT34549_2017,
        standard_b=JIS_A4422_2011,
        title_zh="GB/T 34549-2017 与 JIS A 4422:2011 比对（智能坐便器）",
        title_en="GB/T 34549-2017 vs JIS A 4422:2011 (smart toilets)",
        kind="comparison",
        items=(
            ComparisonItemSeed(
                "flush_water_consumption",
                "no_counterpart",
                "GB/T 34549 覆盖整只智能坐便器（含陶瓷便器冲洗用水量条款，见 2024 版前言对 2017 版“便器用水量”的"
                "修改说明）；JIS A 4422 只规定温水洗净便座本身，不含便器冲洗。",
                "GB/T 34549 covers the whole smart toilet, bowl flushing included (the 2024 foreword "
                "lists a change to the 2017 edition's water-consumption clause); JIS A 4422 covers the "
                "spray seat only.",
                source="m.yzwku.com/doc/1633826.html (GB/T 34549-2024 foreword); ngfr.net JIS A 4422 "
                "scope; prtimes.jp (JIS A 4422:2024 scope)",
            ),
        ),
        conclusion_zh="范围不同：GB/T 34549 面向整机（陶瓷便器+智能盖板），JIS A 4422 仅面向便座。GB/T 34549-2017 "
        "的性能限值未能核实，未作逐项比对。参考：中国建筑卫生陶瓷协会《智能坐便器》协会标准（2016）与 JIS "
        "A 4422 的对比表显示，协会标准清洗水温 35–42 ℃ 严于 JIS 的 35–45 ℃，暖风温升亦更严，清洗水流量"
        "（≥200 mL/min）与清洗力（≥0.06 N，≥80 mm²）相同。",
        conclusion_en="Different scopes: GB/T 34549 covers the complete toilet (ceramic bowl and smart "
        "seat), JIS A 4422 the seat only. GB/T 34549-2017 limits could not be verified, so no "
        "indicator-by-indicator relations are recorded. For reference, the CBCSA association standard "
        "(2016) compared with JIS A 4422 was stricter on cleaning-water temperature (35–42 ℃ vs "
        "35–45 ℃) and warm-air temperature rise, and equal on flow (≥200 mL/min) and cleaning force "
        "(≥0.06 N over ≥80 mm²).",
        recognitions=(),
        source=S_HENGTE,
    ),
)
