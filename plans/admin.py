"""Technical plans in the admin, and their review.

City offices review their own enterprises' plans (``PlanVersion``) and read the published
industry plans; the campaign office reviews industry plans and sees everything. Plan content is
written through the plan portal's services (which check that the verdict engine can evaluate
it), so here it is shown, not edited.
"""

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from accounts.rules import is_campaign_office, is_city_office
from benchmarking.admin_scoping import CityScopedAdminMixin
from core.admin_base import BigTableAdmin, Decision, EventInline, ReadOnlyInline, ReviewAdminMixin
from core.models import ReviewStatus

from . import services as plan_services
from .models import (
    PlanAuthorKind,
    PlanEvent,
    PlanIndicator,
    PlanRequirement,
    PlanStandard,
    PlanVersion,
    TechnicalPlan,
)

# Industry plans a city office may read: those published once (the public sees them too).
PUBLISHED_ONCE = (ReviewStatus.PUBLISHED, ReviewStatus.SUPERSEDED)


def _city_office_plan_scope(user, city_path: str, kind_path: str, published_once) -> Q:
    """A city office's plans: its own enterprises', and the industry plans published once."""
    return Q(**{city_path: user.region_id}) | (Q(**{kind_path: PlanAuthorKind.INDUSTRY}) & published_once)


class PlanVersionInline(ReadOnlyInline):
    model = PlanVersion
    fields = ("number", "status", "submitted_at", "published_at")
    show_change_link = True
    classes = ()  # keep the row caption: it carries the link to the version

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_campaign_office(request.user):
            return queryset
        # The drafts of an industry plan are its authors' and the campaign office's business.
        return queryset.filter(Q(plan__author_kind=PlanAuthorKind.ENTERPRISE) | Q(status__in=PUBLISHED_ONCE))


@admin.register(TechnicalPlan)
class TechnicalPlanAdmin(CityScopedAdminMixin, BigTableAdmin):
    list_display = ("code", "title_zh", "category", "author_kind", "drafting_body", "city", "created_at")
    list_select_related = ("category", "city")
    list_filter = ("author_kind",)
    search_fields = ("code", "title_zh", "drafting_body")
    # Plans are created through the plan portal's services (plan_create / plan_adopt), which bind
    # the author and the reviewing city; the admin corrects titles, nothing that decides scope.
    # Deleting a plan would delete its versions' history: nobody deletes plans here.
    add_rule = None
    delete_rule = None
    locked_fields = ("code", "category", "author_kind", "enterprise", "institution", "city", "created_by",
                     "created_at")
    inlines = (PlanVersionInline,)

    def scope_q(self, user):
        if is_city_office(user) and not is_campaign_office(user):
            published_once = Exists(PlanVersion.objects.filter(plan=OuterRef("pk"), status__in=PUBLISHED_ONCE))
            return _city_office_plan_scope(user, "city_id", "author_kind", published_once)
        return super().scope_q(user)

    def object_in_scope(self, user, obj):
        if is_city_office(user) and obj.author_kind == PlanAuthorKind.INDUSTRY:
            return obj.versions.filter(status__in=PUBLISHED_ONCE).exists()
        return super().object_in_scope(user, obj)


class PlanStandardInline(ReadOnlyInline):
    model = PlanStandard
    fields = ("position", "standard", "grade", "is_benchmark")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("standard")


class PlanIndicatorInline(ReadOnlyInline):
    model = PlanIndicator
    fields = ("position", "indicator", "unit", "direction", "is_difference", "requires_test", "is_core")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator")


class PlanRequirementInline(ReadOnlyInline):
    model = PlanRequirement
    fields = ("plan_indicator", "plan_standard", "minimum", "maximum", "unit", "condition")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(
            "plan_standard__standard", "plan_indicator__indicator"
        )


class PlanEventInline(EventInline):
    model = PlanEvent


def _approve_plan(*, actor, obj, reason=""):
    return plan_services.plan_approve(actor=actor, version=obj)


def _return_plan(*, actor, obj, reason):
    return plan_services.plan_return(actor=actor, version=obj, reason=reason)


@admin.register(PlanVersion)
class PlanVersionAdmin(ReviewAdminMixin, CityScopedAdminMixin, BigTableAdmin):
    list_display = ("__str__", "plan_title", "author_kind", "review_city", "status", "submitted_at", "published_at")
    list_select_related = ("plan", "plan__city")
    list_filter = ("status", "plan__author_kind")
    search_fields = ("plan__code", "plan__title_zh", "plan__drafting_body")
    scope_field = "plan__city"
    # The content is the author's, written through the portal's services; reviewers read it.
    # Versions are superseded, never deleted (their results and history point at them).
    add_rule = None
    change_rule = None
    delete_rule = None
    fields = ("plan", "number", "status", "based_on", "improvement_measures", "notes", "created_at",
              "submitted_at", "published_at")
    locked_fields = fields
    inlines = (PlanStandardInline, PlanIndicatorInline, PlanRequirementInline, PlanEventInline)
    review_workflow = plan_services.PLAN_WORKFLOW
    review_rule = is_campaign_office | is_city_office
    review_select_related = ("plan",)
    review_decisions = (
        Decision("approve", _("审核通过并发布"), _("审核通过并发布所选"), _approve_plan),
        Decision("return", _("退回修改"), _("退回所选"), _return_plan, requires_reason=True, style="return"),
    )

    def scope_q(self, user):
        if is_city_office(user) and not is_campaign_office(user):
            return _city_office_plan_scope(user, "plan__city_id", "plan__author_kind", Q(status__in=PUBLISHED_ONCE))
        return super().scope_q(user)

    def object_in_scope(self, user, obj):
        if is_city_office(user) and obj.plan.author_kind == PlanAuthorKind.INDUSTRY:
            return obj.status in PUBLISHED_ONCE
        return super().object_in_scope(user, obj)

    @admin.display(description=_("方案名称"), ordering="plan__title_zh")
    def plan_title(self, obj):
        return obj.plan.title_zh

    @admin.display(description=_("方案类型"), ordering="plan__author_kind")
    def author_kind(self, obj):
        return obj.plan.get_author_kind_display()

    @admin.display(description=_("审核城市"), ordering="plan__city")
    def review_city(self, obj):
        return obj.plan.city or _("百千万行动办公室")
