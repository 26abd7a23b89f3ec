"""Institutions in the admin: the campaign office accredits or rejects, city offices look on.

Decisions go through INSTITUTION_WORKFLOW's services (buttons on the change page and the bulk
actions 认定所选机构 / 不予认定所选机构, the latter asking for the reason on an intermediate page).
A city office sees the institutions of its own city only and changes nothing; nobody creates an
institution here (they register through the portal) or sets its status by posting a field.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.rules import is_campaign_office
from benchmarking.admin_scoping import CityScopedAdminMixin, ProvinceListFilter
from core.admin_base import Decision, EventInline, ReviewAdminMixin, RulesFromParentInline
from core.uploads import validate_scan

from . import services
from .models import Certificate, Institution, InstitutionEvent, InstitutionService


class CertificateAdminForm(forms.ModelForm):
    class Meta:
        model = Certificate
        fields = ("kind", "number", "scope", "valid_until", "scan")

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        # A newly uploaded file is checked by content, and named by the type found (the field
        # stores it under a random name with that extension); a stored one was checked then.
        if scan and hasattr(scan, "content_type"):
            scan.name = f"scan.{validate_scan(scan)}"
        return scan

    def clean(self):
        cleaned = super().clean()
        kind, number = cleaned.get("kind"), cleaned.get("number")
        if kind and number:
            try:
                cleaned["number"] = services.check_certificate_number(kind, number)
            except ValidationError as error:
                self.add_error("number", error)
        return cleaned


class CertificateInline(RulesFromParentInline):
    model = Certificate
    form = CertificateAdminForm
    # Stacked: scope and the scan's link are too wide for a row of the change page.
    template = "admin/edit_inline/stacked.html"
    fields = ("kind", "number", "scope", "valid_until", "scan", "expiry_notified_at")
    readonly_fields = ("expiry_notified_at",)
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}


class ServiceInline(RulesFromParentInline):
    model = InstitutionService
    autocomplete_fields = ("category",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("category")


class InstitutionEventInline(EventInline):
    model = InstitutionEvent


def _accredit(*, actor, obj, reason=""):
    return services.institution_accredit(actor=actor, institution=obj)


def _reject(*, actor, obj, reason):
    return services.institution_reject(actor=actor, institution=obj, reason=reason)


@admin.register(Institution)
class InstitutionAdmin(ReviewAdminMixin, CityScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "region", "status", "certificate_count", "accredited_at", "legacy_flag")
    list_select_related = ("region",)
    list_filter = ("status", "kind", ProvinceListFilter)
    search_fields = ("name", "=uscc", "=certificates__number")
    autocomplete_fields = ("region",)
    date_hierarchy = "created_at"
    # A city office sees the institutions of its own city (the region's campaign city).
    scope_field = "region__city"
    add_rule = None  # institutions register themselves: institution_register writes user and event too
    # Deleting an institution would delete its accreditation events; it is rejected or expires instead.
    delete_rule = None
    locked_fields = ("uscc", "uscc_legacy_checksum", "province", "status", "accredited_at", "created_at")
    fieldsets = (
        (None, {"fields": ("name", "uscc", "uscc_legacy_checksum", "kind", "region", "province")}),
        (pgettext_lazy("fieldset", "认定"), {"fields": ("status", "accredited_at", "created_at")}),
        (_("联系方式"), {"fields": ("contact_name", "contact_phone", "contact_email", "website", "description")}),
    )
    inlines = (CertificateInline, ServiceInline, InstitutionEventInline)
    ordering = ("name", "pk")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    review_workflow = services.INSTITUTION_WORKFLOW
    review_rule = is_campaign_office
    # The denormalised province follows the region the office may correct.
    update_service = staticmethod(services.institution_update)
    review_select_related = ("region",)
    review_decisions = (
        Decision("accredit", _("认定"), _("认定所选机构"), _accredit),
        Decision("reject", _("不予认定"), _("不予认定所选机构"), _reject, requires_reason=True, style="return"),
    )

    def get_queryset(self, request):
        # A subquery, not a join + GROUP BY: the list keeps its ordering and one row per institution.
        held = Certificate.objects.filter(institution=OuterRef("pk")).values("institution").annotate(n=Count("pk"))
        return super().get_queryset(request).annotate(
            certificate_total=Coalesce(Subquery(held.values("n")), 0)
        )

    @admin.display(description=_("证书数"), ordering="certificate_total")
    def certificate_count(self, obj):
        return obj.certificate_total

    @admin.display(description=_("存量代码"), boolean=True, ordering="uscc_legacy_checksum")
    def legacy_flag(self, obj):
        return obj.uscc_legacy_checksum



@admin.register(Certificate)
class CertificateAdmin(CityScopedAdminMixin, admin.ModelAdmin):
    form = CertificateAdminForm
    list_display = ("number", "kind", "institution", "valid_until", "expiry_notified_at")
    list_select_related = ("institution",)
    list_filter = ("kind",)
    date_hierarchy = "valid_until"
    search_fields = ("=number", "institution__name")
    autocomplete_fields = ("institution",)
    scope_field = "institution__region__city"
    readonly_fields = ("expiry_notified_at",)

    def get_fields(self, request, obj=None):
        return ("institution", "kind", "number", "scope", "valid_until", "scan", "expiry_notified_at")
