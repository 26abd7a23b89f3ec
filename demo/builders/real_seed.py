"""Load the cited seed data (``standards.seed_data``) into the library and publish its plans.

Upserts on natural keys — standard code, indicator key, (standard, indicator, grade, condition),
(standard A, standard B, kind), plan code, (industry, category name) — so running it again
changes nothing. A seed plan's version is rebuilt only while no result points at it; a cited
comparison is published when first loaded, with its first event, and keeps the status the office
gives it afterwards.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction

from benchmarking.models import Industry, ProductCategory
from core.models import ReviewStatus
from plans.models import (
    PlanAuthorKind,
    PlanEvent,
    PlanIndicator,
    PlanRequirement,
    PlanStandard,
    PlanVersion,
    TechnicalPlan,
)
from standards import seed_data
from standards.models import (
    Comparison,
    ComparisonEvent,
    ComparisonItem,
    ComparisonStatus,
    Indicator,
    Recognition,
    Requirement,
    Standard,
    StandardTag,
)

from .writer import seeded_timestamps

SHANGHAI = ZoneInfo("Asia/Shanghai")

# The ten classes of anti-epidemic products (防疫物资) the library is organised by; the first three
# are the seed's own tags.
EPIDEMIC_CLASSES: tuple[tuple[str, str, str], ...] = (
    ("medical-mask", "医用口罩", "Medical face masks"),
    ("respirator", "颗粒物防护口罩", "Particulate respirators"),
    ("daily-mask", "日常防护型口罩", "Daily protective masks"),
    ("protective-clothing", "医用防护服", "Medical protective clothing"),
    ("goggles", "护目镜", "Protective goggles"),
    ("medical-gloves", "医用手套", "Medical gloves"),
    ("ventilator", "呼吸机", "Ventilators"),
    ("patient-monitor", "监护仪", "Patient monitors"),
    ("infrared-thermometer", "红外体温计", "Infrared thermometers"),
    ("disinfectant", "消毒剂", "Disinfectants"),
)
EPIDEMIC_GROUP = "epidemic"
OTHER_TAG_NAMES = {"product:smart-toilet": ("智能坐便器", "Smart toilets")}
SEED_PLAN_BODY = "百千万行动办公室"


@dataclass(frozen=True)
class SeedPlan:
    version_id: int
    category_id: int
    division: str
    category_name: str


def upsert_tags() -> dict[str, StandardTag]:
    """Every tag the seed uses plus the ten epidemic classes, keyed 'group:slug'."""
    wanted = {f"{EPIDEMIC_GROUP}:{slug}": (zh, en) for slug, zh, en in EPIDEMIC_CLASSES}
    wanted.update(OTHER_TAG_NAMES)
    for standard in seed_data.ALL_STANDARDS:
        for tag in standard.tags:
            wanted.setdefault(tag, (tag.partition(":")[2], ""))
    tags = {}
    for full, (name_zh, name_en) in wanted.items():
        group, _, slug = full.partition(":")
        tags[full], _created = StandardTag.objects.update_or_create(
            slug=slug, defaults={"group": group, "name_zh": name_zh, "name_en": name_en}
        )
    return tags


def load_real_seed() -> list[SeedPlan]:
    with transaction.atomic(), seeded_timestamps():
        return _load()


def _load() -> list[SeedPlan]:
    seed_data.validate()  # refuse to write anything from data that does not hold together
    tags = upsert_tags()
    standards = _upsert_standards(tags)
    indicators = {}
    for seed in seed_data.ALL_INDICATORS:
        indicators[seed.key], _created = Indicator.objects.update_or_create(
            key=seed.key,
            defaults={"name_zh": seed.name_zh, "name_en": seed.name_en, "unit": seed.unit, "direction": seed.direction,
                      # The seed does not say; a temperature rise (温升) is a difference by definition.
                      "is_difference": seed.key.endswith("_rise")},
        )
    for seed in seed_data.ALL_REQUIREMENTS:
        Requirement.objects.update_or_create(
            standard=standards[seed.standard_code], indicator=indicators[seed.indicator_key], grade=seed.grade,
            condition=seed.condition,
            defaults={"minimum": seed.minimum, "maximum": seed.maximum, "unit": seed.unit, "source": seed.source,
                      "condition_en": seed.condition_en},
        )
    _upsert_comparisons(standards, indicators)
    return [_upsert_plan(seed, standards, indicators) for seed in seed_data.ALL_PLANS]


def _upsert_standards(tags: dict[str, StandardTag]) -> dict[str, Standard]:
    standards = {}
    for seed in seed_data.ALL_STANDARDS:
        standard, _created = Standard.objects.update_or_create(
            code=seed.code,
            defaults={
                "title_zh": seed.title_zh, "title_en": seed.title_en, "kind": seed.kind,
                "issuing_body": seed.issuing_body, "issuing_body_en": seed.issuing_body_en, "country": seed.country,
                "status": seed.status, "published_on": seed.published, "effective_on": seed.effective,
                "source": seed.source[:300], "data_note_zh": seed.note_zh, "data_note_en": seed.note_en,
            },
        )
        standard.tags.set([tags[tag] for tag in seed.tags])
        standards[seed.code] = standard
    for seed in seed_data.ALL_STANDARDS:
        older = standards.get(seed.replaces or "")
        if older is not None and older.replaced_by_id != standards[seed.code].pk:
            Standard.objects.filter(pk=older.pk).update(replaced_by=standards[seed.code])
    return standards


def _upsert_comparisons(standards: dict[str, Standard], indicators: dict[str, Indicator]) -> None:
    first_events = []
    for seed in seed_data.ALL_COMPARISONS:
        dates = [r.date for r in seed.recognitions if r.date]
        content = {
            "title_zh": seed.title_zh, "title_en": seed.title_en, "conclusion_zh": seed.conclusion_zh,
            "conclusion_en": seed.conclusion_en, "published_on": max(dates) if dates else dt.date(2021, 3, 1),
        }
        # A cited comparison is published when first loaded; afterwards its status is the office's
        # to change (COMPARISON_WORKFLOW): loading again never publishes a withdrawn one.
        comparison, _created = Comparison.objects.update_or_create(
            standard_a=standards[seed.standard_a], standard_b=standards[seed.standard_b], kind=seed.kind,
            defaults=content, create_defaults={**content, "status": ComparisonStatus.PUBLISHED},
        )
        if not comparison.events.exists():
            # The first event COMPARISON_WORKFLOW.record_created writes, dated from the seed like
            # every timestamp here (record_created leaves the time to auto_now_add, off while seeding).
            first_events.append(ComparisonEvent(
                comparison=comparison, actor_name=SEED_PLAN_BODY, from_status="", to_status=comparison.status,
                created_at=dt.datetime.combine(comparison.published_on, dt.time(10, 0), tzinfo=SHANGHAI),
            ))
        # Items and recognitions have no natural key of their own: replace them as a whole.
        comparison.items.all().delete()
        ComparisonItem.objects.bulk_create(
            ComparisonItem(
                comparison=comparison, indicator=indicators[item.indicator_key],
                label_zh=indicators[item.indicator_key].name_zh, label_en=indicators[item.indicator_key].name_en,
                relation=item.relation, note_zh=item.note_zh, note_en=item.note_en, position=position,
            )
            for position, item in enumerate(seed.items)
        )
        comparison.recognitions.all().delete()
        Recognition.objects.bulk_create(
            Recognition(comparison=comparison, authority=r.authority, country=r.country, recognized_on=r.date,
                        note=r.note, source=r.source)
            for r in seed.recognitions
        )
    ComparisonEvent.objects.bulk_create(first_events)


def _grade_for(plan: seed_data.PlanSeed, code: str) -> str:
    """The first of the plan's grades that the standard sets limits for ('' if it has none)."""
    graded = {r.grade for r in seed_data.ALL_REQUIREMENTS
              if r.standard_code == code and r.indicator_key in plan.indicators}
    return next((grade for grade in plan.grades if grade in graded), "")


def _upsert_plan(seed, standards, indicators) -> SeedPlan:
    industry = Industry.objects.get(code=seed.industry_division)
    category = ProductCategory.objects.filter(industry=industry, name_zh=seed.category_name_zh).first()
    if category is None:
        taken = set(ProductCategory.objects.filter(code__startswith=f"{industry.parent_id}{industry.code}.S")
                    .values_list("code", flat=True))
        number = 1
        while f"{industry.parent_id}{industry.code}.S{number:03d}" in taken:
            number += 1
        category = ProductCategory.objects.create(
            code=f"{industry.parent_id}{industry.code}.S{number:03d}", name_zh=seed.category_name_zh,
            name_en=seed.category_name_en, industry=industry,
        )
    # Dated from its standards, never from the clock: a month after the last one took effect.
    effective = [standards[c].effective_on for c in seed.standards if standards[c].effective_on]
    published_day = max([dt.date(2021, 3, 1), *effective]) + dt.timedelta(days=14)
    published_at = dt.datetime.combine(published_day, dt.time(10, 0), tzinfo=SHANGHAI)
    submitted_at = published_at - dt.timedelta(days=7)
    created_at = published_at - dt.timedelta(days=30)
    plan, _created = TechnicalPlan.objects.update_or_create(
        code=seed.code,
        defaults={"title_zh": seed.title_zh, "title_en": seed.title_en, "category": category,
                  "author_kind": PlanAuthorKind.INDUSTRY, "drafting_body": SEED_PLAN_BODY,
                  "created_at": created_at},
    )
    version, _created = PlanVersion.objects.update_or_create(
        plan=plan, number=1,
        defaults={"status": ReviewStatus.PUBLISHED, "published_at": published_at, "submitted_at": submitted_at,
                  "created_at": created_at, "notes": seed.note_zh},
    )
    if not version.results.exists():
        version.standards.all().delete()  # cascades to the requirements
        version.indicators.all().delete()
        _fill_version(version, seed, standards, indicators)
    if not version.events.exists():
        PlanEvent.objects.bulk_create([
            PlanEvent(version=version, actor_name=SEED_PLAN_BODY, from_status=ReviewStatus.DRAFT,
                      to_status=ReviewStatus.SUBMITTED, created_at=submitted_at),
            PlanEvent(version=version, actor_name=SEED_PLAN_BODY, from_status=ReviewStatus.SUBMITTED,
                      to_status=ReviewStatus.PUBLISHED, created_at=published_at),
        ])
    return SeedPlan(version.pk, category.pk, industry.code, category.name_zh)


def _fill_version(version, seed, standards, indicators) -> None:
    plan_standards = {}
    for position, code in enumerate(seed.standards):
        plan_standards[code] = PlanStandard.objects.create(
            version=version, standard=standards[code], grade=_grade_for(seed, code),
            is_benchmark=code in seed.benchmark_standards, position=position,
        )
    for position, key in enumerate(seed.indicators):
        indicator = indicators[key]
        plan_indicator = PlanIndicator.objects.create(
            version=version, indicator=indicator, unit=indicator.unit, direction=indicator.direction,
            is_difference=indicator.is_difference, position=position,
        )
        for code, plan_standard in plan_standards.items():
            chosen: dict[str, seed_data.RequirementSeed] = {}
            for requirement in seed_data.ALL_REQUIREMENTS:
                if requirement.standard_code != code or requirement.indicator_key != key:
                    continue
                if requirement.grade == plan_standard.grade:
                    chosen[requirement.condition] = requirement  # the grade's own limit wins
                elif requirement.grade == "":
                    chosen.setdefault(requirement.condition, requirement)
            PlanRequirement.objects.bulk_create(
                PlanRequirement(
                    version=version, plan_standard=plan_standard, plan_indicator=plan_indicator,
                    minimum=r.minimum, maximum=r.maximum, unit=r.unit, condition=r.condition,
                    condition_en=r.condition_en,
                )
                for r in chosen.values()
            )
