"""The enterprise portal: registration, e-mail confirmation and the enterprise's profile."""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import throttle
from accounts.decorators import enterprise_required
from accounts.forms import PENDING_CONFIRMATION_SESSION_KEY
from accounts.models import User
from benchmarking.models import Region
from core.forms import add_service_error
from core.identifiers import check_uscc

from . import services
from .forms import EnterpriseContactForm, EnterpriseRegistrationForm
from .models import Enterprise


@require_http_methods(["GET", "HEAD", "POST"])
def register(request):
    if request.user.is_authenticated:
        messages.info(request, _("您已登录，无需重新注册。"))
        return redirect("home")
    form = EnterpriseRegistrationForm(request.POST or None)
    if request.method == "POST" and (refusal := throttle.spend(request, "registration")):
        # The answer would say whether the USCC or the username is registered: not in bulk.
        throttle.refuse_form(form, refusal)
        return throttle.with_retry_after(render(request, "companies/register.html", {"form": form}), refusal)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enterprise = services.enterprise_register(
                uscc=data["uscc"], name=data["name"], region=data["region"], industry=data["industry"],
                username=data["username"], password=data["password1"], contact_name=data["contact_name"],
                contact_phone=data["contact_phone"], contact_email=data["contact_email"],
                address=data["address"],
                site_url=request.build_absolute_uri("/"), language=get_language(),
            )
        except ValidationError as error:
            add_service_error(form, error, form.SERVICE_FIELDS)
        else:
            request.session["registered_enterprise"] = enterprise.pk
            return redirect("companies:register_done")
    return render(request, "companies/register.html", {"form": form})


# One resent link per account in this many seconds, whatever the session or address asking.
RESEND_INTERVAL_SECONDS = 10 * 60


@require_POST
def resend_confirmation(request):
    """Send the confirmation link again to the account that just tried to sign in before confirming
    (the login page remembered it in the session after checking its password)."""
    pk = request.session.get(PENDING_CONFIRMATION_SESSION_KEY)
    user = User.objects.select_related("enterprise").filter(pk=pk).first() if pk else None
    if user is None:
        messages.error(request, _("请先用注册的用户名和密码登录，再重新发送确认邮件。"))
        return redirect("accounts:login")
    if refusal := throttle.spend(request, "registration"):
        messages.error(request, refusal.message)
        return throttle.with_retry_after(redirect("accounts:login"), refusal)
    if not cache.add(f"confirmation-resent:{user.pk}", 1, timeout=RESEND_INTERVAL_SECONDS):
        message = _("确认邮件刚刚发送过，请查收邮件，或在 %(minutes)d 分钟后再试。")
        messages.error(request, message % {"minutes": RESEND_INTERVAL_SECONDS // 60})
        return redirect("accounts:login")
    try:
        services.enterprise_resend_confirmation(
            user=user, site_url=request.build_absolute_uri("/"), language=get_language()
        )
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
        request.session.pop(PENDING_CONFIRMATION_SESSION_KEY, None)
        return redirect("accounts:login")
    messages.success(request, _("确认邮件已重新发送到注册时填写的联系邮箱，请打开其中的链接激活账户。"))
    return redirect("accounts:login")


@require_safe
def register_done(request):
    enterprise = None
    if pk := request.session.get("registered_enterprise"):
        enterprise = Enterprise.objects.filter(pk=pk).select_related("region", "city").first()
    return render(request, "companies/register_done.html", {"enterprise": enterprise})


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, uidb64: str, token: str):
    user = services.user_for_confirmation(uidb64, token)
    if user is None:
        return render(request, "companies/confirm.html", {"invalid": True}, status=400)
    if request.method == "POST":
        services.enterprise_confirm_account(user=user)
        messages.success(request, _("账户已激活，请使用注册的用户名和密码登录。"))
        return redirect("accounts:login")
    return render(request, "companies/confirm.html", {"confirm_user": user, "enterprise": user.enterprise})


@require_safe
def region_options(request):
    """<option>s for the children of a region (the cascading province → city → county picker)."""
    code = (request.GET.get("province") or request.GET.get("city") or request.GET.get("parent") or "").strip()
    children = Region.objects.filter(parent_id=code[:6]).order_by("code") if code.isdigit() else Region.objects.none()
    return render(request, "companies/_region_options.html", {"regions": children})


@require_safe
def uscc_check(request):
    """Live feedback on the USCC as it is typed: valid, legacy check character, or the reason.

    Whether the code is registered is told (with how to get access), but only so often per
    client: asked in bulk it would list the registered enterprises."""
    text = (request.GET.get("uscc") or "").strip()[:40]
    context = {"text": text}
    if text and (refusal := throttle.spend(request, "uscc_check")):
        context["error"] = refusal.message
        return throttle.with_retry_after(render(request, "companies/_uscc_feedback.html", context), refusal)
    if text:
        try:
            check = check_uscc(text)
        except ValidationError as error:
            context["error"] = error.messages[0]
        else:
            context["check"] = check
            context["taken"] = Enterprise.objects.filter(uscc=check.code).exists()
            if context["taken"]:
                context["taken_message"] = services.uscc_taken_message()
    return render(request, "companies/_uscc_feedback.html", context)


@enterprise_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request):
    enterprise = (
        Enterprise.objects.select_related("region", "city", "province", "industry__parent")
        .get(pk=request.user.enterprise_id)
    )
    fields = ("contact_name", "contact_phone", "contact_email", "address")
    initial = {name: getattr(enterprise, name) for name in fields}
    form = EnterpriseContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.enterprise_update_contacts(actor=request.user, enterprise=enterprise, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("联系信息已保存。"))
            return redirect("companies:profile")
    users = enterprise.users.order_by("username")
    return render(request, "companies/profile.html", {"enterprise": enterprise, "form": form, "users": users})
