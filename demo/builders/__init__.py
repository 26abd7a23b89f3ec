"""Build the whole demo data set: ``build_demo(scale=…, seed=…)``. See demo/management/commands/seed_demo.py."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import connection, transaction

from benchmarking.models import Industry, ProductCategory, Region
from companies.models import Enterprise
from core.queue import enqueue_on_commit
from plans.models import PlanEvent, PlanIndicator, PlanRequirement, PlanStandard, PlanVersion, TechnicalPlan
from results.models import BenchmarkResult, ResultEvent, TestReport
from results.services.standard_changes import standard_changes_flag
from results.services.statistics import stats_rebuild
from standards.models import Standard
from thirdparty.models import Institution

from .activities import build_activities
from .catalog import Category, build_catalogue, upsert_indicators
from .codes import CodeBook
from .compact import SeenTexts
from .context import SeedContext
from .flush import flush_campaign_data
from .geo import ReferenceDataMissing, build_participation
from .library import build_epidemic_library, build_proposals, build_translations
from .parties import build_enterprises, build_institutions
from .plans import Actors, allocate_industry_plans, build_plans, seed_plan_info
from .real_seed import load_real_seed, upsert_tags
from .results import build_results
from .summary import summarize
from .users import ensure_city, ensure_parties, ensure_staff
from .writer import BulkWriter, foreign_keys_checked_after, indexes_built_after, seeded_timestamps

__all__ = ["DemoDataExists", "ReferenceDataMissing", "build_demo"]


def peak_rss_mb() -> float:
    """The process's peak resident memory so far, for the step log (0 where unknown)."""
    try:
        import resource
    except ImportError:  # not on every platform
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class DemoDataExists(RuntimeError):
    pass


def immediate_constraints() -> None:
    """PostgreSQL checks Django's foreign keys at commit by default (DEFERRABLE INITIALLY
    DEFERRED): for a large demo that is a queue of millions of pending checks in the server's
    memory. Checking each batch as it is written costs the same and keeps the queue short."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def build_demo(*, scale: float, seed: int, password: str, flush: bool = False, processes: int | None = None,
               log: Callable[[str], None] = print) -> list[tuple[str, str]]:
    """Write the demo; returns the summary rows (label, count). Refuses a database that already
    has enterprises unless ``flush``; everything happens in one transaction. ``processes``
    generate the results (default: one per core, at most four); the data is the same whatever
    their number."""
    if not Region.objects.exists() or not Industry.objects.exists():
        raise ReferenceDataMissing("行政区划或行业分类未加载：请先运行 `manage.py load_reference`。")
    if Enterprise.objects.exists() and not flush:
        raise DemoDataExists("数据库中已有企业数据；如需重新生成演示数据，请加 --flush（将删除现有行动数据）。")
    started = time.monotonic()

    def step(message: str) -> None:
        log(f"[{time.monotonic() - started:6.1f}s {peak_rss_mb():5.0f} MB] {message}")

    with transaction.atomic(), seeded_timestamps():
        immediate_constraints()
        if flush:
            step("清空行动数据 flushing campaign data")
            flush_campaign_data()
        ctx = SeedContext(seed=seed, scale=scale, writer=BulkWriter(), log=log)
        step("参与省市与试点城市 participation")
        campaign = build_participation(ctx)
        step("引用标准与方案 cited seed library and plans")
        seed_plans = load_real_seed()
        tags = upsert_tags()
        codebook = CodeBook(set(Standard.objects.values_list("code", flat=True)))
        step("防疫标准库 anti-epidemic library")
        chinese = build_epidemic_library(ctx, codebook, tags)
        build_translations(ctx, chinese)

        step("产品类别与标准 categories and their standards")
        seed_categories = [
            Category(id=p.category_id, code="", name=p.category_name, division=p.division,
                     sector=Industry.objects.get(code=p.division).sector, family="", indicator_keys=[],
                     standards=[], seed_plan_codes=(str(p.version_id),))
            for p in seed_plans
        ]
        synthetic = build_catalogue(ctx, seed_categories, codebook)
        # The digests of every code handed out: no step after the catalogue draws a code.
        del codebook, chinese
        allocation, n_enterprise_plans = allocate_industry_plans(ctx, synthetic, len(seed_plans))
        with_plans = seed_categories + [c for c in synthetic if allocation[c.id]]
        demo_category = next((c for c in seed_categories if c.division == "17"), with_plans[0])

        step("演示账号与机构 logins and institutions")
        _admin, office = ensure_staff(password)
        city_user = ensure_city(password, campaign.demo_city.code, campaign.demo_city.name)
        usccs = SeenTexts(Institution.objects.values_list("uscc", flat=True).iterator())
        institutions = build_institutions(ctx, campaign, seed_categories + synthetic, demo_category, usccs, office.pk)
        build_proposals(ctx, tags, [name for _id, name, kind in institutions.accredited
                                    if kind in ("standards_institute", "association")])
        step("企业 enterprises")
        # Sixteen indexes and four foreign keys, 1.6 million rows at scale 100.
        with indexes_built_after(Enterprise), foreign_keys_checked_after(Enterprise), ctx.writer.overlapped():
            enterprises = build_enterprises(ctx, campaign, with_plans, demo_category, usccs)
        del usccs  # 1.6 million digests at scale 100 (32 MB): every USCC is drawn by now
        enterprise_user, institution_user = ensure_parties(
            password, enterprises.ids[enterprises.demo], enterprises.name[enterprises.demo], institutions.demo,
            institutions.names[institutions.demo],
        )
        actors = Actors(office=office.pk, city=city_user.pk, city_code=campaign.demo_city.code,
                        enterprise=enterprise_user.pk, institution=institution_user.pk)
        city_names = {c.code: c.name for c in campaign.cities}

        step("对标技术方案 plans")
        indicators = upsert_indicators()
        plan_tables = (TechnicalPlan, PlanVersion, PlanStandard, PlanIndicator, PlanRequirement, PlanEvent)
        with indexes_built_after(*plan_tables), foreign_keys_checked_after(*plan_tables), ctx.writer.overlapped():
            book = build_plans(ctx, synthetic, allocation, n_enterprise_plans, enterprises, institutions, actors,
                               indicators, city_names)
        for plan in seed_plans:
            book.industry_by_category.setdefault(plan.category_id, []).append(
                seed_plan_info(plan.version_id, plan.category_id))
        step("对标结果 results")
        category_names = dict(ProductCategory.objects.values_list("id", "name_zh"))
        category_industry = dict(ProductCategory.objects.values_list("id", "industry_id"))
        result_tables = (BenchmarkResult, ResultEvent, TestReport)
        with indexes_built_after(*result_tables), foreign_keys_checked_after(*result_tables):
            build_results(ctx, enterprises, book, institutions, actors, category_names, category_industry,
                          city_names, processes=processes)
        step("标准变更标记 standard changes")
        standard_changes_flag(mail=False)
        step("活动 activities")
        build_activities(ctx, campaign)
        ctx.writer.analyze()
        step("统计表 statistics tables")
        stats_rebuild()
        # 领跑者 ranks: a worker writes them once the demo is committed (as the nightly run does).
        enqueue_on_commit("results.tasks.rank_all_plans")
        step("统计 summary")
        rows = summarize(ctx)
        step("提交（外键检查）commit")
    step("完成 done")
    return rows
