"""The library of standards: standards, their indicators and limits, comparisons between
standards, foreign-language versions and proposals to international bodies."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import TransitionEvent
from verdict import Direction, Relation
from verdict.plausibility import default_range

from .codes import StandardCodeError, parse_standard_code


class StandardKind(models.TextChoices):
    GB_MANDATORY = "gb_mandatory", _("国家标准（强制性）")
    GB_RECOMMENDED = "gb_recommended", _("国家标准（推荐性）")
    INDUSTRY = "industry", _("行业标准")
    LOCAL = "local", _("地方标准")
    GROUP = "group", _("团体标准")
    ENTERPRISE = "enterprise", _("企业标准")
    # 国家军用标准 (GJB): national, but issued for the armed forces by their own system, neither
    # GB's mandatory nor recommended kind; a mandatory-standard rule for civilian products does
    # not apply to it, so it is a kind of its own.
    MILITARY = "military", _("国家军用标准")
    INTERNATIONAL = "international", _("国际标准")
    REGIONAL = "regional", _("区域标准")
    FOREIGN_NATIONAL = "foreign_national", _("国外先进标准")

    @classmethod
    def chinese(cls) -> tuple[str, ...]:
        return (cls.GB_MANDATORY, cls.GB_RECOMMENDED, cls.MILITARY, cls.INDUSTRY, cls.LOCAL, cls.GROUP,
                cls.ENTERPRISE)

    @classmethod
    def advanced(cls) -> tuple[str, ...]:
        """International, regional and foreign national standards: the campaign's 'advanced' ones."""
        return (cls.INTERNATIONAL, cls.REGIONAL, cls.FOREIGN_NATIONAL)


class StandardStatus(models.TextChoices):
    IN_FORCE = "in_force", _("现行")
    REPLACED = "replaced", _("被代替")
    WITHDRAWN = "withdrawn", _("废止")


class StandardStage(models.TextChoices):
    """A standard's place in its life on a given day, derived from its status and dates: results
    compared with it are flagged from the announcement of a replacement or withdrawal on."""

    IN_FORCE = "in_force", _("现行")
    TO_BE_REPLACED = "to_be_replaced", _("即将被代替")
    REPLACED = "replaced", _("已被代替")
    TO_BE_WITHDRAWN = "to_be_withdrawn", _("即将废止")
    WITHDRAWN = "withdrawn", _("已废止")

    @classmethod
    def changed(cls) -> tuple[str, ...]:
        return (cls.TO_BE_REPLACED, cls.REPLACED, cls.TO_BE_WITHDRAWN, cls.WITHDRAWN)


class StandardTag(models.Model):
    """A label on standards; the anti-epidemic product classes are tags of group 'epidemic'."""

    slug = models.SlugField(_("标识"), max_length=60, unique=True)
    group = models.SlugField(_("分组"), max_length=30, db_index=True)
    name_zh = models.CharField(_("中文名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("标准标签")
        verbose_name_plural = pgettext_lazy("plural", "标准标签")
        ordering = ["group", "slug"]

    def __str__(self) -> str:
        return self.name_zh


# Derived from the code by ``Standard.derive_code_parts``, never typed.
CODE_PARTS = ("prefix", "number", "year")


class Standard(models.Model):
    code = models.CharField(_("标准号"), max_length=80, unique=True)
    prefix = models.CharField(_("代号"), max_length=30, db_index=True, editable=False)
    number = models.CharField(_("顺序号"), max_length=40, editable=False)
    year = models.PositiveSmallIntegerField(_("年号"), null=True, blank=True, editable=False)
    kind = models.CharField(_("类别"), max_length=20, choices=StandardKind.choices, db_index=True)
    title_zh = models.CharField(_("中文名称"), max_length=300)
    title_en = models.CharField(_("英文名称"), max_length=300, blank=True)
    issuing_body = models.CharField(_("发布机构"), max_length=200, blank=True)
    issuing_body_en = models.CharField(_("发布机构（英文）"), max_length=200, blank=True)
    # Where the title, dates and status were checked, and what the library leaves out of the
    # standard and why (a limit no primary or official source confirmed): the public page shows both.
    source = models.CharField(_("信息来源"), max_length=300, blank=True)
    data_note_zh = models.TextField(_("数据说明"), blank=True)
    data_note_en = models.TextField(_("数据说明（英文）"), blank=True)
    country = models.CharField(
        _("国家/地区"), max_length=8, blank=True, db_index=True,
        help_text=_("ISO 3166 代码，如 CN、US；区域标准用 EU；国际标准留空"),
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=StandardStatus.choices, default=StandardStatus.IN_FORCE
    )
    replaced_by = models.ForeignKey(
        "self", verbose_name=_("被代替为"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="replaces",
    )
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    effective_on = models.DateField(_("实施日期"), null=True, blank=True)
    withdrawn_on = models.DateField(_("废止日期"), null=True, blank=True)
    tags = models.ManyToManyField(StandardTag, verbose_name=_("标签"), blank=True, related_name="standards")
    # A standard the demo made up: its code is no real standard's, and every page and the API
    # say so (示例), so that nobody quotes it.
    is_example = models.BooleanField(_("示例"), default=False, db_default=False,
                                     help_text=_("演示数据合成的标准，标准号并非真实标准"))

    class Meta:
        verbose_name = _("标准")
        verbose_name_plural = pgettext_lazy("plural", "标准")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_on__isnull=True)
                | Q(published_on__isnull=True)
                | Q(effective_on__gte=models.F("published_on")),
                name="standard_effective_after_published",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        # The parsed parts are derived, never typed: they cannot disagree with the code.
        self.derive_code_parts()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "code" in update_fields:
            kwargs["update_fields"] = {*update_fields, *CODE_PARTS}
        super().save(*args, **kwargs)

    def clean(self):
        # Normalised before the unique check, so "GB2626-2019" is found to be "GB 2626-2019".
        if not self.code:
            return  # the field's own "required" error says it
        try:
            self.derive_code_parts()
        except StandardCodeError as error:
            raise ValidationError({"code": str(error)}) from None

    def derive_code_parts(self) -> None:
        parsed = parse_standard_code(self.code)
        self.code = parsed.code
        self.prefix, self.number, self.year = parsed.prefix, parsed.number, parsed.year

    @property
    def adopted_code(self) -> str:
        """The code of the standard a national adoption adopts (BS EN 149:2001+A1:2009 → EN
        149:2001+A1:2009; DIN EN 149:2009-08 → EN 149, the DIN date being DIN's), or ''."""
        return parse_standard_code(self.code).adopts if self.code else ""

    @property
    def local_province_code(self) -> str:
        """The province of a local standard (DB11/T 1234-2020 → 110000, 北京市), or ''."""
        return parse_standard_code(self.code).local_province_code if self.code else ""

    def stage(self, today: datetime.date) -> str:
        """Where the standard is in its life on ``today`` (``StandardStage``): a standard in force
        may already be due to be replaced or withdrawn on a later date."""
        replacement = self.replaced_by
        if self.status == StandardStatus.WITHDRAWN:
            return StandardStage.WITHDRAWN
        if self.status == StandardStatus.REPLACED:
            return StandardStage.REPLACED
        if replacement is not None:
            due = replacement.effective_on
            return StandardStage.REPLACED if due is not None and due <= today else StandardStage.TO_BE_REPLACED
        if self.withdrawn_on is not None:
            return StandardStage.WITHDRAWN if self.withdrawn_on <= today else StandardStage.TO_BE_WITHDRAWN
        return StandardStage.IN_FORCE

    def change_text(self, today: datetime.date) -> str:
        """What a reader of a result compared with this standard must know, or '' while it is in
        force with nothing announced: “比对标准已被 YY 0469-2023 代替（2026-12-01 实施）”."""
        stage = self.stage(today)
        replacement = self.replaced_by
        if replacement is not None and stage in (StandardStage.REPLACED, StandardStage.TO_BE_REPLACED):
            values = {"code": self.code, "replacement": replacement.code,
                      "date": replacement.effective_on.isoformat() if replacement.effective_on else ""}
            if stage == StandardStage.REPLACED:
                if not values["date"]:  # the library does not know when the replacement came into force
                    return _("比对标准 %(code)s 已被 %(replacement)s 代替") % values
                return _("比对标准 %(code)s 已被 %(replacement)s 代替（%(date)s 实施）") % values
            if not values["date"]:
                return _("比对标准 %(code)s 将被 %(replacement)s 代替") % values
            return _("比对标准 %(code)s 将被 %(replacement)s 代替（%(date)s 实施）") % values
        values = {"code": self.code, "date": self.withdrawn_on.isoformat() if self.withdrawn_on else "—"}
        if stage == StandardStage.WITHDRAWN:
            return _("比对标准 %(code)s 已于 %(date)s 废止") % values if self.withdrawn_on else \
                _("比对标准 %(code)s 已废止") % values
        if stage == StandardStage.TO_BE_WITHDRAWN:
            return _("比对标准 %(code)s 将于 %(date)s 废止") % values
        return ""

    @property
    def is_advanced(self) -> bool:
        return self.kind in StandardKind.advanced()

    @property
    def is_mandatory(self) -> bool:
        return is_mandatory_standard(self.kind, self.prefix)


def is_mandatory_standard(kind: str, prefix: str) -> bool:
    """Mandatory under China's Standardization Law: a GB without /T or /Z, and an industry or local
    standard whose code has no /T (the mandatory ones still in force). Every result compared with
    one must meet it, whatever the plan's benchmark flags (``verdict``)."""
    if kind == StandardKind.GB_MANDATORY:
        return True
    return kind in (StandardKind.GB_RECOMMENDED, StandardKind.INDUSTRY, StandardKind.LOCAL) and bool(
        prefix) and "/" not in prefix


class Indicator(models.Model):
    """A technical indicator (技术指标) shared by the library: filtration efficiency, noise…"""

    key = models.SlugField(_("标识"), max_length=80, unique=True)
    name_zh = models.CharField(_("中文名称"), max_length=120)
    name_en = models.CharField(_("英文名称"), max_length=120, blank=True)
    unit = models.CharField(_("单位"), max_length=30, blank=True)
    direction = models.CharField(_("方向"), max_length=15, choices=Direction.choices)
    # A temperature rise (温升) converts °C↔K by ×1, a temperature by +273.15.
    is_difference = models.BooleanField(_("差值（如温升）"), default=False)
    # What a value can physically be, in ``unit`` (a resistance is never negative, a content lies
    # within 0–100 %); left empty, the range follows from the unit (verdict.plausibility).
    possible_minimum = models.FloatField(
        _("可能取值下限"), null=True, blank=True,
        help_text=_("留空时按单位推定：有量纲的量不小于 0，单向百分比在 0–100 % 之间。"))
    possible_maximum = models.FloatField(_("可能取值上限"), null=True, blank=True)

    class Meta:
        verbose_name = _("技术指标")
        verbose_name_plural = pgettext_lazy("plural", "技术指标")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.name_zh} ({self.unit})" if self.unit else self.name_zh

    @property
    def possible_range(self) -> tuple[float | None, float | None]:
        """The values a measurement can take, in ``unit``: as stated, else as the unit implies."""
        if self.possible_minimum is not None or self.possible_maximum is not None:
            return (self.possible_minimum, self.possible_maximum)
        return default_range(self.unit, self.direction, self.is_difference)


class Requirement(models.Model):
    """One standard's limit for one indicator, possibly per grade and per test condition,
    in the unit the standard itself states it."""

    standard = models.ForeignKey(
        Standard, verbose_name=_("标准"), on_delete=models.CASCADE, related_name="requirements"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="requirements"
    )
    grade = models.CharField(_("等级"), max_length=30, blank=True)
    minimum = models.FloatField(_("下限"), null=True, blank=True)
    maximum = models.FloatField(_("上限"), null=True, blank=True)
    unit = models.CharField(_("单位"), max_length=30, blank=True)
    condition = models.CharField(_("测试条件"), max_length=120, blank=True)
    # The condition in English for English pages; results are matched on ``condition``.
    condition_en = models.CharField(_("测试条件（英文）"), max_length=120, blank=True)
    source = models.CharField(_("出处"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("指标要求")
        verbose_name_plural = pgettext_lazy("plural", "指标要求")
        ordering = ["standard", "indicator", "grade", "condition"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "indicator", "grade", "condition"], name="requirement_unique"
            ),
            models.CheckConstraint(
                condition=Q(minimum__isnull=True) | Q(maximum__isnull=True) | Q(minimum__lte=models.F("maximum")),
                name="requirement_min_le_max",
            ),
        ]

    def __str__(self) -> str:
        grade = f" {self.grade}" if self.grade else ""
        return f"{self.standard.code}{grade} · {self.indicator.name_zh}"


class ComparisonKind(models.TextChoices):
    COMPARISON = "comparison", _("标准比对")
    EQUIVALENCE = "equivalence", _("等效评估")


class ComparisonStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已公开")
    WITHDRAWN = "withdrawn", _("已撤回")


class Comparison(models.Model):
    """Standard A against standard B, indicator by indicator (relations are of A to B).

    Its status changes only through ``standards.services.COMPARISON_WORKFLOW``: publication and
    withdrawal are decisions of the campaign office, each with its event row."""

    standard_a = models.ForeignKey(
        Standard, verbose_name=_("标准 A"), on_delete=models.CASCADE, related_name="comparisons_as_a"
    )
    standard_b = models.ForeignKey(
        Standard, verbose_name=_("标准 B"), on_delete=models.CASCADE, related_name="comparisons_as_b"
    )
    kind = models.CharField(_("类型"), max_length=12, choices=ComparisonKind.choices)
    title_zh = models.CharField(_("中文标题"), max_length=300)
    title_en = models.CharField(_("英文标题"), max_length=300, blank=True)
    conclusion_zh = models.TextField(_("结论"))
    conclusion_en = models.TextField(_("英文结论"), blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=ComparisonStatus.choices, default=ComparisonStatus.DRAFT, db_index=True
    )
    # Kept when withdrawn: publishing again keeps the date it was first made public.
    published_on = models.DateField(_("公开日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("标准比对")
        verbose_name_plural = pgettext_lazy("plural", "标准比对")
        ordering = ["standard_a__code", "standard_b__code"]
        constraints = [
            models.UniqueConstraint(fields=["standard_a", "standard_b", "kind"], name="comparison_unique"),
            models.CheckConstraint(
                condition=~Q(standard_a=models.F("standard_b")), name="comparison_distinct_standards"
            ),
            models.CheckConstraint(
                condition=~Q(status=ComparisonStatus.PUBLISHED) | Q(published_on__isnull=False),
                name="comparison_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standard_a} ↔ {self.standard_b}"


class StandardEvent(TransitionEvent):
    """A change of a standard's status (in force → replaced, withdrawn), by an editor, an import
    or the daily run on the date a replacement comes into force."""

    standard = models.ForeignKey(
        Standard, verbose_name=_("标准"), on_delete=models.PROTECT, related_name="events"
    )

    class Meta(TransitionEvent.Meta):
        verbose_name = _("标准状态记录")
        verbose_name_plural = pgettext_lazy("plural", "标准状态记录")


class ComparisonEvent(TransitionEvent):
    comparison = models.ForeignKey(
        Comparison, verbose_name=_("标准比对"), on_delete=models.PROTECT, related_name="events"
    )

    class Meta(TransitionEvent.Meta):
        verbose_name = _("比对流转记录")
        verbose_name_plural = pgettext_lazy("plural", "比对流转记录")


class ComparisonItem(models.Model):
    comparison = models.ForeignKey(
        Comparison, verbose_name=_("比对"), on_delete=models.CASCADE, related_name="items"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), null=True, blank=True, on_delete=models.PROTECT
    )
    label_zh = models.CharField(_("比对项"), max_length=200)
    label_en = models.CharField(_("英文比对项"), max_length=200, blank=True)
    relation = models.CharField(_("A 相对 B"), max_length=15, choices=Relation.choices)
    note_zh = models.TextField(_("说明"), blank=True)
    note_en = models.TextField(_("英文说明"), blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("比对项")
        verbose_name_plural = pgettext_lazy("plural", "比对项")
        ordering = ["comparison", "position"]

    def __str__(self) -> str:
        return self.label_zh


class Recognition(models.Model):
    """A foreign authority recognising a Chinese standard as equivalent (e.g. France, 2020)."""

    comparison = models.ForeignKey(
        Comparison, verbose_name=_("比对"), on_delete=models.CASCADE, related_name="recognitions"
    )
    authority = models.CharField(_("认可机构"), max_length=200)
    country = models.CharField(_("国家/地区"), max_length=8)
    recognized_on = models.DateField(_("认可日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    source = models.CharField(_("出处"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("国外认可")
        verbose_name_plural = pgettext_lazy("plural", "国外认可")

    def __str__(self) -> str:
        return f"{self.authority} ({self.country})"


class TranslationStatus(models.TextChoices):
    PLANNED = "planned", _("已立项")
    IN_PROGRESS = "in_progress", _("翻译中")
    PUBLISHED = "published", _("已发布")
    CANCELLED = "cancelled", _("已撤销")


class Translation(models.Model):
    """A foreign-language version of a national standard, planned in batches. Its status changes
    only through ``standards.services.TRANSLATION_WORKFLOW``, each step with its event row."""

    standard = models.ForeignKey(
        Standard, verbose_name=_("标准"), on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("语种"), max_length=10, help_text=_("BCP 47 语言代码，如 en、fr、ru"))
    batch = models.CharField(_("批次"), max_length=40)
    status = models.CharField(
        _("状态"), max_length=12, choices=TranslationStatus.choices, default=TranslationStatus.PLANNED,
        db_index=True,
    )
    requested_by_country = models.CharField(_("需求国家"), max_length=8, blank=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("外文版")
        verbose_name_plural = pgettext_lazy("plural", "外文版")
        ordering = ["batch", "standard__code"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "language"], name="translation_unique"),
            models.CheckConstraint(
                condition=~Q(status=TranslationStatus.PUBLISHED) | Q(published_on__isnull=False),
                name="translation_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standard.code} [{self.language}]"


class TranslationEvent(TransitionEvent):
    translation = models.ForeignKey(
        Translation, verbose_name=_("外文版"), on_delete=models.PROTECT, related_name="events"
    )

    class Meta(TransitionEvent.Meta):
        verbose_name = _("外文版流转记录")
        verbose_name_plural = pgettext_lazy("plural", "外文版流转记录")


class ProposalBody(models.TextChoices):
    ISO = "ISO", "ISO"
    IEC = "IEC", "IEC"
    ITU = "ITU", "ITU"


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    ACCEPTED = "accepted", _("已立项")
    PUBLISHED = "published", _("已发布")
    REJECTED = "rejected", _("未通过")


class InternationalProposal(models.Model):
    """A proposal for an international standard submitted to ISO/IEC."""

    title_zh = models.CharField(_("中文名称"), max_length=300)
    title_en = models.CharField(_("英文名称"), max_length=300, blank=True)
    body = models.CharField(_("国际组织"), max_length=5, choices=ProposalBody.choices)
    committee = models.CharField(_("技术委员会"), max_length=60, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED,
        db_index=True,
    )
    submitted_on = models.DateField(_("提交日期"))
    proposer = models.CharField(_("提出单位"), max_length=200, blank=True)
    tags = models.ManyToManyField(StandardTag, verbose_name=_("标签"), blank=True)

    class Meta:
        verbose_name = _("国际标准提案")
        verbose_name_plural = pgettext_lazy("plural", "国际标准提案")
        ordering = ["-submitted_on"]

    def __str__(self) -> str:
        return self.title_zh
