"""The one builder of published and otherwise reviewed rows in the tests (the other way to have
them is the workflow services).

Use it to set the stage for what reads published rows: the public pages, the open API and its
exports, dashboards, keyset pagination and query counts over many rows. It writes the rows
directly, fast, in whatever state is asked for, with their dates in the past (a plan published
30 days ago, comparisons made public in 2021; a result's publication time is the caller's, now by
default), and leaves no event, audit or statistics rows: the pages under test only read states.
``results`` writes many results in one INSERT, for the lists that must be walked page by page.

Do not use it where a transition is under test (submit, return, approve, publish, withdraw,
supersede, accredit) or what a transition leaves behind (event and audit rows, statistics
deltas, notifications, fresh public pages): those go through the services (``plans.services``,
``results.services``, ``standards.services``, ``thirdparty.services``; ``tests.helpers.make_results``
publishes results that way). A row built here may still be the fixed ground of such a test: the
published plan a result is reported against, the accredited institution whose certificates run out.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

from django.utils import timezone

from benchmarking.models import Activity, ActivityKind, ProductCategory, Region
from core.models import ReviewStatus
from plans.models import PlanAuthorKind, PlanIndicator, PlanRequirement, PlanStandard, PlanVersion, TechnicalPlan
from results.indicator_values import IndicatorValue
from results.models import BenchmarkResult
from standards.models import (
    Comparison,
    ComparisonItem,
    ComparisonKind,
    ComparisonStatus,
    Recognition,
    Relation,
    Requirement,
    Standard,
    StandardKind,
    StandardTag,
    Translation,
    TranslationStatus,
)
from tests import factories
from thirdparty.models import AccreditationStatus, Certificate, Institution, InstitutionService, ServiceKind
from verdict import Level

_serial = itertools.count(1)


def beijing() -> dict[str, Region]:
    """北京市: a municipality is a province and the campaign's city at once; 朝阳区 in it."""
    province = factories.region("110000", "北京市", "province", taking_part_since="2021-05-01",
                                pilot_since="2022-01-01", name_en="Beijing")
    province.city = province
    province.save()
    chaoyang = factories.region("110105", "朝阳区", "county", province)
    chaoyang.city = province
    chaoyang.save()
    return {"beijing": province, "chaoyang": chaoyang}


def category(name: str, code: str | None = None, name_en: str = "") -> ProductCategory:
    """A product category; one of that ``code`` already made (the respirator library's) is reused."""
    if code and (made := ProductCategory.objects.filter(code=code).first()):
        return made
    return factories.ProductCategoryFactory(
        code=code or f"PC-T{next(_serial):04d}", name_zh=name, name_en=name_en
    )


def plan_version(*, title: str, category: ProductCategory, status: str = ReviewStatus.PUBLISHED,
                 author_kind: str = PlanAuthorKind.INDUSTRY, enterprise=None, number: int = 1,
                 plan: TechnicalPlan | None = None, standards=(), published_days_ago: int = 30,
                 measures: str = "", indicator_order=()) -> PlanVersion:
    """A plan version in ``status``; ``standards`` are (Standard, is_benchmark, {Indicator: (min, max, unit,
    condition)}) triples making its compared standards, indicators and requirements. The indicators come
    in ``indicator_order`` first, then as the standards first name them."""
    if plan is None:
        plan = TechnicalPlan.objects.create(
            code=f"TP-T{next(_serial):05d}", title_zh=title, category=category, author_kind=author_kind,
            drafting_body=enterprise.name if enterprise else "全国个体防护装备标准化技术委员会",
            enterprise=enterprise, city=enterprise.city if enterprise else None,
        )
    published = status in (ReviewStatus.PUBLISHED, ReviewStatus.SUPERSEDED)
    version = PlanVersion.objects.create(
        plan=plan, number=number, status=status, improvement_measures=measures,
        published_at=timezone.now() - dt.timedelta(days=published_days_ago) if published else None,
    )
    indicators: dict = {}

    def plan_indicator(indicator) -> PlanIndicator:
        if indicator.pk not in indicators:
            indicators[indicator.pk] = PlanIndicator.objects.create(
                version=version, indicator=indicator, unit=indicator.unit, direction=indicator.direction,
                position=len(indicators),
            )
        return indicators[indicator.pk]

    for indicator in indicator_order:
        plan_indicator(indicator)
    for position, (standard, benchmark, limits) in enumerate(standards):
        plan_standard = PlanStandard.objects.create(
            version=version, standard=standard, is_benchmark=benchmark, position=position
        )
        for indicator, (minimum, maximum, unit, condition) in limits.items():
            PlanRequirement.objects.create(
                version=version, plan_standard=plan_standard, plan_indicator=plan_indicator(indicator),
                minimum=minimum, maximum=maximum, unit=unit, condition=condition,
            )
    return version


def published_plan(*, category: ProductCategory | None = None, indicators=(), standards=()) -> PlanVersion:
    """An industry plan published 30 days ago, written indicator by indicator: ``standards`` are
    (Standard, is_benchmark) pairs and ``indicators`` (Indicator, {standard code: (minimum, maximum, unit,
    condition)}) pairs, in the plan's order."""
    category = category or factories.ProductCategoryFactory()
    limits: dict[str, dict] = {standard.code: {} for standard, _benchmark in standards}
    for indicator, by_code in indicators:
        for code, limit in by_code.items():
            limits[code][indicator] = limit
    return plan_version(
        title=f"{category.name_zh}对标技术方案", category=category,
        standards=[(standard, benchmark, limits[standard.code]) for standard, benchmark in standards],
        indicator_order=[indicator for indicator, _limits in indicators],
    )


def respirator_plan(library: dict, *, flame: bool = False, plan: TechnicalPlan | None = None,
                    number: int = 1) -> PlanVersion:
    """The published industry plan of ``library`` (``tests.factories.respirator_library``) for its
    category: GB 2626-2019 the reference, EN 149 the benchmark; filtration (≥ 95 % at 85 L/min, ≥ 94 %
    at 95 L/min) and inhalation resistance (≤ 350 Pa at 85 L/min, ≤ 2.4 mbar at 95 L/min); with
    ``flame``, EN 149's pass/fail flammability test as well. With ``plan``: its version ``number``."""
    filtration, inhalation = library["filtration"], library["inhalation"]
    gb_limits = {filtration: (95, None, "%", "85 L/min"), inhalation: (None, 350, "Pa", "85 L/min")}
    en_limits = {filtration: (94, None, "%", "95 L/min"), inhalation: (None, 2.4, "mbar", "95 L/min")}
    if flame:
        en_limits[library["flame"]] = (None, None, "", "")
    return plan_version(
        title=f"{library['category'].name_zh}对标技术方案", category=library["category"], plan=plan, number=number,
        standards=[(library["gb"], False, gb_limits), (library["en"], True, en_limits)],
    )


def result(version: PlanVersion, enterprise, *, name: str, status: str = ReviewStatus.PUBLISHED,
           level: str = Level.ATTAINED, published_at=None, brand: str = "", model: str = "",
           values: Sequence[IndicatorValue] = ()) -> BenchmarkResult:
    published = status in (ReviewStatus.PUBLISHED, ReviewStatus.WITHDRAWN)
    return BenchmarkResult.objects.create(
        enterprise=enterprise, plan_version=version, category=version.plan.category, industry=enterprise.industry,
        city=enterprise.city, province=enterprise.province, product_name=name, brand=brand, model=model,
        status=status, level=level if published else "",
        published_at=(published_at or timezone.now()) if published else None, values=values,
    )


def results(version: PlanVersion, enterprises, count: int, *, status: str = ReviewStatus.PUBLISHED,
            level: str = Level.ATTAINED, published_at=None, name=lambda n: f"口罩 {n}", brand: str = "",
            model=lambda n: "") -> list[BenchmarkResult]:
    """``count`` results of ``version`` in one INSERT, the ``enterprises`` taking turns; ``name`` and
    ``model`` give the n-th row's product name and model. Published ones share one ``published_at``
    (now by default), as the rows of one import do."""
    published = status in (ReviewStatus.PUBLISHED, ReviewStatus.WITHDRAWN)
    at = (published_at or timezone.now()) if published else None
    return BenchmarkResult.objects.bulk_create([
        BenchmarkResult(
            enterprise=enterprise, plan_version=version, category=version.plan.category, industry=enterprise.industry,
            city=enterprise.city, province=enterprise.province, product_name=name(n), brand=brand, model=model(n),
            status=status, level=level if published else "", published_at=at,
        )
        for n in range(count)
        for enterprise in [enterprises[n % len(enterprises)]]
    ])


def standard(code: str, *, title: str, kind: str = StandardKind.GB_RECOMMENDED, country: str = "CN",
             body: str = "", tags=(), **extra) -> Standard:
    made = Standard.objects.create(code=code, title_zh=title, kind=kind, country=country, issuing_body=body, **extra)
    if tags:
        made.tags.set(tags)
    return made


def tag(slug: str, name: str, name_en: str = "", group: str = "epidemic") -> StandardTag:
    return StandardTag.objects.get_or_create(slug=slug, defaults={"group": group, "name_zh": name,
                                                                  "name_en": name_en})[0]


def requirement(standard_obj: Standard, indicator, *, minimum=None, maximum=None, unit="", grade="",
                condition="") -> Requirement:
    return Requirement.objects.create(standard=standard_obj, indicator=indicator, minimum=minimum, maximum=maximum,
                                      unit=unit, grade=grade, condition=condition)


def comparison(a: Standard, b: Standard, *, title: str, status: str = ComparisonStatus.PUBLISHED,
               kind: str = ComparisonKind.COMPARISON, conclusion: str = "总体相当。", items=(),
               recognitions=(), published_on: dt.date | None = None) -> Comparison:
    """A comparison in ``status``; a published or withdrawn one was made public on ``published_on``."""
    was_public = status in (ComparisonStatus.PUBLISHED, ComparisonStatus.WITHDRAWN)
    made = Comparison.objects.create(
        standard_a=a, standard_b=b, kind=kind, title_zh=title, conclusion_zh=conclusion, status=status,
        published_on=(published_on or dt.date(2021, 3, 1)) if was_public else None,
    )
    for position, (label, relation, note) in enumerate(items):
        ComparisonItem.objects.create(comparison=made, label_zh=label, relation=relation, note_zh=note,
                                      position=position)
    for authority, country in recognitions:
        Recognition.objects.create(comparison=made, authority=authority, country=country,
                                   recognized_on=dt.date(2020, 4, 20))
    return made


def translation(standard_obj: Standard, *, language: str = "en", batch: str = "2020年第一批",
                status: str = TranslationStatus.PUBLISHED, country: str = "") -> Translation:
    return Translation.objects.create(
        standard=standard_obj, language=language, batch=batch, status=status, requested_by_country=country,
        published_on=dt.date(2021, 6, 1) if status == TranslationStatus.PUBLISHED else None,
    )


def institution(name: str, *, region: Region | None = None, status: str = AccreditationStatus.ACCREDITED,
                kind: str = "testing_lab", services=(), certificates=(), **extra) -> Institution:
    """An institution in ``status`` (in 深圳市 unless ``region`` says otherwise), accredited now if it is;
    ``services`` are (ProductCategory, ServiceKind) pairs, ``certificates`` (kind, number, scope,
    valid_until) quadruples."""
    if region is not None:
        extra.update(region=region, province=region.province)
    made = factories.InstitutionFactory(
        name=name, kind=kind, status=status,
        accredited_at=timezone.now() if status == AccreditationStatus.ACCREDITED else None, **extra,
    )
    for category_obj, service in services:
        InstitutionService.objects.create(institution=made, category=category_obj, service=service)
    for kind_, number, scope, valid_until in certificates:
        Certificate.objects.create(institution=made, kind=kind_, number=number, scope=scope, valid_until=valid_until)
    return made


def activity(title: str, *, kind: str = ActivityKind.MEETING, region: Region | None = None,
             held_on: dt.date = dt.date(2021, 6, 1), attendances: int = 0) -> Activity:
    return Activity.objects.create(
        kind=kind, title_zh=title, region=region, held_on=held_on,
        attendances=0 if kind == ActivityKind.ARTICLE else attendances,
    )


__all__ = [
    "Level", "Relation", "ServiceKind", "activity", "beijing", "category", "comparison", "institution",
    "plan_version", "published_plan", "requirement", "respirator_plan", "result", "results", "standard", "tag",
    "translation",
]
