"""Every write and state transition of third-party institutions, by subdomain: ``checks`` (what
the forms, the admin and the import check alike), ``registration`` (registering and keeping the
record up to date), ``accreditation`` (the campaign office's decisions and the daily watch of
certificates), ``imported`` (the write of an institutions import)."""

from core.workflow import TransitionRefused

from .accreditation import (
    INSTITUTION_WORKFLOW,
    WatchReport,
    institution_accredit,
    institution_expire,
    institution_reapply,
    institution_reject,
    institutions_watch_certificates,
)
from .checks import (
    CERTIFIED_KINDS,
    EDITABLE_STATES,
    EXPIRY_NOTICE_DAYS,
    EXPIRY_REASON,
    CertificateChange,
    CertificateInput,
    ServiceInput,
    check_certificate_number,
    check_valid_until,
)
from .imported import InstitutionRecord, institutions_write_imported
from .registration import (
    institution_register,
    institution_save_certificates,
    institution_set_services,
    institution_update,
    institution_update_contacts,
)

__all__ = [
    "CERTIFIED_KINDS",
    "EDITABLE_STATES",
    "EXPIRY_NOTICE_DAYS",
    "EXPIRY_REASON",
    "INSTITUTION_WORKFLOW",
    "CertificateChange",
    "CertificateInput",
    "InstitutionRecord",
    "ServiceInput",
    "TransitionRefused",
    "WatchReport",
    "check_certificate_number",
    "check_valid_until",
    "institution_accredit",
    "institution_expire",
    "institution_reapply",
    "institution_register",
    "institution_reject",
    "institution_save_certificates",
    "institution_set_services",
    "institution_update",
    "institution_update_contacts",
    "institutions_watch_certificates",
    "institutions_write_imported",
]
