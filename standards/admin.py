"""The standards library: the campaign office edits it, city offices read it.

Every save goes through a service (audited). Comparisons and translations are reviewed: they
are created in their initial state (draft, planned) with their first event, and their status
and publication date change only by the decisions on their change page or the bulk actions
(公开 / 撤回 a comparison, 开始翻译 / 发布 a translation), taken by the campaign office through
COMPARISON_WORKFLOW and TRANSLATION_WORKFLOW; the history panel lists every event.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin_base import ReadableByCityOfficesMixin
from accounts.rules import is_campaign_office
from core.admin_base import Decision, EventInline, ReviewAdminMixin, RulesFromParentInline

from . import services
from .models import (
    Comparison,
    ComparisonEvent,
    ComparisonItem,
    Indicator,
    InternationalProposal,
    Recognition,
    Requirement,
    Standard,
    StandardEvent,
    StandardTag,
    Translation,
    TranslationEvent,
)


class RequirementInline(RulesFromParentInline):
    model = Requirement
    autocomplete_fields = ("indicator",)
    fields = ("indicator", "grade", "minimum", "maximum", "unit", "condition", "source")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator")


class StandardEventInline(EventInline):
    model = StandardEvent


@admin.register(Standard)
class StandardAdmin(ReadableByCityOfficesMixin, admin.ModelAdmin):
    list_display = ("code", "title_zh", "kind", "country", "issuing_body", "issuing_body_en", "status", "effective_on")
    list_filter = ("kind", "status", "tags", "country")
    search_fields = ("code", "title_zh", "title_en", "issuing_body", "issuing_body_en")
    readonly_fields = ("prefix", "number", "year")
    autocomplete_fields = ("replaced_by",)
    filter_horizontal = ("tags",)
    inlines = (RequirementInline, StandardEventInline)
    list_per_page = 50
    # A code typed in another spelling of the stored one is no change.
    update_service = staticmethod(services.standard_update)


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


class ComparisonEventInline(EventInline):
    model = ComparisonEvent


def _publish_comparison(*, actor, obj, reason=""):
    return services.comparison_publish(actor=actor, comparison=obj)


def _withdraw_comparison(*, actor, obj, reason):
    return services.comparison_withdraw(actor=actor, comparison=obj, reason=reason)


@admin.register(Comparison)
class ComparisonAdmin(ReviewAdminMixin, ReadableByCityOfficesMixin, admin.ModelAdmin):
    list_display = ("title_zh", "standard_a", "standard_b", "kind", "status", "published_on")
    list_select_related = ("standard_a", "standard_b")
    list_filter = ("status", "kind")
    search_fields = ("title_zh", "title_en", "standard_a__code", "standard_b__code")
    autocomplete_fields = ("standard_a", "standard_b")
    locked_fields = ("status", "published_on")
    inlines = (ComparisonItemInline, RecognitionInline, ComparisonEventInline)
    delete_rule = None  # its events are append-only and keep it: a draft not wanted is withdrawn
    create_service = staticmethod(services.comparison_create)
    review_workflow = services.COMPARISON_WORKFLOW
    review_rule = is_campaign_office
    review_select_related = ("standard_a", "standard_b")
    review_decisions = (
        Decision("publish", _("公开"), _("公开所选比对"), _publish_comparison),
        Decision("withdraw", _("撤回"), _("撤回所选比对"), _withdraw_comparison, requires_reason=True,
                 style="return"),
    )
    queue_ordering = ()  # nothing waits for review: the office decides when to publish


class TranslationEventInline(EventInline):
    model = TranslationEvent


def _start_translation(*, actor, obj, reason=""):
    return services.translation_start(actor=actor, translation=obj)


def _publish_translation(*, actor, obj, reason=""):
    return services.translation_publish(actor=actor, translation=obj)


def _cancel_translation(*, actor, obj, reason):
    return services.translation_cancel(actor=actor, translation=obj, reason=reason)


@admin.register(Translation)
class TranslationAdmin(ReviewAdminMixin, ReadableByCityOfficesMixin, admin.ModelAdmin):
    list_display = ("standard", "language", "batch", "status", "requested_by_country", "published_on")
    list_select_related = ("standard",)
    list_filter = ("status", "language", "batch")
    search_fields = ("standard__code", "standard__title_zh")
    autocomplete_fields = ("standard",)
    locked_fields = ("status", "published_on")
    inlines = (TranslationEventInline,)
    delete_rule = None  # its events are append-only and keep it: a plan dropped is cancelled
    create_service = staticmethod(services.translation_create)
    review_workflow = services.TRANSLATION_WORKFLOW
    review_rule = is_campaign_office
    review_select_related = ("standard",)
    review_decisions = (
        Decision("start", _("开始翻译"), _("所选外文版开始翻译"), _start_translation),
        Decision("publish", _("发布"), _("发布所选外文版"), _publish_translation),
        Decision("cancel", _("撤销"), _("撤销所选外文版"), _cancel_translation, requires_reason=True,
                 style="return"),
    )
    queue_ordering = ()


@admin.register(InternationalProposal)
class InternationalProposalAdmin(ReadableByCityOfficesMixin, admin.ModelAdmin):
    list_display = ("title_zh", "body", "committee", "status", "submitted_on", "proposer")
    list_filter = ("body", "status")
    search_fields = ("title_zh", "title_en", "committee", "proposer")
    filter_horizontal = ("tags",)
