"""Every write of enterprises and their accounts: registration, e-mail confirmation, contacts, and
the verification of a USCC whose check character fails GB 32100 (``USCC_WORKFLOW``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from accounts.rules import is_enterprise_user
from accounts.selectors import awaiting_confirmation
from benchmarking.models import Industry, IndustryLevel, Region
from core.identifiers import check_uscc
from core.models import AuditAction
from core.notifications import send_email_later
from core.services import audit, model_update
from core.workflow import Transition, Workflow

from .models import Enterprise, EnterpriseEvent, UsccStatus
from .rules import reviews_enterprise
from .tokens import confirmation_token_generator, confirmation_uid

__all__ = [
    "USCC_WORKFLOW",
    "enterprise_confirm_account",
    "enterprise_confirm_uscc",
    "enterprise_correct_uscc",
    "enterprise_register",
    "enterprise_resend_confirmation",
    "enterprise_update_contacts",
    "uscc_taken_message",
    "user_for_confirmation",
]


# A code whose check character fails is held 待核验 from registration (or import) on; the city
# office (or the campaign office) compares it with the business licence and confirms it. Until
# then the enterprise's plans and results are not approved (companies.rules).
USCC_WORKFLOW = Workflow(model=Enterprise, event_model=EnterpriseEvent, event_field="enterprise",
                         status_field="uscc_status")
USCC_WORKFLOW.add(Transition(
    name="confirm_uscc", label=gettext_lazy("核验统一社会信用代码（已对照营业执照）"),
    sources=frozenset({UsccStatus.PENDING}), target=UsccStatus.CONFIRMED,
    allowed=lambda user, enterprise: reviews_enterprise(user, enterprise),
))
# The licence shows another code (the registrant mistyped it): the office enters the licence's.
USCC_WORKFLOW.add(Transition(
    name="correct_uscc", label=gettext_lazy("按营业执照更正统一社会信用代码"), requires_reason=True,
    sources=frozenset({UsccStatus.PENDING}), target=UsccStatus.CONFIRMED,
    allowed=lambda user, enterprise: reviews_enterprise(user, enterprise),
    changes_public_data=True,  # published pages show an enterprise's code
))


def uscc_taken_message() -> str:
    return _("该统一社会信用代码已注册。如需加入该企业账户，请联系企业管理员或所在城市试点办公室。")


def confirmation_path(user: User) -> str:
    return reverse(
        "companies:confirm",
        kwargs={"uidb64": confirmation_uid(user), "token": confirmation_token_generator.make_token(user)},
    )


@transaction.atomic
def enterprise_register(
    *, uscc: str, name: str, region: Region, industry: Industry, username: str, password: str,
    contact_name: str, contact_phone: str, contact_email: str, address: str = "",
    site_url: str, language: str = "zh-hans",
) -> Enterprise:
    """An enterprise and its first (inactive) user; the confirmation e-mail goes out on commit.

    A USCC whose check character fails GB 32100 is taken but held 待核验 (``USCC_WORKFLOW``):
    the city office confirms it against the business licence. The enterprise's city and province
    come from the region, never from the request.
    """
    check = check_uscc(uscc)
    if Enterprise.objects.filter(uscc=check.code).exists():
        raise ValidationError({"uscc": uscc_taken_message()}, code="uscc_taken")
    if region.city_id is None:
        raise ValidationError({"region": _("请选择到地级市（直辖市可选到市或区县）。")}, code="region_too_coarse")
    if industry.level != IndustryLevel.DIVISION:
        raise ValidationError({"industry": _("请选择国民经济行业大类。")}, code="industry_not_division")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("该用户名已被使用，请换一个。")}, code="username_taken")
    try:
        with transaction.atomic():
            enterprise = Enterprise.objects.create(
                uscc=check.code, uscc_legacy_checksum=check.legacy_checksum,
                uscc_status=UsccStatus.PENDING if check.legacy_checksum else UsccStatus.VALID, name=name.strip(),
                region=region, city_id=region.city_id, province_id=region.province_code,
                industry=industry, address=address.strip(), contact_name=contact_name.strip(),
                contact_phone=contact_phone.strip(), contact_email=contact_email.strip(),
            )
    except IntegrityError:  # registered at the same moment by someone else
        raise ValidationError({"uscc": uscc_taken_message()}, code="uscc_taken") from None
    user = User(
        username=username, email=contact_email.strip(), first_name=contact_name.strip()[:150],
        role=Role.ENTERPRISE, enterprise=enterprise, is_active=False,
    )
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise ValidationError({"username": _("该用户名已被使用，请换一个。")}, code="username_taken") from None
    audit(actor=user, instance=enterprise, action=AuditAction.CREATED, changes={
        "uscc": (None, enterprise.uscc), "name": (None, enterprise.name), "region": (None, enterprise.region_id),
        "user": (None, user.username)})
    USCC_WORKFLOW.record_created(obj=enterprise, actor=user)
    _send_confirmation(user=user, enterprise=enterprise, site_url=site_url, language=language, attempt="registered")
    return enterprise


def _send_confirmation(*, user: User, enterprise: Enterprise, site_url: str, language: str, attempt: str) -> None:
    path = confirmation_path(user)
    confirm_url = site_url.rstrip("/") + path
    transaction.on_commit(lambda: send_email_later(
        recipients=[user.email], template="enterprise_confirm",
        context={"enterprise": enterprise, "user": user, "confirm_url": confirm_url},
        # The token and the attempt make the key unique to this sending (a redelivered task sends once).
        key=f"enterprise-confirm-{user.pk}-{path.rstrip('/').rsplit('/', 1)[-1]}-{attempt}", language=language,
    ))


def enterprise_resend_confirmation(*, user: User, site_url: str, language: str = "zh-hans") -> None:
    """Send the confirmation link again to an account still awaiting it (nothing is written: the
    link is the same token, valid until the account is confirmed)."""
    if not awaiting_confirmation(user):
        raise ValidationError(_("该账户无需确认。"), code="not_awaiting_confirmation")
    _send_confirmation(user=user, enterprise=user.enterprise, site_url=site_url, language=language,
                       attempt=str(int(timezone.now().timestamp())))


def user_for_confirmation(uidb64: str, token: str) -> User | None:
    """The enterprise user a confirmation link is for, or None for a wrong or spent link."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
        user = User.objects.select_related("enterprise").get(pk=pk, role=Role.ENTERPRISE)
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        return None
    return user if confirmation_token_generator.check_token(user, token) else None


@transaction.atomic
def enterprise_confirm_account(*, user: User) -> User:
    """Activate the account the confirmation link was for (the caller checked the token)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    user, _changed = model_update(actor=user, instance=user, data={"is_active": True}, public=False)
    return user


@transaction.atomic
def enterprise_update_contacts(
    *, actor: User, enterprise: Enterprise, contact_name: str, contact_phone: str, contact_email: str,
    address: str = "",
) -> Enterprise:
    """Contacts only: the USCC, name, region and industry are changed by the offices."""
    if not (is_enterprise_user(actor) and actor.enterprise_id == enterprise.pk):
        raise ValidationError(_("您无权修改此企业的信息。"), code="forbidden")
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    # Contacts are never shown to the public: the public data stays as it is.
    enterprise, _changed = model_update(actor=actor, instance=enterprise, public=False, data={
        "contact_name": contact_name.strip(), "contact_phone": contact_phone.strip(),
        "contact_email": contact_email.strip(), "address": address.strip(),
    })
    return enterprise


def enterprise_confirm_uscc(*, actor: User, enterprise: Enterprise, reason: str = "") -> Enterprise:
    """The city office (or the campaign office) has compared the enterprise's USCC, whose check
    character fails GB 32100, with its business licence and found them the same: the enterprise
    may publish from now on. A code that differs from the licence is not confirmed."""
    return USCC_WORKFLOW.apply(obj=enterprise, name="confirm_uscc", actor=actor, reason=reason)


@transaction.atomic
def enterprise_correct_uscc(*, actor: User, enterprise: Enterprise, uscc: str, reason: str = "") -> Enterprise:
    """The business licence shows another code than the one registered: the office enters the
    licence's code, which must be well-formed and nobody else's; the event keeps both codes."""
    try:
        check = check_uscc(uscc)
    except ValidationError as error:
        raise ValidationError({"uscc": error.messages}, code="uscc_invalid") from None
    if check.code == enterprise.uscc:
        raise ValidationError({"uscc": _("与登记的代码相同：如与营业执照一致，请直接核验。")}, code="uscc_unchanged")
    if Enterprise.objects.filter(uscc=check.code).exclude(pk=enterprise.pk).exists():
        raise ValidationError({"uscc": uscc_taken_message()}, code="uscc_taken")
    stated = _("按营业执照更正：%(old)s → %(new)s") % {"old": enterprise.uscc, "new": check.code}
    reason = f"{stated}。{reason.strip()}" if reason.strip() else stated
    try:
        with transaction.atomic():
            return USCC_WORKFLOW.apply(obj=enterprise, name="correct_uscc", actor=actor, reason=reason, values={
                "uscc": check.code, "uscc_legacy_checksum": check.legacy_checksum})
    except IntegrityError:  # the same code registered at this moment
        raise ValidationError({"uscc": uscc_taken_message()}, code="uscc_taken") from None
