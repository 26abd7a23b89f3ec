"""The counts a seed run prints, read back from the database (the truth, not the intentions)."""

from __future__ import annotations

from django.db.models import Count, F, Sum

from accounts.models import User
from benchmarking.models import Activity, ProductCategory, Region
from companies.models import Enterprise
from plans.models import PlanVersion, TechnicalPlan
from results.models import BenchmarkResult, ResultEvent, TestReport
from results.selectors import indicator_value_count
from standards.models import InternationalProposal, Standard, Translation
from thirdparty.models import Certificate, Institution

from .context import SeedContext
from .real_seed import EPIDEMIC_GROUP
from .users import DEMO_USERNAMES


def _by(queryset, field: str) -> dict:
    return {row[field]: row["n"] for row in queryset.values(field).annotate(n=Count("pk")).order_by(field)}


def summarize(ctx: SeedContext) -> list[tuple[str, str]]:
    taking_part = Region.objects.exclude(taking_part_since=None)
    cities = taking_part.filter(city_id=F("code"))
    versions = _by(PlanVersion.objects.all(), "status")
    published_plans = TechnicalPlan.objects.filter(versions__status="published")
    results = _by(BenchmarkResult.objects.all(), "status")
    levels = _by(BenchmarkResult.objects.filter(status="published"), "level")
    sectors = _by(ProductCategory.objects.all(), "industry__sector")
    institutions = _by(Institution.objects.all(), "status")
    activities = _by(Activity.objects.all(), "kind")
    attendances = Activity.objects.filter(kind="training").aggregate(n=Sum("attendances"))["n"] or 0
    epidemic = Standard.objects.filter(tags__group=EPIDEMIC_GROUP).distinct().count()
    translations = _by(Translation.objects.all(), "status")
    return [
        ("规模 scale / 随机种子 seed", f"{ctx.scale:g} / {ctx.seed}"),
        ("参与省份 provinces taking part", f"{taking_part.filter(level='province').count()}"),
        ("参与城市 cities taking part", f"{cities.count()}"),
        ("试点城市 pilot cities", f"{cities.exclude(pilot_since=None).count()}"),
        ("企业 enterprises", f"{Enterprise.objects.count()} (存量校验位 legacy USCC "
                           f"{Enterprise.objects.filter(uscc_legacy_checksum=True).count()})"),
        ("已发布方案 published plans", f"{published_plans.count()} (行业 industry "
                                    f"{published_plans.filter(author_kind='industry').count()}, 企业 enterprise "
                                    f"{published_plans.filter(author_kind='enterprise').count()})"),
        ("方案 草稿/已提交/已退回 plans draft/submitted/returned",
         f"{versions.get('draft', 0)} / {versions.get('submitted', 0)} / {versions.get('returned', 0)}"),
        ("已发布结果 published results", f"{results.get('published', 0)} (领先 {levels.get('leading', 0)}, 达标 "
                                      f"{levels.get('attained', 0)}, 未达标 {levels.get('not_attained', 0)})"),
        ("结果 草稿/已提交/已退回 results draft/submitted/returned",
         f"{results.get('draft', 0)} / {results.get('submitted', 0)} / {results.get('returned', 0)}"),
        ("指标值 indicator values", f"{indicator_value_count()}"),
        ("检测报告 test reports", f"{TestReport.objects.count()}"),
        ("流转记录 result events", f"{ResultEvent.objects.count()}"),
        ("产品类别 product categories", f"{sum(sectors.values())} (一/二/三产业 sectors 1/2/3: "
                                      f"{sectors.get(1, 0)} / {sectors.get(2, 0)} / {sectors.get(3, 0)})"),
        ("已认定机构 accredited institutions", f"{institutions.get('accredited', 0)} (申请中 applied "
                                            f"{institutions.get('applied', 0)}, 未通过 rejected "
                                            f"{institutions.get('rejected', 0)}; 证书 certificates "
                                            f"{Certificate.objects.count()})"),
        ("会议/文章/培训/讲座 meetings/articles/trainings/lectures",
         f"{activities.get('meeting', 0)} / {activities.get('article', 0)} / {activities.get('training', 0)} "
         f"({attendances} 人次 attendances) / {activities.get('lecture', 0)}"),
        ("防疫标准 anti-epidemic standards", f"{epidemic} (合成 synthetic "
                                          f"{ctx.counts.get('epidemic_standards_synthetic', 0)}, 引用 cited "
                                          f"{epidemic - ctx.counts.get('epidemic_standards_synthetic', 0)})"),
        ("外文版 translations", f"{sum(translations.values())} (已发布 published {translations.get('published', 0)})"),
        ("国际标准提案 international proposals", f"{InternationalProposal.objects.count()}"),
        ("演示账号 demo logins", ", ".join(User.objects.filter(username__in=DEMO_USERNAMES)
                                          .order_by("username").values_list("username", flat=True))),
    ]
