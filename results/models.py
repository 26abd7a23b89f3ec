"""Product benchmarking results (产品对标结果): an enterprise's product against a plan version."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from benchmarking.models import Industry, ProductCategory, Region
from companies.models import Enterprise
from core.downloads import DownloadFileField
from core.models import ReviewStatus, TransitionEvent, decided_index
from plans.models import PlanIndicator, PlanVersion
from standards.models import Standard, StandardStage
from thirdparty.models import Institution
from verdict import Level

from .indicator_values import IndicatorValuesField

PUBLISHED = Q(status=ReviewStatus.PUBLISHED)


def product_key_sql(vendor: str, alias: str = "", columns: tuple[str, str, str] | None = None) -> str:
    """A result's product (its name, brand and model) as one key: 16 bytes on PostgreSQL (the
    md5 of the three texts, as a ``uuid``), where the texts themselves took ~60 B of the unique
    index's entry (bench/README.md "storage"). The unit separator (U+001F), never typed in a
    product's name, keeps ("ab", "c") and ("a", "bc") apart. The same SQL, column by column,
    in the unique index (``ProductKey``) and in the imports' statements that name it
    (``ON CONFLICT``, the look-ups of stored results), so that each is served by the index."""
    name, brand, model = columns or tuple(f"{alias}.{c}" if alias else c for c in ("product_name", "brand", "model"))
    if vendor == "postgresql":
        return f"(md5({name} || chr(31) || {brand} || chr(31) || {model})::uuid)"
    return f"MD5({name} || char(31) || {brand} || char(31) || {model})"  # Django's own MD5 on SQLite


class ProductKey(models.Func):
    """``product_key_sql`` as an expression, for the unique constraint."""

    output_field = models.UUIDField()

    def __init__(self):
        super().__init__(F("product_name"), F("brand"), F("model"))

    def as_sql(self, compiler, connection, **extra_context):
        compiled = [compiler.compile(expression) for expression in self.get_source_expressions()]
        columns = tuple(sql for sql, _params in compiled)
        return product_key_sql(connection.vendor, columns=columns), [p for _sql, params in compiled for p in params]


class BenchmarkResult(models.Model):
    # No index of its own: the unique constraint below leads with it.
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="results", db_index=False
    )
    plan_version = models.ForeignKey(
        PlanVersion, verbose_name=_("方案版本"), on_delete=models.PROTECT, related_name="results"
    )
    # Denormalised from the enterprise and the plan: every public filter and every statistic
    # reads them, and a city office's scope is one indexed equality. Each is indexed by the
    # composite index its public filter uses (Meta.indexes), not on its own; a category or an
    # industry, rarely deleted and then refused while results name it, has no index of all rows.
    category = models.ForeignKey(
        ProductCategory, verbose_name=_("产品类别"), on_delete=models.PROTECT, related_name="results", db_index=False
    )
    industry = models.ForeignKey(Industry, verbose_name=_("行业"), on_delete=models.PROTECT, related_name="+",
                                 db_index=False)
    city = models.ForeignKey(Region, verbose_name=_("城市"), on_delete=models.PROTECT, related_name="+",
                             db_index=False)
    province = models.ForeignKey(Region, verbose_name=_("省份"), on_delete=models.PROTECT, related_name="+",
                                 db_index=False)
    product_name = models.CharField(_("产品名称"), max_length=200)
    brand = models.CharField(_("品牌"), max_length=100, blank=True)
    model = models.CharField(_("型号"), max_length=100, blank=True)
    enterprise_standard = models.CharField(_("执行标准"), max_length=80, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    # The level alone is stored (lists and statistics filter on it); the verdict's cells and gaps
    # are a pure function of the values and the plan version, rebuilt where a page shows them.
    level = models.CharField(_("对标结论"), max_length=12, choices=Level.choices, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    # Its values, per plan indicator and test condition (results.indicator_values).
    values = IndicatorValuesField(_("指标值"), db_column="indicator_values", db_default="[]")
    # Searched through a PostgreSQL index of its text's pairs of characters, not a stored column
    # (core.search.PairCodesOf, migration 0025).
    # A result short of the benchmark (未达标) may say how the enterprise means to improve, and by when.
    # A database default too: the imports' set-based INSERTs name only the columns they fill.
    improvement_measures = models.TextField(_("提升措施"), blank=True, default="", db_default="")
    improvement_due = models.DateField(_("提升目标日期"), null=True, blank=True)
    # The earlier result of the same product this one follows: a re-benchmark against a plan's new
    # version after a compared standard changed, or an improved product measured again.
    predecessor = models.ForeignKey(
        "self", verbose_name=_("前一次对标结果"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="successors", db_index=False,
    )

    class Meta:
        verbose_name = _("产品对标结果")
        verbose_name_plural = pgettext_lazy("plural", "产品对标结果")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                F("enterprise"), F("plan_version"), ProductKey(), name="result_one_per_product_and_plan_version",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | (Q(published_at__isnull=False) & ~Q(level="")),
                name="result_published_has_date_and_level",
            ),
        ]
        # What the public lists filter and sort on (newest first, the id breaking ties, as the
        # keyset pages walk them; or by product name): one index per filter, over the published
        # rows only, which are the public's and ~93 % of the table. Without the status column
        # each entry is 16 B shorter (bench/README.md "storage").
        indexes = [
            models.Index(fields=["-published_at", "-id"], name="result_published", condition=PUBLISHED),
            models.Index(fields=["city", "-published_at", "-id"], name="result_city_published",
                         condition=PUBLISHED),
            models.Index(fields=["province", "-published_at", "-id"], name="result_province_published",
                         condition=PUBLISHED),
            models.Index(fields=["category", "-published_at", "-id"], name="result_category_published",
                         condition=PUBLISHED),
            models.Index(fields=["industry", "-published_at", "-id"], name="result_industry_published",
                         condition=PUBLISHED),
            models.Index(fields=["product_name", "id"], name="result_product_name", condition=PUBLISHED),
            # The offices' reads, whatever the status: a city office's scope (and its foreign key),
            # the admin's province filter. Few distinct keys, which PostgreSQL stores once each
            # with a list of rows: ~7 B a result per index.
            models.Index(fields=["city", "status"], name="result_city_status"),
            models.Index(fields=["province", "status"], name="result_province_status"),
            # The rows not published, a few per cent: the review queues (counted by city from the
            # index alone) and the admin's years of each status.
            models.Index(fields=["status", "-published_at", "city"], name="result_in_review",
                         condition=~PUBLISHED),
            # The queues in the order they are worked through, oldest submission first (a sort
            # of the 24,000 submitted rows' whole rows took the admin's queue 100 ms at scale 30).
            models.Index(fields=["status", "submitted_at", "id"], name="result_review_queue",
                         condition=~PUBLISHED),
            # Few results have a predecessor: the index holds only those.
            models.Index(fields=["predecessor"], name="result_predecessor", condition=Q(predecessor__isnull=False)),
        ]

    def __str__(self) -> str:
        return " ".join(part for part in (self.product_name, self.brand, self.model) if part)


class TestReport(models.Model):
    __test__ = False  # a model, not a pytest test class

    result = models.ForeignKey(
        BenchmarkResult, verbose_name=_("对标结果"), on_delete=models.CASCADE, related_name="reports"
    )
    report_number = models.CharField(_("报告编号"), max_length=60)
    institution = models.ForeignKey(
        Institution, verbose_name=_("检测机构"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="reports",
    )
    # Only for an issuer that is not a registered institution: a registered one is named by its row
    # (its name beside it was ~40 B a report, most reports).
    issuer_name = models.CharField(_("出具机构名称"), max_length=200, blank=True)
    issued_on = models.DateField(_("报告日期"))
    # Which of the plan's indicators the report tested: every tested value of a submitted result
    # is covered by at least one report.
    indicators = models.ManyToManyField(
        PlanIndicator, verbose_name=_("覆盖的指标"), blank=True, related_name="+",
    )
    # An imported report covers every tested value of its row (the office copies the row from the
    # paper report that gives them): one flag, where a row per indicator would be six rows per
    # result, 600,000 for an import of 100,000 (bench/README.md "imports").
    covers_all_tested = models.BooleanField(_("覆盖全部实测值"), default=False, db_default=False)
    file = DownloadFileField(_("报告文件"), upload_to="reports/%Y/%m/", blank=True)

    class Meta:
        verbose_name = _("检测报告")
        verbose_name_plural = pgettext_lazy("plural", "检测报告")
        constraints = [
            models.CheckConstraint(
                condition=Q(institution__isnull=False) | ~Q(issuer_name=""), name="report_has_issuer"
            ),
        ]

    def __str__(self) -> str:
        return self.report_number


class ResultEvent(TransitionEvent):
    result = models.ForeignKey(
        BenchmarkResult, verbose_name=_("对标结果"), on_delete=models.PROTECT, related_name="events"
    )

    class Meta(TransitionEvent.Meta):
        verbose_name = _("结果流转记录")
        verbose_name_plural = pgettext_lazy("plural", "结果流转记录")
        indexes = [decided_index("result_event_decided")]


class StatCount(models.Model):
    """One figure of the published statistics: how many published results fall in one cell of one
    dimension (by province, by city of a province, by month …), per level; ``summary`` rows hold
    the campaign's headline counts with an empty level. Every public figure, dashboard and
    ``/api/v1/stats/…`` answer reads these rows, whose number grows with the dimensions (cities,
    categories, months), never with the results."""

    dimension = models.CharField(_("维度"), max_length=20)
    scope = models.CharField(_("范围"), max_length=12, blank=True, default="")
    key = models.CharField(_("键"), max_length=20, blank=True, default="")
    level = models.CharField(_("对标结论"), max_length=12, blank=True, default="")
    count = models.BigIntegerField(_("数量"), default=0)

    class Meta:
        verbose_name = _("统计数")
        verbose_name_plural = pgettext_lazy("plural", "统计数")
        constraints = [
            models.UniqueConstraint(fields=["dimension", "scope", "key", "level"], name="stat_count_cell"),
        ]
        indexes = [
            # "Top N" reads (categories of the campaign or of a city): an index scan by count.
            models.Index(fields=["dimension", "scope", "level", "-count"], name="stat_count_ranked"),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}/{self.scope}/{self.key}/{self.level}: {self.count}"


class StatDelta(models.Model):
    """A publication (+1) or withdrawal (−1) waiting to be counted: written in the transaction of
    the transition itself, so it exists exactly when the transition committed; a worker folds
    pending deltas into ``StatCount`` and deletes them in one transaction, so a redelivered task
    counts nothing twice."""

    sign = models.SmallIntegerField(_("增减"))
    province = models.CharField(_("省份"), max_length=6)
    city = models.CharField(_("城市"), max_length=6)
    industry = models.CharField(_("行业"), max_length=2)
    sector = models.PositiveSmallIntegerField(_("三次产业"))
    category = models.CharField(_("产品类别"), max_length=12)
    month = models.CharField(_("月份"), max_length=7)
    level = models.CharField(_("对标结论"), max_length=12)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("待计统计")
        verbose_name_plural = pgettext_lazy("plural", "待计统计")
        constraints = [
            models.CheckConstraint(condition=Q(sign__in=[-1, 1]), name="stat_delta_sign"),
        ]

    def __str__(self) -> str:
        return f"{self.sign:+d} {self.city}/{self.category}/{self.month}/{self.level}"


class StandardChangeFlag(models.Model):
    """A plan version (``result`` empty) or a published result (``result`` set) compared with a
    standard that is replaced or withdrawn, or is to be: written set-based by
    ``standard_changes_flag`` and kept at the standard's latest stage."""

    standard = models.ForeignKey(Standard, verbose_name=_("标准"), on_delete=models.CASCADE, related_name="+")
    plan_version = models.ForeignKey(
        PlanVersion, verbose_name=_("方案版本"), on_delete=models.CASCADE, related_name="+", db_index=False
    )
    result = models.ForeignKey(
        BenchmarkResult, verbose_name=_("对标结果"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="standard_flags", db_index=False,
    )
    stage = models.CharField(_("标准状态"), max_length=16, choices=StandardStage.choices)
    flagged_at = models.DateTimeField(_("标记时间"))
    stage_changed_at = models.DateTimeField(_("状态变化时间"))

    class Meta:
        verbose_name = _("标准变更标记")
        verbose_name_plural = pgettext_lazy("plural", "标准变更标记")
        constraints = [
            models.UniqueConstraint(fields=["standard", "plan_version"], condition=Q(result__isnull=True),
                                    name="standard_flag_one_per_plan_version"),
            models.UniqueConstraint(fields=["standard", "result"], condition=Q(result__isnull=False),
                                    name="standard_flag_one_per_result"),
        ]
        indexes = [
            models.Index(fields=["plan_version"], name="standard_flag_plan_version"),
            models.Index(fields=["result"], name="standard_flag_result", condition=Q(result__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.standard_id}: {self.result_id or self.plan_version_id} ({self.stage})"


class StandardChangeNotice(models.Model):
    """What a party is told when a standard it compared with changes: one notice per standard,
    stage and party (an enterprise for its results and own plans, an institution for the industry
    plans it drafted), listing what the flags hold when it is opened."""

    standard = models.ForeignKey(Standard, verbose_name=_("标准"), on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(_("标准状态"), max_length=16, choices=StandardStage.choices)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), null=True, blank=True, on_delete=models.CASCADE, related_name="+",
    )
    institution = models.ForeignKey(
        Institution, verbose_name=_("机构"), null=True, blank=True, on_delete=models.CASCADE, related_name="+",
    )
    created_at = models.DateTimeField(_("通知时间"))
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("标准变更通知")
        verbose_name_plural = pgettext_lazy("plural", "标准变更通知")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(enterprise__isnull=True, institution__isnull=False)
                                   | Q(enterprise__isnull=False, institution__isnull=True),
                                   name="standard_notice_one_party"),
            models.UniqueConstraint(fields=["enterprise", "standard", "stage"], condition=Q(enterprise__isnull=False),
                                    name="standard_notice_one_per_enterprise"),
            models.UniqueConstraint(fields=["institution", "standard", "stage"],
                                    condition=Q(institution__isnull=False), name="standard_notice_one_per_institution"),
        ]

    def __str__(self) -> str:
        return f"{self.standard_id} {self.stage} → {self.enterprise_id or self.institution_id}"


class FlaggedStandards(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(pk__in=StandardChangeFlag.objects.values("standard_id"))


class StandardChangeImpact(Standard):
    """The campaign office's view of a changed standard: the plans and results compared with it,
    and how many were benchmarked again (``selectors.standard_change_impact``). Only standards
    that something compares with and that changed are rows of it."""

    objects = FlaggedStandards()

    class Meta:
        proxy = True
        verbose_name = _("标准变更影响")
        verbose_name_plural = pgettext_lazy("plural", "标准变更影响")


class LeaderRank(models.Model):
    """A published result's place among the published results of its plan version (领跑者), on
    one core indicator at one test condition, or overall (``plan_indicator`` empty). Written by a
    worker from the stored values (``services.ranking``), read by the plan's page and the API."""

    plan_version = models.ForeignKey(PlanVersion, verbose_name=_("方案版本"), on_delete=models.CASCADE,
                                     related_name="+", db_index=False)
    result = models.ForeignKey(BenchmarkResult, verbose_name=_("对标结果"), on_delete=models.CASCADE,
                               related_name="ranks", db_index=False)
    plan_indicator = models.ForeignKey(PlanIndicator, verbose_name=_("核心指标"), null=True, blank=True,
                                       on_delete=models.CASCADE, related_name="+", db_index=False)
    condition = models.CharField(_("测试条件"), max_length=120, blank=True)
    # In the indicator's plan unit; overall: the mean of the result's places as fractions (0 best).
    value = models.FloatField(_("数值"))
    rank = models.PositiveIntegerField(_("名次"))
    ranked = models.PositiveIntegerField(_("参评数"))

    class Meta:
        verbose_name = _("领跑者排名")
        verbose_name_plural = pgettext_lazy("plural", "领跑者排名")
        indexes = [
            models.Index(fields=["plan_version", "plan_indicator", "condition", "rank"], name="leader_rank_column"),
            models.Index(fields=["result"], name="leader_rank_result"),
        ]

    def __str__(self) -> str:
        return f"{self.result_id}: {self.rank}/{self.ranked}"
