from django.contrib import admin

from benchmarking.admin_base import EventInline, ProvinceListFilter

from .models import Certificate, Institution, InstitutionEvent, InstitutionService


class CertificateInline(admin.TabularInline):
    model = Certificate
    extra = 0
    fields = ("kind", "number", "scope", "valid_until", "scan")


class ServiceInline(admin.TabularInline):
    model = InstitutionService
    extra = 0
    autocomplete_fields = ("category",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("category")


class InstitutionEventInline(EventInline):
    model = InstitutionEvent


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "region", "status", "accredited_at", "uscc")
    list_select_related = ("region",)
    list_filter = ("status", "kind", ProvinceListFilter)
    search_fields = ("name", "=uscc")
    autocomplete_fields = ("region",)
    readonly_fields = ("province", "status", "accredited_at", "uscc_legacy_checksum", "created_at")
    inlines = (CertificateInline, ServiceInline, InstitutionEventInline)


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("number", "kind", "institution", "valid_until")
    list_select_related = ("institution",)
    list_filter = ("kind",)
    date_hierarchy = "valid_until"
    search_fields = ("number", "institution__name")
    autocomplete_fields = ("institution",)
