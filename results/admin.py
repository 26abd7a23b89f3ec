from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from benchmarking.admin_base import BigTableAdmin, EventInline, ProvinceListFilter

from .models import BenchmarkResult, IndicatorValue, ResultEvent, TestReport


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    fields = ("plan_indicator", "declared_value", "tested_value", "passed", "unit", "condition")
    readonly_fields = ("plan_indicator",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("plan_indicator__indicator")


class TestReportInline(admin.TabularInline):
    model = TestReport
    extra = 0
    autocomplete_fields = ("institution",)


class ResultEventInline(EventInline):
    model = ResultEvent


@admin.register(BenchmarkResult)
class BenchmarkResultAdmin(BigTableAdmin):
    list_display = ("product", "enterprise", "category", "level", "status", "city", "published_at")
    list_select_related = ("enterprise", "category", "city")
    list_filter = ("status", "level", ProvinceListFilter, "industry__sector")
    search_fields = ("product_name", "brand", "model", "enterprise__name", "=enterprise__uscc")
    date_hierarchy = "published_at"
    raw_id_fields = ("enterprise", "plan_version")
    readonly_fields = (
        "category", "industry", "city", "province", "status", "level", "verdict",
        "submitted_at", "published_at", "withdrawn_at", "created_at", "updated_at",
    )
    inlines = (IndicatorValueInline, TestReportInline, ResultEventInline)

    @admin.display(description=_("产品"), ordering="product_name")
    def product(self, obj):
        return str(obj)
