"""Enterprises in the admin: a city office sees its own city's enterprises, read-only, and verifies
their USCC against the business licence where the check character fails GB 32100 (待核验)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.rules import is_campaign_office, is_city_office
from benchmarking.admin_scoping import CityScopedAdminMixin, ProvinceListFilter
from core.admin_base import BigTableAdmin, Decision, EventInline, ReviewAdminMixin

from . import services
from .models import Enterprise, EnterpriseEvent, UsccStatus


class EnterpriseEventInline(EventInline):
    model = EnterpriseEvent
    status_field = "uscc_status"
    verbose_name = _("代码核验记录")
    verbose_name_plural = _("代码核验记录")


def _confirm_uscc(*, actor, obj, reason=""):
    return services.enterprise_confirm_uscc(actor=actor, enterprise=obj, reason=reason)


@admin.register(Enterprise)
class EnterpriseAdmin(ReviewAdminMixin, CityScopedAdminMixin, BigTableAdmin):
    list_display = ("name", "uscc", "uscc_flag", "city", "industry", "created_at")
    list_select_related = ("city", "industry")
    list_filter = (ProvinceListFilter, "uscc_status", "industry__sector")
    search_fields = ("name", "=uscc")
    autocomplete_fields = ("industry",)
    scope_field = "city"
    # An enterprise registers itself with its USCC (or is imported); its region decides which
    # city office reviews it and is copied onto its results, so the admin does not move it.
    add_rule = None
    locked_fields = ("uscc", "uscc_legacy_checksum", "uscc_status", "region", "city", "province", "created_at")
    inlines = (EnterpriseEventInline,)
    review_workflow = services.USCC_WORKFLOW
    review_rule = is_campaign_office | is_city_office
    review_decisions = (
        Decision("confirm_uscc", _("核验代码（与营业执照一致）"),
                 _("核验所选企业的统一社会信用代码（已对照营业执照）"), _confirm_uscc),
    )
    # The changelist filtered to 待核验 lists the longest waiting first.
    queue_status = UsccStatus.PENDING
    queue_ordering = ("created_at", "pk")

    def get_ordering(self, request):
        if request.GET.get("uscc_status__exact") == self.queue_status:
            return self.queue_ordering
        return super().get_ordering(request)

    @admin.display(description=_("代码核验"), ordering="uscc_status")
    def uscc_flag(self, obj):
        if obj.uscc_status == UsccStatus.PENDING:
            return _("⚠ 待核验（校验位不符，核验前不能发布）")
        return obj.get_uscc_status_display()
