"""Enterprises in the admin: a city office sees its own city's enterprises, read-only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from benchmarking.admin_scoping import CityScopedAdminMixin, ProvinceListFilter
from core.admin_base import BigTableAdmin

from .models import Enterprise


@admin.register(Enterprise)
class EnterpriseAdmin(CityScopedAdminMixin, BigTableAdmin):
    list_display = ("name", "uscc", "legacy_flag", "city", "industry", "created_at")
    list_select_related = ("city", "industry")
    list_filter = (ProvinceListFilter, "uscc_legacy_checksum", "industry__sector")
    search_fields = ("name", "=uscc")
    autocomplete_fields = ("industry",)
    scope_field = "city"
    # An enterprise registers itself with its USCC (or is imported); its region decides which
    # city office reviews it and is copied onto its results, so the admin does not move it.
    add_rule = None
    locked_fields = ("uscc", "uscc_legacy_checksum", "region", "city", "province", "created_at")

    @admin.display(description=_("代码校验"), boolean=False, ordering="uscc_legacy_checksum")
    def legacy_flag(self, obj):
        return _("⚠ 校验位不符") if obj.uscc_legacy_checksum else _("通过")
