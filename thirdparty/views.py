"""The institution portal: registration, its own page, keeping its record up to date.

Views parse with forms and call the services; whatever a service refuses is shown on the page.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import throttle
from accounts.rules import is_institution_user
from benchmarking.models import ProductCategory
from core.forms import add_service_error, held_files_session_key
from core.upload_limits import upload_limits
from core.uploads import MAX_SCAN_BYTES

from . import selectors, services
from .forms import (
    CertificateFormSet,
    ContactsForm,
    EditCertificateFormSet,
    EditServiceFormSet,
    RegistrationForm,
    ServiceFormSet,
    category_label,
    region_children,
)
from .models import AccreditationStatus
from .services import TransitionRefused

CATEGORY_OPTIONS_LIMIT = 30


# --- registration ---------------------------------------------------------------------------------

@require_http_methods(["GET", "HEAD", "POST"])
@upload_limits(file_bytes=MAX_SCAN_BYTES, request_bytes="UPLOAD_MAX_REQUEST_BYTES")
def register(request):
    if is_institution_user(request.user):
        return redirect("thirdparty:my_institution")
    if request.method == "POST":
        form = RegistrationForm(request.POST)
        certificates = CertificateFormSet(request.POST, request.FILES, prefix="certificates",
                                          form_kwargs={"session_key": held_files_session_key(request)})
        service_rows = ServiceFormSet(request.POST, prefix="services")
        if refusal := throttle.spend(request, "registration"):
            # The answer would say whether the USCC or the username is registered: not in bulk.
            throttle.refuse_form(form, refusal)
            return throttle.with_retry_after(render(request, "thirdparty/register.html", {
                "form": form, "certificates": certificates, "service_rows": service_rows,
            }), refusal)
        valid = all([form.is_valid(), certificates.is_valid(), service_rows.is_valid()])
        if valid:
            data = form.cleaned_data
            try:
                institution = services.institution_register(
                    uscc=data["uscc"], accept_legacy_uscc=bool(data.get("confirm_legacy_uscc")),
                    name=data["name"], kind=data["kind"], region=data["region"],
                    contact_name=data["contact_name"], contact_phone=data["contact_phone"],
                    contact_email=data["contact_email"], website=data.get("website", ""),
                    description=data.get("description", ""), certificates=certificates.new_certificates,
                    services=service_rows.service_inputs, username=data["username"], password=data["password1"],
                )
            except ValidationError as error:
                # The region is chosen on the city select; the rest name their own fields.
                add_service_error(form, error, {"region": "city"})
            else:
                certificates.release_held()
                user = institution.users.get()
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                return redirect("thirdparty:register_done")
        certificates.hold_files()
    else:
        form = RegistrationForm()
        certificates = CertificateFormSet(prefix="certificates")
        service_rows = ServiceFormSet(prefix="services")
    return render(request, "thirdparty/register.html", {
        "form": form, "certificates": certificates, "service_rows": service_rows,
    })


@login_required
@require_safe
def register_done(request):
    institution = _own_institution(request)
    return render(request, "thirdparty/register_done.html", {"institution": institution})


# --- the institution's own page ----------------------------------------------------------------

def _own_institution(request):
    institution = selectors.institution_for_user(request.user)
    if institution is None:
        raise PermissionDenied(_("此页面仅供第三方机构用户使用。"))
    return institution


@login_required
@require_safe
def my_institution(request):
    institution = _own_institution(request)
    events = list(institution.events.all())
    last_rejection = next((e for e in reversed(events) if e.to_status == AccreditationStatus.REJECTED), None)
    services_by_category: dict = {}
    for service in institution.services.all():
        services_by_category.setdefault(service.category, []).append(service.get_service_display())
    today = timezone.localdate()
    warn_from = today + dt.timedelta(days=services.EXPIRY_NOTICE_DAYS)
    certificate_rows = [
        (c, "expired" if c.valid_until < today else "expiring" if c.valid_until <= warn_from else "valid")
        for c in institution.certificates.all()
    ]
    labels = dict(AccreditationStatus.choices)
    return render(request, "thirdparty/my_institution.html", {
        "institution": institution,
        "certificate_rows": certificate_rows,
        "history": [(event, labels.get(event.to_status, event.to_status)) for event in events],
        "last_rejection": last_rejection if institution.status == AccreditationStatus.REJECTED else None,
        "services_by_category": services_by_category,
        "editable": institution.status in services.EDITABLE_STATES,
        "can_reapply": services.INSTITUTION_WORKFLOW.can("reapply", institution, request.user),
    })


def _refuse_unless_editable(request, institution) -> bool:
    if institution.status in services.EDITABLE_STATES:
        return False
    messages.error(request, _("机构处于“%(state)s”状态，请先重新申请认定，再修改信息。")
                   % {"state": institution.get_status_display()})
    return True


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit_contacts(request):
    institution = _own_institution(request)
    if _refuse_unless_editable(request, institution):
        return redirect("thirdparty:my_institution")
    fields = ["contact_name", "contact_phone", "contact_email", "website", "description"]
    form = ContactsForm(request.POST or None, initial={name: getattr(institution, name) for name in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.institution_update_contacts(actor=request.user, institution=institution, **form.cleaned_data)
        except TransitionRefused as refused:
            form.add_error(None, refused.message)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("联系信息已更新。"))
            return redirect("thirdparty:my_institution")
    return render(request, "thirdparty/edit_contacts.html", {"institution": institution, "form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@upload_limits(file_bytes=MAX_SCAN_BYTES, request_bytes="UPLOAD_MAX_REQUEST_BYTES")
def edit_certificates(request):
    institution = _own_institution(request)
    if _refuse_unless_editable(request, institution):
        return redirect("thirdparty:my_institution")
    existing = {c.pk: c for c in institution.certificates.all()}
    initial = [
        {"certificate_id": c.pk, "kind": c.kind, "kind_label": c.get_kind_display(), "number": c.number,
         "scope": c.scope, "valid_until": c.valid_until}
        for c in existing.values()
    ]
    if request.method == "POST":
        formset = EditCertificateFormSet(
            request.POST, request.FILES, prefix="certificates", initial=initial, existing=existing,
            form_kwargs={"session_key": held_files_session_key(request)},
        )
        if formset.is_valid():
            try:
                services.institution_save_certificates(
                    actor=request.user, institution=institution, changes=formset.changes,
                    additions=formset.new_certificates, removals=formset.removals,
                )
            except TransitionRefused as refused:
                messages.error(request, refused.message)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                formset.release_held()
                messages.success(request, _("资质证书已保存。"))
                return redirect("thirdparty:my_institution")
        formset.hold_files()
    else:
        formset = EditCertificateFormSet(prefix="certificates", initial=initial, existing=existing)
    return render(request, "thirdparty/edit_certificates.html", {
        "institution": institution, "certificates": formset, "existing": existing,
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit_services(request):
    institution = _own_institution(request)
    if _refuse_unless_editable(request, institution):
        return redirect("thirdparty:my_institution")
    grouped: dict[int, list[str]] = {}
    for service in institution.services.all():
        grouped.setdefault(service.category_id, []).append(service.service)
    initial = [{"category": category_id, "services": kinds} for category_id, kinds in grouped.items()]
    if request.method == "POST":
        formset = EditServiceFormSet(request.POST, prefix="services", initial=initial)
        if formset.is_valid():
            try:
                services.institution_set_services(
                    actor=request.user, institution=institution, services=formset.service_inputs
                )
            except TransitionRefused as refused:
                messages.error(request, refused.message)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("服务项目已保存。"))
                return redirect("thirdparty:my_institution")
    else:
        formset = EditServiceFormSet(prefix="services", initial=initial)
    return render(request, "thirdparty/edit_services.html", {"institution": institution, "service_rows": formset})


@login_required
@require_POST
def reapply(request):
    institution = _own_institution(request)
    try:
        services.institution_reapply(actor=request.user, institution=institution)
    except TransitionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("已重新提交认定申请，请等待百千万行动办公室审核。"))
    return redirect("thirdparty:my_institution")


# --- small endpoints for the pickers (htmx) -----------------------------------------------------

@require_safe
def region_children_options(request):
    """``<option>``s of a region's children, for the next level of the cascading picker."""
    parent = next((request.GET.get(key) for key in ("parent", "province", "city") if request.GET.get(key)), "")
    parent = parent if parent.isdigit() and len(parent) == 6 else ""
    children = region_children(parent).only("code", "name") if parent else []
    placeholder = _("— 请选择城市 —") if request.GET.get("province") else _("— 区县（可不选）—")
    return render(request, "thirdparty/_options.html", {
        "placeholder": placeholder, "options": [(region.code, region.name) for region in children],
    })


@require_safe
def category_options(request):
    """Product categories matching ``q`` (name or code), as ``<option>``s."""
    query = (request.GET.get("q") or "").strip()[:60]
    options = []
    if query:
        categories = ProductCategory.objects.filter(
            Q(name_zh__icontains=query) | Q(code__istartswith=query) | Q(name_en__icontains=query)
        ).order_by("code")[:CATEGORY_OPTIONS_LIMIT]
        options = [(category.pk, category_label(category)) for category in categories]
    return render(request, "thirdparty/_options.html", {
        "options": options,
        "placeholder": "" if options else (_("没有匹配的产品类别") if query else _("— 请先搜索产品类别 —")),
    })


@require_safe
def institution_options(request):
    """Accredited institutions matching ``q``, as ``<option>``s: the test-report issuer picker."""
    institutions = selectors.search_accredited_institutions(request.GET.get("q", ""))
    return render(request, "thirdparty/_options.html", {
        "options": [(institution.pk, institution.name) for institution in institutions],
        "placeholder": _("— 请选择检测机构 —") if institutions else _("没有匹配的已认定机构"),
    })
