"""Where and in what trade: GB/T 2260 regions, GB/T 4754-2017 industries, product categories."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省级")
    PREFECTURE = "prefecture", _("地级")
    COUNTY = "county", _("县级")


class Region(models.Model):
    code = models.CharField(
        _("行政区划代码"), max_length=6, primary_key=True,
        validators=[RegexValidator(r"^\d{6}$", _("行政区划代码应为 6 位数字"))],
    )
    name = models.CharField(_("名称"), max_length=60)
    name_en = models.CharField(_("英文名称"), max_length=80, blank=True)
    level = models.CharField(_("级别"), max_length=10, choices=RegionLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    # Denormalised at load time so that "in this province / this city" is one equality filter.
    province = models.ForeignKey(
        "self", verbose_name=_("所属省份"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    # The campaign's city: a prefecture-level city, or a municipality such as 北京市 itself.
    city = models.ForeignKey(
        "self", verbose_name=_("所属城市"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    taking_part_since = models.DateField(_("参与行动日期"), null=True, blank=True)
    pilot_since = models.DateField(_("试点城市日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = pgettext_lazy("plural", "行政区划")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pilot_since__isnull=True) | Q(taking_part_since__isnull=False),
                name="region_pilot_takes_part",
            ),
            models.CheckConstraint(
                condition=Q(level="province") | Q(parent__isnull=False), name="region_non_province_has_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_pilot(self) -> bool:
        return self.pilot_since is not None

    @property
    def is_city(self) -> bool:
        return self.city_id == self.code

    @property
    def province_code(self) -> str:
        """The province this region is in: itself for a province."""
        return self.province_id or self.code


class Sector(models.IntegerChoices):
    PRIMARY = 1, _("第一产业")
    SECONDARY = 2, _("第二产业")
    TERTIARY = 3, _("第三产业")


class IndustryLevel(models.TextChoices):
    SECTION = "section", _("门类")
    DIVISION = "division", _("大类")


class Industry(models.Model):
    code = models.CharField(_("代码"), max_length=2, primary_key=True)
    name_zh = models.CharField(_("名称"), max_length=80)
    name_en = models.CharField(_("英文名称"), max_length=160, blank=True)
    level = models.CharField(_("层级"), max_length=10, choices=IndustryLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("门类"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="divisions",
    )
    sector = models.PositiveSmallIntegerField(_("三次产业"), choices=Sector.choices)

    class Meta:
        verbose_name = _("国民经济行业")
        verbose_name_plural = pgettext_lazy("plural", "国民经济行业")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(sector__gte=1) & Q(sector__lte=3), name="industry_sector_1_3"),
            models.CheckConstraint(
                condition=Q(level="section", parent__isnull=True) | Q(level="division", parent__isnull=False),
                name="industry_division_has_section",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh}"


class ProductCategory(models.Model):
    """One of the 800+ product categories technical plans are written for."""

    code = models.CharField(_("代码"), max_length=20, unique=True)
    name_zh = models.CharField(_("名称"), max_length=120)
    name_en = models.CharField(_("英文名称"), max_length=160, blank=True)
    industry = models.ForeignKey(
        Industry, verbose_name=_("行业"), on_delete=models.PROTECT, related_name="categories",
        limit_choices_to={"level": IndustryLevel.DIVISION},
    )

    class Meta:
        verbose_name = _("产品类别")
        verbose_name_plural = pgettext_lazy("plural", "产品类别")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["industry", "name_zh"], name="category_name_unique_in_industry"),
        ]

    def __str__(self) -> str:
        return self.name_zh
