"""factory-boy factories for every noun, and the respirator library the tests share; the personas in
conftest.py are built from these. They make rows in their first state (a comparison as a draft, an
institution as applied); published and otherwise reviewed rows come from ``tests.public_scene`` or
from the workflow services."""

import factory
from stdnum.cn import uscc as uscc_module

from accounts.models import Role, User
from benchmarking.models import Industry, ProductCategory, Region
from companies.models import Enterprise
from plans.models import PlanVersion
from standards import services as standard_services
from standards.models import Comparison, ComparisonKind, Indicator, Requirement, Standard, StandardKind, Translation
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
    """An institution in 深圳市 as its registration leaves it: applied for accreditation. An accredited
    one comes from ``tests.public_scene.institution`` or from the accreditation service."""

    class Meta:
        model = Institution

    uscc = factory.Sequence(lambda n: make_uscc(900_000 + n, "110000"))
    name = factory.Sequence(lambda n: f"检验检测研究院{n}")
    kind = InstitutionKind.TESTING_LAB
    region = factory.LazyAttribute(lambda o: Region.objects.get(code="440300"))
    province = factory.LazyAttribute(lambda o: o.region.province)
    status = AccreditationStatus.APPLIED
    accredited_at = None


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


def legacy_uscc(serial: int = 4242, region_code: str = "440300") -> str:
    """A well-formed code whose check character is not the GB 32100 one (as many codes issued before
    the standard still are): ``make_uscc``'s code with its last character changed."""
    valid = make_uscc(serial, region_code)
    return valid[:-1] + next(c for c in "0123456789ABCDEFGHJKLMNPQRTUWXY" if c != valid[-1])


def hold_uscc_for_verification(enterprise: Enterprise, serial: int = 9090) -> Enterprise:
    """The enterprise as one registered with a code whose check character fails GB 32100: 待核验."""
    Enterprise.objects.filter(pk=enterprise.pk).update(
        uscc=legacy_uscc(serial), uscc_legacy_checksum=True, uscc_status="pending")
    enterprise.refresh_from_db()
    return enterprise


# --- The respirator library: the campaign's running example -------------------------------------

def mask_category() -> ProductCategory:
    """日常防护型口罩 (PC-17-001), in the textile division (C17 纺织业)."""
    division = manufacturing_division("17", "纺织业")
    return ProductCategory.objects.get_or_create(code="PC-17-001", defaults={
        "name_zh": "日常防护型口罩", "name_en": "Daily protective masks", "industry": division,
    })[0]


def respirator_indicators() -> dict[str, Indicator]:
    """filtration (过滤效率, %, higher better), inhalation (吸气阻力, Pa, lower better) and flame
    (阻燃性能, pass/fail). The English names are the ones import files may use as headers."""
    return {
        "filtration": IndicatorFactory(key="filtration", name_zh="过滤效率", name_en="Filtration", unit="%"),
        "inhalation": IndicatorFactory(key="inhalation", name_zh="吸气阻力", name_en="Inhalation resistance",
                                       unit="Pa", direction=Direction.LOWER_BETTER),
        "flame": IndicatorFactory(key="flame", name_zh="阻燃性能", unit="", direction=Direction.PASS_FAIL),
    }


def gb2626() -> Standard:
    """GB 2626-2019, the national mandatory standard for particle respirators."""
    return StandardFactory(code="GB 2626-2019", kind=StandardKind.GB_MANDATORY, title_zh="自吸过滤式防颗粒物呼吸器")


def en149() -> Standard:
    """EN 149:2001+A1:2009, the European standard the respirator plans take as their benchmark."""
    return StandardFactory(
        code="EN 149:2001+A1:2009", kind=StandardKind.REGIONAL, title_zh="呼吸防护装置 防颗粒物过滤半面罩"
    )


def respirator_library() -> dict:
    """The standards library of respirators: ``gb`` (GB 2626-2019) with its KN95 filtration limit
    (≥ 95 % at 85 L/min, which plan editors are offered), ``en`` (EN 149), the indicators of
    ``respirator_indicators`` and the ``category`` their plans are for (日常防护型口罩). Building it
    twice in one test returns the same rows."""
    gb, indicators = gb2626(), respirator_indicators()
    Requirement.objects.get_or_create(
        standard=gb, indicator=indicators["filtration"], grade="KN95",
        defaults={"minimum": 95, "unit": "%", "condition": "85 L/min"},
    )
    return {"category": mask_category(), "gb": gb, "en": en149(), **indicators}


def published_plan(*, category: ProductCategory | None = None, indicators=(), standards=()) -> PlanVersion:
    """``tests.public_scene.published_plan``, where published rows are built (bench/imports.py uses this name)."""
    from tests import public_scene  # public_scene builds on these factories: imported when called

    return public_scene.published_plan(category=category, indicators=indicators, standards=standards)


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
    "en149",
    "gb2626",
    "legacy_uscc",
    "make_uscc",
    "manufacturing_division",
    "mask_category",
    "published_plan",
    "region",
    "respirator_indicators",
    "respirator_library",
]
