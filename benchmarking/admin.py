from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .admin_base import BigTableAdmin, EventInline
from .models import (
    Activity,
    Heartbeat,
    Industry,
    PlanEvent,
    PlanIndicator,
    PlanRequirement,
    PlanStandard,
    PlanVersion,
    ProductCategory,
    Region,
    TechnicalPlan,
)


class ParticipationFilter(admin.SimpleListFilter):
    title = _("参与情况")
    parameter_name = "participation"

    def lookups(self, request, model_admin):
        return [("taking_part", _("参与行动")), ("pilot", _("试点城市")), ("none", _("未参与"))]

    def queryset(self, request, queryset):
        match self.value():
            case "taking_part":
                return queryset.filter(taking_part_since__isnull=False)
            case "pilot":
                return queryset.filter(pilot_since__isnull=False)
            case "none":
                return queryset.filter(taking_part_since__isnull=True)
        return queryset


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent", "taking_part_since", "pilot_since")
    list_select_related = ("parent",)
    list_filter = ("level", ParticipationFilter)
    search_fields = ("code", "name", "name_en")
    readonly_fields = ("province", "city")
    autocomplete_fields = ("parent",)
    list_per_page = 100


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "level", "parent", "sector")
    list_select_related = ("parent",)
    list_filter = ("level", "sector")
    search_fields = ("code", "name_zh", "name_en")
    list_per_page = 120


@admin.register(ProductCategory)
class ProductCategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "industry")
    list_select_related = ("industry",)
    list_filter = ("industry__sector", "industry__parent")
    search_fields = ("code", "name_zh", "name_en")
    autocomplete_fields = ("industry",)


class PlanVersionInline(admin.TabularInline):
    model = PlanVersion
    extra = 0
    fields = ("number", "status", "published_at")
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TechnicalPlan)
class TechnicalPlanAdmin(BigTableAdmin):
    list_display = ("code", "title_zh", "category", "author_kind", "drafting_body", "city", "created_at")
    list_select_related = ("category", "city")
    list_filter = ("author_kind",)
    search_fields = ("code", "title_zh", "drafting_body")
    autocomplete_fields = ("category", "enterprise", "institution", "city")
    readonly_fields = ("created_by", "created_at")
    inlines = (PlanVersionInline,)


class PlanStandardInline(admin.TabularInline):
    model = PlanStandard
    extra = 0
    autocomplete_fields = ("standard",)


class PlanIndicatorInline(admin.TabularInline):
    model = PlanIndicator
    extra = 0
    autocomplete_fields = ("indicator",)


class PlanRequirementInline(admin.TabularInline):
    model = PlanRequirement
    extra = 0
    fields = ("plan_standard", "plan_indicator", "minimum", "maximum", "unit", "condition")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(
            "plan_standard__standard", "plan_indicator__indicator"
        )


class PlanEventInline(EventInline):
    model = PlanEvent


@admin.register(PlanVersion)
class PlanVersionAdmin(BigTableAdmin):
    list_display = ("__str__", "plan_title", "status", "published_at")
    list_select_related = ("plan",)
    list_filter = ("status", "plan__author_kind")
    search_fields = ("plan__code", "plan__title_zh")
    readonly_fields = ("plan", "number", "status", "submitted_at", "published_at")
    inlines = (PlanStandardInline, PlanIndicatorInline, PlanRequirementInline, PlanEventInline)

    @admin.display(description=_("方案名称"), ordering="plan__title_zh")
    def plan_title(self, obj):
        return obj.plan.title_zh


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("title_zh", "kind", "region", "held_on", "attendances")
    list_select_related = ("region",)
    list_filter = ("kind",)
    date_hierarchy = "held_on"
    search_fields = ("title_zh", "title_en")
    autocomplete_fields = ("region",)


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ("source", "token", "created_at")
    readonly_fields = ("source", "token", "created_at")

    def has_add_permission(self, request):
        return False
