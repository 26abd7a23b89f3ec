from django.contrib import admin

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


class RequirementInline(admin.TabularInline):
    model = Requirement
    extra = 0
    autocomplete_fields = ("indicator",)
    fields = ("indicator", "grade", "minimum", "maximum", "unit", "condition", "source")


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ("code", "title_zh", "kind", "country", "issuing_body", "status", "effective_on")
    list_filter = ("kind", "status", "tags", "country")
    search_fields = ("code", "title_zh", "title_en", "issuing_body")
    readonly_fields = ("prefix", "number", "year")
    autocomplete_fields = ("replaced_by",)
    filter_horizontal = ("tags",)
    inlines = (RequirementInline,)
    list_per_page = 50


@admin.register(StandardTag)
class StandardTagAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_zh", "name_en", "group")
    list_filter = ("group",)
    search_fields = ("slug", "name_zh", "name_en")


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("key", "name_zh", "name_en", "unit", "direction")
    list_filter = ("direction",)
    search_fields = ("key", "name_zh", "name_en")


@admin.register(Requirement)
class RequirementAdmin(admin.ModelAdmin):
    list_display = ("standard", "indicator", "grade", "minimum", "maximum", "unit", "condition")
    list_select_related = ("standard", "indicator")
    search_fields = ("standard__code", "indicator__name_zh", "grade")
    autocomplete_fields = ("standard", "indicator")


class ComparisonItemInline(admin.TabularInline):
    model = ComparisonItem
    extra = 0
    autocomplete_fields = ("indicator",)


class RecognitionInline(admin.TabularInline):
    model = Recognition
    extra = 0


@admin.register(Comparison)
class ComparisonAdmin(admin.ModelAdmin):
    list_display = ("title_zh", "standard_a", "standard_b", "kind", "is_published", "published_on")
    list_select_related = ("standard_a", "standard_b")
    list_filter = ("kind", "is_published")
    search_fields = ("title_zh", "title_en", "standard_a__code", "standard_b__code")
    autocomplete_fields = ("standard_a", "standard_b")
    inlines = (ComparisonItemInline, RecognitionInline)


@admin.register(Translation)
class TranslationAdmin(admin.ModelAdmin):
    list_display = ("standard", "language", "batch", "status", "requested_by_country", "published_on")
    list_select_related = ("standard",)
    list_filter = ("status", "language", "batch")
    search_fields = ("standard__code", "standard__title_zh")
    autocomplete_fields = ("standard",)


@admin.register(InternationalProposal)
class InternationalProposalAdmin(admin.ModelAdmin):
    list_display = ("title_zh", "body", "committee", "status", "submitted_on", "proposer")
    list_filter = ("body", "status")
    search_fields = ("title_zh", "title_en", "committee", "proposer")
    filter_horizontal = ("tags",)
