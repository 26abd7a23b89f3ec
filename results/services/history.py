"""A product's history: each result follows the latest earlier published result of the same
product (same enterprise, product name, brand and model) against an earlier version of the same
plan, so the public page can say “未达标 2022 → 达标 2024” and the statistics count the products
that moved up a level. Set-based for imports; the enterprise's improvement measures on a result
short of the benchmark."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.models import ReviewStatus
from core.services import model_update
from core.workflow import TransitionRefused
from plans.models import PlanVersion
from verdict import Level

from ..models import BenchmarkResult, product_key_sql
from ..rules import owns_result

__all__ = ["result_set_improvement", "results_link_predecessors"]


def results_link_predecessors(*, version: PlanVersion, result_ids: Sequence[int] | None = None) -> bool:
    """Link results of ``version`` that have no predecessor yet (``result_ids``, or all of them) to
    the latest published result of the same product against an earlier version of the plan: one
    UPDATE, each row one unique-index probe per earlier version (none when the plan has no
    earlier version: the common case costs one query). Whether any row may have been linked."""
    earlier = list(PlanVersion.objects.filter(plan_id=version.plan_id, number__lt=version.number)
                   .order_by("-number").values_list("pk", flat=True))
    if not earlier or (result_ids is not None and not result_ids):
        return False
    results, versions = (connection.ops.quote_name(BenchmarkResult._meta.db_table),
                         connection.ops.quote_name(PlanVersion._meta.db_table))
    only = f"AND r.id IN ({', '.join(['%s'] * len(result_ids))})" if result_ids is not None else ""
    def same_product(row: str) -> str:
        return (f"p.plan_version_id IN ({', '.join(['%s'] * len(earlier))}) AND p.enterprise_id = {row}.enterprise_id "
                f"AND {product_key_sql(connection.vendor, 'p')} = {product_key_sql(connection.vendor, row)} "
                f"AND p.product_name = {row}.product_name AND p.brand = {row}.brand AND p.model = {row}.model "
                f"AND p.status = %s")

    match = [*earlier, ReviewStatus.PUBLISHED]
    with connection.cursor() as cursor:
        # Only rows that have an earlier result are written: a row rewritten to NULL costs as much.
        cursor.execute(
            f"UPDATE {results} SET predecessor_id = ("
            f"SELECT p.id FROM {results} p JOIN {versions} pv ON pv.id = p.plan_version_id "
            f"WHERE {same_product(results)} ORDER BY pv.number DESC, p.id DESC LIMIT 1) "
            f"WHERE {results}.id IN (SELECT r.id FROM {results} r WHERE r.plan_version_id = %s "
            f"AND r.predecessor_id IS NULL {only} AND EXISTS (SELECT 1 FROM {results} p WHERE {same_product('r')}))",
            [*match, version.pk, *(result_ids or []), *match],
        )
        return cursor.rowcount != 0


@transaction.atomic
def result_set_improvement(*, actor: User, result: BenchmarkResult, measures: str,
                           due: dt.date | None) -> BenchmarkResult:
    """The enterprise's improvement measures and target date on a result short of the benchmark;
    on a published result they are public at once (audited like every public edit)."""
    result = BenchmarkResult.objects.select_for_update().get(pk=result.pk)
    if not owns_result(actor, result):
        raise TransitionRefused(_("您无权修改此对标结果。"), code="forbidden")
    if result.level != Level.NOT_ATTAINED:
        raise ValidationError(_("只有未达标的对标结果需要填写提升措施。"), code="not_short")
    if result.status == ReviewStatus.WITHDRAWN:
        raise ValidationError(_("已撤回的对标结果不能修改。"), code="withdrawn")
    measures = measures.strip()
    if due is not None and not measures:
        raise ValidationError(_("请先说明提升措施，再填写目标日期。"), code="measures_required")
    result, _changed = model_update(actor=actor, instance=result, public=result.status == ReviewStatus.PUBLISHED,
                                    data={"improvement_measures": measures, "improvement_due": due})
    return result
