from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from benchmarking.admin_base import BigTableAdmin, ProvinceListFilter

from .models import Enterprise


@admin.register(Enterprise)
class EnterpriseAdmin(BigTableAdmin):
    list_display = ("name", "uscc", "legacy_flag", "city", "industry", "created_at")
    list_select_related = ("city", "industry")
    list_filter = (ProvinceListFilter, "uscc_legacy_checksum", "industry__sector")
    search_fields = ("name", "=uscc")
    autocomplete_fields = ("region", "industry")
    readonly_fields = ("city", "province", "uscc_legacy_checksum", "created_at")

    @admin.display(description=_("代码校验"), boolean=False, ordering="uscc_legacy_checksum")
    def legacy_flag(self, obj):
        return _("⚠ 校验位不符") if obj.uscc_legacy_checksum else _("通过")
