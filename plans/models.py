"""Technical plans (对标技术方案): what a product is compared against.

A plan is a lineage; each ``PlanVersion`` is one reviewed, published snapshot of its compared
standards, indicators and requirements. Results point at a version, so publishing a new version
never changes a result made against an old one.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from benchmarking.models import ProductCategory, Region
from companies.models import Enterprise
from core.models import ReviewStatus, TransitionEvent, decided_index
from standards.models import Indicator, Standard
from thirdparty.models import Institution
from verdict import Direction


class PlanAuthorKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业对标方案")
    INDUSTRY = "industry", _("行业对标技术方案")


class TechnicalPlan(models.Model):
    code = models.CharField(_("方案编号"), max_length=30, unique=True)
    title_zh = models.CharField(_("方案名称"), max_length=200)
    title_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    category = models.ForeignKey(
        ProductCategory, verbose_name=_("产品类别"), on_delete=models.PROTECT, related_name="plans"
    )
    author_kind = models.CharField(_("方案类型"), max_length=12, choices=PlanAuthorKind.choices)
    drafting_body = models.CharField(_("起草单位"), max_length=200)
    # An enterprise writes its own plans; an institution drafts industry plans.
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="plans",
    )
    institution = models.ForeignKey(
        Institution, verbose_name=_("起草机构"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="plans",
    )
    # The city whose office reviews an enterprise plan; empty for industry plans (campaign office).
    city = models.ForeignKey(
        Region, verbose_name=_("审核城市"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("对标技术方案")
        verbose_name_plural = pgettext_lazy("plural", "对标技术方案")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(author_kind="enterprise", enterprise__isnull=False, city__isnull=False)
                | Q(author_kind="industry", enterprise__isnull=True),
                name="plan_enterprise_author_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title_zh}"


class PlanVersion(models.Model):
    plan = models.ForeignKey(
        TechnicalPlan, verbose_name=_("方案"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("版本"))
    status = models.CharField(
        _("状态"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT, db_index=True
    )
    # The version this one was copied from: the previous version of the same plan, or the
    # published industry plan an enterprise adopted.
    based_on = models.ForeignKey(
        "self", verbose_name=_("来源版本"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="derived_versions",
    )
    improvement_measures = models.TextField(_("提升措施"), blank=True)
    notes = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("方案版本")
        verbose_name_plural = pgettext_lazy("plural", "方案版本")
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique"),
            models.UniqueConstraint(
                fields=["plan"], condition=Q(status="published"), name="plan_one_published_version"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="plan_version_positive"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="plan_version_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.code} v{self.number}"


class PlanStandard(models.Model):
    version = models.ForeignKey(
        PlanVersion, verbose_name=_("方案版本"), on_delete=models.CASCADE, related_name="standards"
    )
    standard = models.ForeignKey(Standard, verbose_name=_("标准"), on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(_("对标等级"), max_length=30, blank=True)
    is_benchmark = models.BooleanField(_("对标标准"), default=False)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("比对标准")
        verbose_name_plural = pgettext_lazy("plural", "比对标准")
        ordering = ["version", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "standard"], name="plan_standard_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.standard.code} {self.grade}".strip()


class PlanIndicator(models.Model):
    version = models.ForeignKey(
        PlanVersion, verbose_name=_("方案版本"), on_delete=models.CASCADE, related_name="indicators"
    )
    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="+")
    # Snapshots: a published version must not change when the library's indicator is edited.
    unit = models.CharField(_("单位"), max_length=30, blank=True)
    direction = models.CharField(_("方向"), max_length=15, choices=Direction.choices)
    is_difference = models.BooleanField(_("差值（如温升）"), default=False)
    # The plan asks for a tested value (检测值) here: an enterprise standard's declared value alone
    # does not do, and a test report must cover it before the result is submitted.
    requires_test = models.BooleanField(_("须提供检测值"), default=False)
    # A core indicator (核心指标) ranks the plan's published results for its 领跑者 list; only a
    # one-sided indicator (higher or lower is better) can rank.
    is_core = models.BooleanField(_("核心指标"), default=False, db_default=False)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("方案指标")
        verbose_name_plural = pgettext_lazy("plural", "方案指标")
        ordering = ["version", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "indicator"], name="plan_indicator_unique"),
        ]

    def __str__(self) -> str:
        return str(self.indicator)


class PlanRequirement(models.Model):
    """One compared standard's limit on one plan indicator, as the plan version states it."""

    version = models.ForeignKey(
        PlanVersion, verbose_name=_("方案版本"), on_delete=models.CASCADE, related_name="requirements"
    )
    plan_standard = models.ForeignKey(
        PlanStandard, verbose_name=_("标准"), on_delete=models.CASCADE, related_name="requirements"
    )
    plan_indicator = models.ForeignKey(
        PlanIndicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="requirements"
    )
    minimum = models.FloatField(_("下限"), null=True, blank=True)
    maximum = models.FloatField(_("上限"), null=True, blank=True)
    unit = models.CharField(_("单位"), max_length=30, blank=True)
    condition = models.CharField(_("测试条件"), max_length=120, blank=True)
    # The condition in English for English pages; values are matched on ``condition``.
    condition_en = models.CharField(_("测试条件（英文）"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("方案指标要求")
        verbose_name_plural = pgettext_lazy("plural", "方案指标要求")
        ordering = ["version", "plan_indicator__position", "plan_standard__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan_standard", "plan_indicator", "condition"], name="plan_requirement_unique"
            ),
            models.CheckConstraint(
                condition=Q(minimum__isnull=True) | Q(maximum__isnull=True) | Q(minimum__lte=models.F("maximum")),
                name="plan_requirement_min_le_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_standard} · {self.plan_indicator}"


class PlanEvent(TransitionEvent):
    version = models.ForeignKey(
        PlanVersion, verbose_name=_("方案版本"), on_delete=models.PROTECT, related_name="events"
    )

    class Meta(TransitionEvent.Meta):
        verbose_name = _("方案流转记录")
        verbose_name_plural = pgettext_lazy("plural", "方案流转记录")
        indexes = [decided_index("plan_event_decided")]
