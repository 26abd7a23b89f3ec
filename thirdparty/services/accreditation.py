"""The accreditation of institutions: ``INSTITUTION_WORKFLOW`` (accredit, reject, expire,
reapply — the campaign office decides, the institution reapplies) and the daily watch, which
expires accreditations whose certificates have all run out and warns an institution 30 days
before each certificate does."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.rules import is_campaign_office
from accounts.selectors import campaign_office_users, emails
from core.notifications import absolute_url, admin_change_link, email_on_transition, send_email_later
from core.workflow import Transition, TransitionRefused, Workflow

from ..models import (
    AccreditationStatus,
    Certificate,
    Institution,
    InstitutionEvent,
)
from ..rules import decides_institution, expires_institution, represents_institution
from .checks import EDITABLE_STATES, EXPIRY_NOTICE_DAYS, EXPIRY_REASON

# --- notifications --------------------------------------------------------------------------------

def _institution_addresses(institution: Institution) -> list[str]:
    return [
        institution.contact_email,
        *institution.users.filter(is_active=True).values_list("email", flat=True),
    ]


def _institution_link(institution: Institution) -> str:
    return absolute_url(reverse("thirdparty:my_institution"))


def _campaign_office_addresses(institution: Institution) -> list[str]:
    return emails(campaign_office_users())


# The campaign office decides every application: it is told of each one, first or renewed.
notify_application = email_on_transition(
    "institution_applied", _campaign_office_addresses, context_name="institution", link=admin_change_link,
)




# --- the accreditation workflow -------------------------------------------------------------------

def _on_accredit(institution: Institution) -> list[str]:
    today = timezone.localdate()
    certificates = institution.certificates.all()
    if certificates.exists() and not certificates.filter(valid_until__gte=today).exists():
        raise TransitionRefused(_("机构登记的证书均已过有效期，不能认定。"), code="certificates_expired")
    institution.accredited_at = timezone.now()
    return ["accredited_at"]


INSTITUTION_WORKFLOW = Workflow(model=Institution, event_model=InstitutionEvent, event_field="institution")
INSTITUTION_WORKFLOW.add(Transition(
    name="accredit", changes_public_data=True, label=gettext_lazy("认定"),
    sources=frozenset({AccreditationStatus.APPLIED}), target=AccreditationStatus.ACCREDITED,
    allowed=lambda user, institution: decides_institution(user, institution), effect=_on_accredit,
    # An institutions import by the campaign office accredits the institutions it lists.
    bulk_allowed=is_campaign_office,
    notify=email_on_transition(
        "institution_accredited", _institution_addresses, context_name="institution", link=_institution_link),
))
INSTITUTION_WORKFLOW.add(Transition(
    name="reject", label=gettext_lazy("不予认定"),
    sources=frozenset({AccreditationStatus.APPLIED}), target=AccreditationStatus.REJECTED,
    allowed=lambda user, institution: decides_institution(user, institution), requires_reason=True,
    notify=email_on_transition(
        "institution_rejected", _institution_addresses, context_name="institution", link=_institution_link),
))
INSTITUTION_WORKFLOW.add(Transition(
    name="expire", changes_public_data=True, label=gettext_lazy("认定过期"),
    sources=frozenset({AccreditationStatus.ACCREDITED}), target=AccreditationStatus.EXPIRED,
    allowed=expires_institution, requires_reason=True,
    notify=email_on_transition(
        "institution_expired", _institution_addresses, context_name="institution", link=_institution_link),
))
INSTITUTION_WORKFLOW.add(Transition(
    name="reapply", label=gettext_lazy("重新申请认定"),
    sources=frozenset({AccreditationStatus.REJECTED, AccreditationStatus.EXPIRED}),
    target=AccreditationStatus.APPLIED,
    allowed=lambda user, institution: represents_institution(user, institution),
    notify=notify_application,
))


def institution_accredit(*, actor: User, institution: Institution) -> Institution:
    return INSTITUTION_WORKFLOW.apply(obj=institution, name="accredit", actor=actor)


def institution_reject(*, actor: User, institution: Institution, reason: str) -> Institution:
    return INSTITUTION_WORKFLOW.apply(obj=institution, name="reject", actor=actor, reason=reason)


def institution_expire(*, actor: User | None, institution: Institution, reason: str) -> Institution:
    return INSTITUTION_WORKFLOW.apply(obj=institution, name="expire", actor=actor, reason=reason)


def institution_reapply(*, actor: User, institution: Institution) -> Institution:
    return INSTITUTION_WORKFLOW.apply(obj=institution, name="reapply", actor=actor)


# --- the daily watch ------------------------------------------------------------------------------

@dataclass
class WatchReport:
    expired: list[int] = field(default_factory=list)  # institutions whose accreditation ran out
    warned: list[int] = field(default_factory=list)  # certificates whose holder was warned

    def as_dict(self) -> dict:
        return {"expired": self.expired, "warned": self.warned}


def institutions_watch_certificates(*, today: dt.date | None = None) -> WatchReport:
    """Expire accreditations whose every certificate is past its validity; warn 30 days ahead.

    Safe to run again at any time (a redelivered task): an institution is expired through the
    workflow only while still accredited, and a certificate is claimed for its warning by a
    conditional update, so nothing is written or sent twice.
    """
    today = today or timezone.localdate()
    report = WatchReport()
    still_valid = Certificate.objects.filter(institution=OuterRef("pk"), valid_until__gte=today)
    holds_any = Certificate.objects.filter(institution=OuterRef("pk"))
    lapsed = (
        Institution.objects.filter(status=AccreditationStatus.ACCREDITED)
        .filter(Exists(holds_any)).exclude(Exists(still_valid)).values_list("pk", flat=True)
    )
    for pk in list(lapsed):
        with transaction.atomic():
            institution = Institution.objects.select_for_update().get(pk=pk)
            # Checked again under the lock: a certificate renewed since the query keeps it.
            renewed = institution.certificates.filter(valid_until__gte=today).exists()
            if institution.status != AccreditationStatus.ACCREDITED or renewed:
                continue
            institution_expire(actor=None, institution=institution, reason=EXPIRY_REASON)
        report.expired.append(pk)

    horizon = today + dt.timedelta(days=EXPIRY_NOTICE_DAYS)
    due = Certificate.objects.filter(
        expiry_notified_at__isnull=True, valid_until__gte=today, valid_until__lte=horizon,
        institution__status__in=EDITABLE_STATES,
    ).select_related("institution")
    for certificate in due:
        with transaction.atomic():
            claimed = Certificate.objects.filter(pk=certificate.pk, expiry_notified_at__isnull=True).update(
                expiry_notified_at=timezone.now()
            )
            if claimed:
                transaction.on_commit(_warn_expiring(certificate, today=today))
                report.warned.append(certificate.pk)
    return report


def _warn_expiring(certificate: Certificate, *, today: dt.date):
    def send() -> None:
        send_email_later(
            recipients=_institution_addresses(certificate.institution), template="institution_certificate_expiring",
            context={"institution": certificate.institution, "certificate": certificate,
                     "days_left": (certificate.valid_until - today).days,
                     "link": _institution_link(certificate.institution)},
            key=f"certificate-{certificate.pk}-expiring-{certificate.valid_until.isoformat()}",
        )

    return send
