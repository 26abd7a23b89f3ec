"""The world the public-page tests look at: import the ``world`` fixture from here.

Two provinces (广东省 with 深圳市 and 广州市 as pilot cities, and the municipality 北京市), a
respirator library (GB 2626-2019, EN 149, ASTM F2100, ISO 16900-1, the replaced GB 2626-2006),
two published plans (an industry mask plan, an enterprise toilet plan), published results in three
cities, comparisons, translations, two accredited institutions and three activities.
"""

import datetime as dt

import pytest

from benchmarking.models import ActivityKind
from plans.models import PlanAuthorKind
from results.indicator_values import IndicatorValue
from results.models import BenchmarkResult
from standards.models import ComparisonKind, StandardKind, StandardStatus
from tests import factories
from tests import public_scene as scene
from thirdparty.models import CertificateKind, ServiceKind
from verdict import Direction, Level, Relation


@pytest.fixture
def world(regions, enterprise_a, enterprise_b):
    bj = scene.beijing()
    electrical = factories.manufacturing_division("38", "电气机械和器材制造业")
    enterprise_c = factories.EnterpriseFactory(name="北京丙卫浴科技有限公司", region=bj["chaoyang"],
                                               industry=electrical)

    respirator = scene.tag("respirator", "呼吸防护用品", "Particulate respirators")
    medical_mask = scene.tag("medical-mask", "医用口罩", "Medical face masks")
    gb2626 = scene.standard("GB 2626-2019", title="呼吸防护 自吸过滤式防颗粒物呼吸器", kind=StandardKind.GB_MANDATORY,
                            body="国家市场监督管理总局", tags=[respirator], published_on=dt.date(2019, 12, 31),
                            title_en="Respiratory protection — Non-powered air-purifying particle respirator")
    old = scene.standard("GB 2626-2006", title="呼吸防护用品 自吸过滤式防颗粒物呼吸器", kind=StandardKind.GB_MANDATORY,
                         status=StandardStatus.REPLACED, replaced_by=gb2626, published_on=dt.date(2006, 5, 1),
                         withdrawn_on=dt.date(2020, 7, 1))
    en149 = scene.standard("EN 149:2001+A1:2009", title="呼吸防护装置 防颗粒物过滤式半面罩", kind=StandardKind.REGIONAL,
                           country="EU", body="European Committee for Standardization (CEN)", tags=[respirator],
                           published_on=dt.date(2009, 8, 1))
    astm = scene.standard("ASTM F2100-21", title="医用口罩材料性能标准规范", kind=StandardKind.FOREIGN_NATIONAL,
                          country="US", body="ASTM International", tags=[medical_mask],
                          published_on=dt.date(2021, 3, 1))
    iso = scene.standard("ISO 16900-1:2014", title="呼吸防护装置 试验方法 第1部分", kind=StandardKind.INTERNATIONAL,
                         country="", body="International Organization for Standardization (ISO)")
    filtration = factories.IndicatorFactory(key="filtration", name_zh="过滤效率", name_en="Filtration efficiency",
                                            unit="%")
    inhalation = factories.IndicatorFactory(key="inhalation", name_zh="吸气阻力", name_en="Inhalation resistance",
                                            unit="Pa", direction=Direction.LOWER_BETTER)
    scene.requirement(gb2626, filtration, minimum=95, unit="%", grade="KN95", condition="85 L/min")
    scene.requirement(gb2626, inhalation, maximum=350, unit="Pa", grade="KN95", condition="85 L/min")

    mask = scene.category("日常防护型口罩", code="PC-17-001", name_en="Daily protective masks")
    toilet = factories.ProductCategoryFactory(code="PC-38-001", name_zh="智能坐便器", name_en="Smart toilets",
                                              industry=electrical)
    mask_plan = scene.plan_version(
        title="日常防护型口罩对标技术方案", category=mask, measures="提高熔喷布克重。",
        standards=[
            (gb2626, False, {filtration: (95, None, "%", "85 L/min"), inhalation: (None, 350, "Pa", "85 L/min")}),
            (en149, True, {filtration: (94, None, "%", "95 L/min"), inhalation: (None, 2.4, "mbar", "95 L/min")}),
        ],
    )
    toilet_plan = scene.plan_version(
        title="智能坐便器企业对标方案", category=toilet, author_kind=PlanAuthorKind.ENTERPRISE, enterprise=enterprise_c,
        standards=[(iso, True, {filtration: (90, None, "%", "")})], published_days_ago=10,
    )
    now = dt.datetime(2024, 5, 1, 10, 0, tzinfo=dt.UTC)
    results = {
        "mask_leading": scene.result(mask_plan, enterprise_a, name="KN95 防护口罩 甲一", level=Level.LEADING,
                                     brand="甲牌", model="JA-1", published_at=now - dt.timedelta(days=3)),
        "mask_attained": scene.result(mask_plan, enterprise_b, name="KN95 防护口罩 乙二", level=Level.ATTAINED,
                                      published_at=now - dt.timedelta(days=2)),
        "toilet": scene.result(toilet_plan, enterprise_c, name="智能马桶 丙三", level=Level.NOT_ATTAINED,
                               published_at=now - dt.timedelta(days=1)),
    }

    BenchmarkResult.objects.filter(pk=results["mask_leading"].pk).update(values=[
        IndicatorValue(mask_plan.indicators.get(indicator=filtration).pk, tested_value=96.5, unit="%"),
        IndicatorValue(mask_plan.indicators.get(indicator=inhalation).pk, tested_value=210, unit="Pa"),
    ])

    comparison = scene.comparison(
        gb2626, en149, title="GB 2626-2019 与 EN 149 比对（KN95 与 FFP2）", conclusion="两者总体相当。",
        items=[("过滤效率", Relation.STRICTER, "KN95 ≥95 %"), ("总泄漏率", Relation.EQUAL, ""),
               ("吸气阻力", Relation.LOOSER, "EN 149 更严")],
        recognitions=[("法国经济和财政部", "FR")],
    )
    equivalence = scene.comparison(gb2626, astm, title="GB 2626-2019 与 ASTM F2100 等效评估",
                                   kind=ComparisonKind.EQUIVALENCE, published_on=dt.date(2022, 1, 1))
    translations = {
        "en": scene.translation(gb2626, language="en", batch="2020年第一批", country="ET"),
        "fr": scene.translation(en149, language="fr", batch="2021年第二批", country="FR"),
    }

    lab = scene.institution(
        "深圳市口罩检测研究院", region=regions["nanshan"], services=[(mask, ServiceKind.PRODUCT_TESTING)],
        certificates=[(CertificateKind.CNAS, "L12345", "口罩过滤效率检测", dt.date(2030, 12, 31))],
        website="https://lab.example.cn", description="口罩与呼吸器检测。",
    )
    association = scene.institution(
        "广州市卫浴行业协会", region=regions["guangzhou"], kind="association",
        services=[(toilet, ServiceKind.PLAN_DRAFTING)],
    )
    activities = {
        "meeting": scene.activity("深圳市对标达标动员会", region=regions["shenzhen"], held_on=dt.date(2021, 6, 1),
                                  attendances=300),
        "training": scene.activity("全国对标达标线上培训", kind=ActivityKind.TRAINING, held_on=dt.date(2022, 3, 1),
                                   attendances=5000),
        "article": scene.activity("广州企业对标提升纪实", kind=ActivityKind.ARTICLE, region=regions["tianhe"],
                                  held_on=dt.date(2023, 1, 10)),
    }
    return {
        **regions, **bj, "enterprise_a": enterprise_a, "enterprise_b": enterprise_b, "enterprise_c": enterprise_c,
        "gb2626": gb2626, "old": old, "en149": en149, "astm": astm, "iso": iso, "filtration": filtration,
        "mask": mask, "toilet": toilet, "mask_plan": mask_plan, "toilet_plan": toilet_plan, "results": results,
        "comparison": comparison, "equivalence": equivalence, "translations": translations,
        "lab": lab, "association": association, "activities": activities, "respirator": respirator,
    }
