"""The campaign domain in the admin: reference data (regions, industries, product categories),
which city offices read and the campaign office keeps, and activities."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.admin_base import OfficeAdminMixin, ReadableByCityOfficesMixin

from . import services
from .models import Activity, Industry, ProductCategory, Region


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
class RegionAdmin(ReadableByCityOfficesMixin, admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent", "taking_part_since", "pilot_since")
    list_select_related = ("parent",)
    list_filter = ("level", ParticipationFilter)
    search_fields = ("code", "name", "name_en")
    readonly_fields = ("province", "city")
    autocomplete_fields = ("parent",)
    # A new parent moves the region, and every region below it, to another province or city.
    update_service = staticmethod(services.region_update)
    list_per_page = 100


@admin.register(Industry)
class IndustryAdmin(ReadableByCityOfficesMixin, admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "level", "parent", "sector")
    list_select_related = ("parent",)
    list_filter = ("level", "sector")
    search_fields = ("code", "name_zh", "name_en")
    list_per_page = 120


@admin.register(ProductCategory)
class ProductCategoryAdmin(ReadableByCityOfficesMixin, admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "industry")
    list_select_related = ("industry",)
    list_filter = ("industry__sector", "industry__parent")
    search_fields = ("code", "name_zh", "name_en")
    autocomplete_fields = ("industry",)


@admin.register(Activity)
class ActivityAdmin(OfficeAdminMixin, admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("title_zh", "kind", "region", "held_on", "attendances")
    list_select_related = ("region",)
    list_filter = ("kind",)
    date_hierarchy = "held_on"
    search_fields = ("title_zh", "title_en")
    autocomplete_fields = ("region",)
