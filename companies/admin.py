"""Enterprises in the admin: a city office sees its own city's enterprises, read-only, and verifies
their USCC against the business licence where the check character fails GB 32100 (待核验)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.rules import is_campaign_office, is_city_office
from benchmarking.admin_scoping import CityScopedAdminMixin, ProvinceListFilter
from core.admin_base import BigTableAdmin, Decision, EventInline, ReviewAdminMixin
from core.forms import add_service_error
from core.search import text_search
from core.workflow import TransitionRefused

from . import services
from .models import Enterprise, EnterpriseEvent, UsccStatus
from .selectors import ENTERPRISE_TEXT


class EnterpriseEventInline(EventInline):
    model = EnterpriseEvent
    status_field = "uscc_status"
    verbose_name = _("代码核验记录")
    verbose_name_plural = _("代码核验记录")


class UsccCorrectionForm(forms.Form):
    uscc = forms.CharField(label=_("营业执照上的统一社会信用代码"), max_length=40,
                           widget=forms.TextInput(attrs={"size": 24, "autocomplete": "off"}))
    reason = forms.CharField(label=_("说明"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3, "cols": 60}))


def _confirm_uscc(*, actor, obj, reason=""):
    return services.enterprise_confirm_uscc(actor=actor, enterprise=obj, reason=reason)


@admin.register(Enterprise)
class EnterpriseAdmin(ReviewAdminMixin, CityScopedAdminMixin, BigTableAdmin):
    list_display = ("name", "uscc", "uscc_flag", "city", "industry", "created_at")
    list_select_related = ("city", "industry")
    list_filter = (ProvinceListFilter, "uscc_status", "industry__sector")
    search_fields = ("name", "=uscc")

    def get_search_results(self, request, queryset, search_term):
        """The name or the code, index-served (core.search): 口罩, 9144030…"""
        term = search_term.strip()
        return (queryset.filter(text_search(term, ENTERPRISE_TEXT)) if term else queryset), False
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
    change_form_template = "admin/companies/enterprise/change_form.html"
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

    # The licence shows another code: the office enters it (enterprise_correct_uscc).

    def get_urls(self):
        correct = path("<path:object_id>/correct-uscc/", self.admin_site.admin_view(self.correct_uscc_view),
                       name="companies_enterprise_correct_uscc")
        return [correct, *super().get_urls()]

    def may_correct_uscc(self, request, obj) -> bool:
        return self.has_review_permission(request) and services.USCC_WORKFLOW.can("correct_uscc", obj, request.user)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["may_correct_uscc"] = self.may_correct_uscc(request, obj)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def correct_uscc_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))  # scoped: another city's id is not found
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404(gettext("对象不存在或无权查看。"))
        if not self.has_review_permission(request):
            raise PermissionDenied
        change_url = reverse("admin:companies_enterprise_change", args=[obj.pk], current_app=self.admin_site.name)
        form = UsccCorrectionForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                services.enterprise_correct_uscc(actor=request.user, enterprise=obj, **form.cleaned_data)
            except TransitionRefused as refused:
                messages.error(request, refused.message)
                return HttpResponseRedirect(change_url)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                self.log_change(request, obj, gettext("按营业执照更正统一社会信用代码"))
                messages.success(request, gettext("“%(object)s”的统一社会信用代码已按营业执照更正。") % {"object": obj})
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request), "title": gettext("按营业执照更正统一社会信用代码"),
            "subtitle": None, "opts": self.opts, "original": obj, "form": form, "media": self.media,
        }
        return TemplateResponse(request, "admin/companies/enterprise/correct_uscc.html", context)
