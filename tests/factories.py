"""factory-boy factories for every noun; the personas in conftest.py are built from these."""

import datetime as dt

import factory
from django.utils import timezone
from stdnum.cn import uscc as uscc_module

from accounts.models import Role, User
from benchmarking.models import Industry, ProductCategory, Region
from companies.models import Enterprise
from core.models import ReviewStatus
from plans.models import PlanAuthorKind, PlanIndicator, PlanRequirement, PlanStandard, PlanVersion, TechnicalPlan
from standards import services as standard_services
from standards.models import Comparison, ComparisonKind, Indicator, Standard, StandardKind, Translation
from thirdparty.models import AccreditationStatus, Institution, InstitutionKind
from verdict import Direction


def make_uscc(serial: int, region_code: str = "440300") -> str:
    body = f"91{region_code}{serial:09d}"[:17]
    return body + uscc_module.calc_check_digit(body)


def region(code: str, name: str, level: str, parent: Region | None = None, **extra) -> Region:
    province = parent.province if parent and parent.province_id else parent
    if level == "province":
        province = None
    obj, _ = Region.objects.update_or_create(
        code=code, defaults={"name": name, "level": level, "parent": parent, **extra}
    )
    obj.province = province or obj
    obj.city = obj if level == "prefecture" else (parent.city if parent and parent.city_id else None)
    obj.save()
    return obj


class IndustryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Industry
        django_get_or_create = ("code",)

    code = "C"
    name_zh = "制造业"
    level = "section"
    sector = 2


def manufacturing_division(code: str = "17", name: str = "纺织业") -> Industry:
    section = IndustryFactory()
    return IndustryFactory(code=code, name_zh=name, level="division", parent=section, sector=2)


class ProductCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductCategory

    code = factory.Sequence(lambda n: f"PC{n:05d}")
    name_zh = factory.Sequence(lambda n: f"产品类别{n}")
    industry = factory.LazyFunction(manufacturing_division)


class StandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Standard
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"GB/T {10000 + n}-2020")
    kind = StandardKind.GB_RECOMMENDED
    title_zh = factory.Sequence(lambda n: f"标准{n}")


class ComparisonFactory(factory.django.DjangoModelFactory):
    """A draft comparison, created as the admin creates one (audited, with its first event)."""

    class Meta:
        model = Comparison

    standard_a = factory.SubFactory(StandardFactory)
    standard_b = factory.SubFactory(StandardFactory)
    kind = ComparisonKind.COMPARISON
    title_zh = factory.LazyAttribute(lambda o: f"{o.standard_a.code} 与 {o.standard_b.code} 比对")
    conclusion_zh = "总体相当。"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return standard_services.comparison_create(actor=None, instance=model_class(*args, **kwargs))


class TranslationFactory(factory.django.DjangoModelFactory):
    """A planned foreign-language version, created as the admin creates one."""

    class Meta:
        model = Translation

    standard = factory.SubFactory(StandardFactory)
    language = "en"
    batch = "2020年第一批"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return standard_services.translation_create(actor=None, instance=model_class(*args, **kwargs))


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"indicator-{n}")
    name_zh = factory.Sequence(lambda n: f"指标{n}")
    unit = "%"
    direction = Direction.HIGHER_BETTER


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    uscc = factory.Sequence(lambda n: make_uscc(n + 1))
    name = factory.Sequence(lambda n: f"示例制造有限公司{n}")
    region = factory.LazyAttribute(lambda o: Region.objects.get(code="440305"))
    city = factory.LazyAttribute(lambda o: o.region.city)
    province = factory.LazyAttribute(lambda o: o.region.province)
    industry = factory.LazyFunction(manufacturing_division)
    contact_name = "张三"
    contact_phone = "0755-12345678"
    contact_email = factory.Sequence(lambda n: f"contact{n}@example.cn")


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    uscc = factory.Sequence(lambda n: make_uscc(900_000 + n, "110000"))
    name = factory.Sequence(lambda n: f"检验检测研究院{n}")
    kind = InstitutionKind.TESTING_LAB
    region = factory.LazyAttribute(lambda o: Region.objects.get(code="440300"))
    province = factory.LazyAttribute(lambda o: o.region.province)
    status = AccreditationStatus.ACCREDITED
    accredited_at = factory.LazyFunction(timezone.now)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.cn")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def persist(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def published_plan(*, category: ProductCategory | None = None, indicators=(), standards=()) -> PlanVersion:
    """A published industry plan version. ``standards`` are (Standard, is_benchmark) pairs and
    ``indicators`` (Indicator, {standard_code: (minimum, maximum, unit, condition)}) pairs."""
    category = category or ProductCategoryFactory()
    plan = TechnicalPlan.objects.create(
        code=f"TP-{TechnicalPlan.objects.count() + 1:05d}", title_zh=f"{category.name_zh}对标技术方案",
        category=category, author_kind=PlanAuthorKind.INDUSTRY, drafting_body="全国标准化技术委员会",
    )
    version = PlanVersion.objects.create(
        plan=plan, number=1, status=ReviewStatus.PUBLISHED, published_at=timezone.now() - dt.timedelta(days=30)
    )
    plan_standards = {
        standard.code: PlanStandard.objects.create(
            version=version, standard=standard, is_benchmark=benchmark, position=i
        )
        for i, (standard, benchmark) in enumerate(standards)
    }
    for position, (indicator, limits) in enumerate(indicators):
        plan_indicator = PlanIndicator.objects.create(
            version=version, indicator=indicator, unit=indicator.unit, direction=indicator.direction,
            position=position,
        )
        for code, (minimum, maximum, unit, condition) in limits.items():
            PlanRequirement.objects.create(
                version=version, plan_standard=plan_standards[code], plan_indicator=plan_indicator,
                minimum=minimum, maximum=maximum, unit=unit, condition=condition,
            )
    return version


__all__ = [
    "ComparisonFactory",
    "EnterpriseFactory",
    "IndicatorFactory",
    "InstitutionFactory",
    "ProductCategoryFactory",
    "Role",
    "StandardFactory",
    "TranslationFactory",
    "UserFactory",
    "make_uscc",
    "manufacturing_division",
    "published_plan",
    "region",
]
