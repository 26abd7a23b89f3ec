"""The standards library: the campaign office edits it, city offices read it."""

from django.contrib import admin

from accounts.admin_base import ReadableByCityOfficesMixin
from core.admin_base import RulesFromParentInline

from .models import (
    Comparison,
    ComparisonItem,
    Indicator,
    InternationalProposal,
    Recognition,
    Requirement,
    Standard,
    StandardTag,
    Translation,
)


class RequirementInline(RulesFromParentInline):
    model = Requirement
    autocomplete_fields = ("indicator",)
    fields = ("indicator", "grade", "minimum", "maximum", "unit", "condition", "source")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator")


@admin.register(Standard)
class StandardAdmin(ReadableByCityOfficesMixin, admin.ModelAdmin):
    list_display = ("code", "title_zh", "kind", "country", "issuing_body", "status", "effective_on")
    list_filter = ("kind", "status", "tags", "country")
    search_fields = ("code", "title_zh", "title_en", "issuing_body")
    readonly_fields = ("prefix", "number", "year")
    autocomplete_fields = ("replaced_by",)
    filter_horizontal = ("tags",)
    inlines = (RequirementInline,)
    list_per_page = 50


@admin.register(StandardTag)
class StandardTagAdmin(ReadableByCityOfficesMixin, admin.ModelAdmin):
    list_display = ("slug", "name_zh", "name_en", "group")
    list_filter = ("group",)
    search_fields = ("slug", "name_zh", "name_en")


@admin.register(Indicator)
class IndicatorAdmin(ReadableByCityOfficesMixin, admin.ModelAdmin):
    list_display = ("key", "name_zh", "name_en", "unit", "direction")
    list_filter = ("direction",)
    search_fields = ("key", "name_zh", "name_en")


@admin.register(Requirement)
class RequirementAdmin(ReadableByCityOfficesMixin, admin.ModelAdmin):
    list_display = ("standard", "indicator", "grade", "minimum", "maximum", "unit", "condition")
    list_select_related = ("standard", "indicator")
    search_fields = ("standard__code", "indicator__name_zh", "grade")
    autocomplete_fields = ("standard", "indicator")


class ComparisonItemInline(RulesFromParentInline):
    model = ComparisonItem
    autocomplete_fields = ("indicator",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator")


class RecognitionInline(RulesFromParentInline):
    model = Recognition


@admin.register(Comparison)
class ComparisonAdmin(ReadableByCityOfficesMixin, admin.ModelAdmin):
    list_display = ("title_zh", "standard_a", "standard_b", "kind", "is_published", "published_on")
    list_select_related = ("standard_a", "standard_b")
    list_filter = ("kind", "is_published")
    search_fields = ("title_zh", "title_en", "standard_a__code", "standard_b__code")
    autocomplete_fields = ("standard_a", "standard_b")
    inlines = (ComparisonItemInline, RecognitionInline)


@admin.register(Translation)
class TranslationAdmin(ReadableByCityOfficesMixin, admin.ModelAdmin):
    list_display = ("standard", "language", "batch", "status", "requested_by_country", "published_on")
    list_select_related = ("standard",)
    list_filter = ("status", "language", "batch")
    search_fields = ("standard__code", "standard__title_zh")
    autocomplete_fields = ("standard",)


@admin.register(InternationalProposal)
class InternationalProposalAdmin(ReadableByCityOfficesMixin, admin.ModelAdmin):
    list_display = ("title_zh", "body", "committee", "status", "submitted_on", "proposer")
    list_filter = ("body", "status")
    search_fields = ("title_zh", "title_en", "committee", "proposer")
    filter_horizontal = ("tags",)
