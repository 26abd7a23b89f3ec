"""Benchmark results in the admin: a city office reviews its own city's, the campaign office all.

Decisions go through ``results.services`` (row lock, state and actor checks, event row); the
verdict is shown as a table per indicator × compared standard with the gaps in words.
"""

from collections import defaultdict

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.rules import is_campaign_office, is_city_office
from benchmarking.admin_scoping import CityScopedAdminMixin, ProvinceListFilter
from companies.selectors import of_enterprises_matching
from core.admin_base import BigTableAdmin, Decision, EventInline, ReadOnlyInline, ReviewAdminMixin
from core.admin_base.rules import RuleAdminMixin
from core.search import text_search
from plans.models import PlanIndicator
from standards.models import StandardStage
from verdict import Direction, Gap, Outcome, Relation, describe, label_of, requirement_text, value_text

from . import services
from .evaluation import verdict_of
from .indicator_values import IndicatorValue
from .models import BenchmarkResult, ResultEvent, StandardChangeImpact, TestReport
from .selectors import RESULT_TEXT, standard_change_impact


class TestReportInline(ReadOnlyInline):
    model = TestReport
    fields = ("report_number", "institution", "issuer_name", "issued_on", "covers_all_tested", "file_link")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("institution")

    @admin.display(description=_("报告文件"))
    def file_link(self, report):
        """The report through the download view (which checks the reader again), named "PDF"
        rather than by its random stored name."""
        if not report.file:
            return "-"
        return format_html('<a href="{}" class="report-file">PDF</a>', report.file.url)


class ResultEventInline(EventInline):
    model = ResultEvent


class BenchmarkResultForm(forms.ModelForm):
    class Meta:
        model = BenchmarkResult
        fields = ("product_name", "brand", "model", "enterprise_standard")

    def clean(self):
        cleaned = super().clean()
        # The uniqueness constraint includes the (read-only) enterprise and plan version, which
        # the form's own constraint check leaves out: check it here rather than fail in the DB.
        clash = BenchmarkResult.objects.filter(
            enterprise_id=self.instance.enterprise_id, plan_version_id=self.instance.plan_version_id,
            product_name=cleaned.get("product_name", "").strip(), brand=cleaned.get("brand", "").strip(),
            model=cleaned.get("model", "").strip(),
        ).exclude(pk=self.instance.pk)
        if self.instance.pk and clash.exists():
            raise forms.ValidationError(gettext("该产品（名称、品牌、型号）已有针对此方案版本的对标结果。"))
        return cleaned


def _approve(*, actor, obj, reason=""):
    return services.result_approve(actor=actor, result=obj)


def _return(*, actor, obj, reason):
    return services.result_return(actor=actor, result=obj, reason=reason)


@admin.register(BenchmarkResult)
class BenchmarkResultAdmin(ReviewAdminMixin, CityScopedAdminMixin, BigTableAdmin):
    form = BenchmarkResultForm
    list_display = ("product", "enterprise", "category", "level", "status", "city", "submitted_at", "published_at")
    list_select_related = ("enterprise", "category", "city")
    list_filter = ("status", "level", ProvinceListFilter, "industry__sector")
    search_fields = ("product_name", "brand", "model", "enterprise__name", "=enterprise__uscc")
    date_hierarchy = "published_at"
    # Per status, the latest publication date is at the end of an index: result_published for the
    # published rows, result_in_review (status, -published_at, …) for the others.
    date_hierarchy_indexed_after = "status"

    def get_search_results(self, request, queryset, search_term):
        """The public search (core.search, index-served): the product, brand or model, or the
        enterprise's name or code."""
        term = search_term.strip()
        if not term:
            return queryset, False
        return queryset.filter(text_search(term, RESULT_TEXT,
                                           also=of_enterprises_matching(term))), False
    scope_field = "city"
    # Results are created by their enterprise (results.services.result_create, which binds the
    # city); status and publication move only through the review decisions. A published result
    # leaves by being withdrawn, never deleted: deleting it would delete its history too.
    add_rule = None
    delete_rule = None
    fieldsets = (
        (_("产品"), {"fields": ("enterprise", "plan_version", "product_name", "brand", "model",
                                "enterprise_standard")}),
        (_("审核与发布"), {"fields": ("status", "level", "submitted_at", "published_at", "withdrawn_at")}),
        (_("指标值"), {"fields": ("values_table",)}),
        (_("比对结论"), {"fields": ("verdict_table",)}),
        (_("归属"), {"fields": ("category", "industry", "city", "province", "created_at", "updated_at"),
                     "classes": ("collapse",)}),
    )
    locked_fields = (
        "enterprise", "plan_version", "category", "industry", "city", "province", "status", "level",
        "values_table", "verdict_table", "submitted_at", "published_at", "withdrawn_at", "created_at", "updated_at",
    )
    inlines = (TestReportInline, ResultEventInline)
    review_workflow = services.RESULT_WORKFLOW
    review_rule = is_campaign_office | is_city_office
    review_decisions = (
        Decision("approve", _("审核通过并发布"), _("审核通过并发布所选"), _approve),
        Decision("return", _("退回修改"), _("退回所选"), _return, requires_reason=True, style="return"),
    )

    @admin.display(description=_("产品"), ordering="product_name")
    def product(self, obj):
        return str(obj)

    @admin.display(description=_("指标值"))
    def values_table(self, obj):
        """The values as the enterprise entered them (in its portal, which recomputes the verdict)."""
        indicators = {pi.pk: pi for pi in obj.plan_version.indicators.select_related("indicator")}
        values = sorted((value for value in obj.values if value.plan_indicator_id in indicators), key=lambda value: (
            indicators[value.plan_indicator_id].position, value.plan_indicator_id, value.condition))
        rows = [(indicators[value.plan_indicator_id].indicator.name_zh, value.condition or "—",
                 value_text(value.declared_value), value_text(value.tested_value),
                 self._test_outcome(value, indicators[value.plan_indicator_id]),
                 value.unit or indicators[value.plan_indicator_id].unit or "—")
                for value in values]
        if not rows:
            return gettext("尚未填写指标值。")
        header = format_html_join("", "<th scope='col'>{}</th>", ((label,) for label in (
            gettext("指标"), gettext("测试条件"), gettext("企业标准值"), gettext("实测值"), gettext("检验结果"),
            gettext("单位"))))
        body = format_html_join("", "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                                    "<td>{}</td></tr>", rows)
        return format_html(
            "<table class='verdict-table values-table'><thead><tr>{}</tr></thead><tbody>{}</tbody></table>",
            header, body)

    @staticmethod
    def _test_outcome(value: IndicatorValue, plan_indicator: PlanIndicator) -> str:
        """合格 / 不合格 for a pass/fail indicator; nothing for a measured one (not an unknown "?")."""
        if value.passed is None:
            return "—" if plan_indicator.direction == Direction.PASS_FAIL else ""
        return gettext("合格") if value.passed else gettext("不合格")

    @admin.display(description=_("比对明细"))
    def verdict_table(self, obj):
        verdict = verdict_of(obj).to_json()
        cells = verdict.get("cells") or []
        if not cells:
            return gettext("尚无比对结论（指标值未填写）。")
        names = {
            pi.indicator.key: str(pi.indicator.name_zh)
            for pi in obj.plan_version.indicators.select_related("indicator")
        }
        standards, rows = [], defaultdict(lambda: defaultdict(list))
        for cell in cells:
            label = f"{cell['standard_code']} {cell.get('grade') or ''}".strip()
            if (label, cell.get("is_benchmark")) not in standards:
                standards.append((label, cell.get("is_benchmark")))
            rows[cell["indicator_key"]][label].append(cell)
        header = format_html_join(
            "", "<th scope='col'>{}{}</th>",
            ((label, gettext(" ★对标") if benchmark else "") for label, benchmark in standards),
        )
        body = format_html_join("", "<tr><th scope='row'>{}</th>{}</tr>", (
            (names.get(key, key), format_html_join("", "<td>{}</td>", (
                (self._cells_html(by_standard.get(label, [])),) for label, _benchmark in standards
            )))
            for key, by_standard in rows.items()
        ))
        gaps = [describe(Gap.from_json(gap)) for gap in verdict.get("gaps") or []]
        notes = [describe(Gap.from_json(note)) for note in verdict.get("notes") or []]
        return format_html(
            "<div class='verdict'><p class='verdict-level verdict-{}'>{}：<strong>{}</strong></p>"
            "<table class='verdict-table'><thead><tr><th scope='col'>{}</th>{}</tr></thead><tbody>{}</tbody></table>"
            "{}{}</div>",
            obj.level or "none", gettext("对标结论"), obj.get_level_display() or "—", gettext("指标"), header, body,
            self._list_html(gettext("差距（对标标准、强制性标准未满足）"), gaps, "verdict-gaps"),
            self._list_html(gettext("其他比对标准未满足（仅供参考）"), notes, "verdict-notes"),
        )

    @staticmethod
    def _cells_html(cells):
        if not cells:
            return "—"
        return format_html_join(
            "", "<div class='verdict-cell verdict-{}'>{}{} <span class='verdict-limit'>{}{}</span>"
            "<span class='verdict-value'>{}</span></div>",
            (
                (
                    cell.get("outcome"), label_of(Outcome, cell.get("outcome")),
                    f" · {label_of(Relation, cell['relation'])}" if cell.get("relation") else "",
                    requirement_text(cell.get("direction", ""), cell.get("minimum"), cell.get("maximum"),
                                     cell.get("unit") or ""),
                    f"（{cell['requirement_condition']}）" if cell.get("requirement_condition") else "",
                    gettext("比对值 %(value)s") % {"value": value_text(cell.get("value"))},
                )
                for cell in cells
            ),
        )

    @staticmethod
    def _list_html(title, items, css_class):
        if not items:
            return ""
        return format_html(
            "<div class='{}'><p>{}</p><ul>{}</ul></div>", css_class, title,
            format_html_join("", "<li>{}</li>", ((item,) for item in items)),
        )


@admin.register(StandardChangeImpact)
class StandardChangeImpactAdmin(RuleAdminMixin, admin.ModelAdmin):
    """Per standard replaced or withdrawn (or about to be): what compares with it and how far the
    enterprises have come in benchmarking again. Read-only: the figures follow from the flags."""

    view_rule = is_campaign_office
    list_display = ("code", "title_zh", "stage_label", "replacement", "plans_affected", "results_affected",
                    "results_rebenchmarked", "rebenchmarks_published")
    search_fields = ("code", "title_zh")
    ordering = ("code",)

    def get_queryset(self, request):
        return standard_change_impact(super().get_queryset(request))

    @admin.display(description=_("状态"))
    def stage_label(self, standard) -> str:
        return StandardStage(standard.stage(timezone.localdate())).label

    @admin.display(description=_("代替标准"))
    def replacement(self, standard) -> str:
        replaced_by = standard.replaced_by
        if replaced_by is None:
            return "—"
        when = replaced_by.effective_on.isoformat() if replaced_by.effective_on else "—"
        return gettext("%(code)s（%(date)s 实施）") % {"code": replaced_by.code, "date": when}

    @admin.display(description=_("受影响方案版本"), ordering="plans_affected")
    def plans_affected(self, standard) -> int:
        return standard.plans_affected

    @admin.display(description=_("受影响已发布结果"), ordering="results_affected")
    def results_affected(self, standard) -> int:
        return standard.results_affected

    @admin.display(description=_("已重新对标"), ordering="results_rebenchmarked")
    def results_rebenchmarked(self, standard) -> int:
        return standard.results_rebenchmarked

    @admin.display(description=_("重新对标已发布"), ordering="rebenchmarks_published")
    def rebenchmarks_published(self, standard) -> int:
        return standard.rebenchmarks_published
