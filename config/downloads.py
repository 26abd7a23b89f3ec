"""Who may download an import job's files (the uploaded file and the error report): the job's
owner — the party its uploader acted for — and the campaign office. Registered here because the
rule needs the campaign's roles (accounts), which core does not know."""

from pathlib import PurePosixPath

import rules
from django.utils.translation import gettext as _

from accounts.rules import is_campaign_office
from core.downloads import register_download
from core.models import ImportJob


@rules.predicate
def reads_import_job(user, job) -> bool:
    if job is None or not (user and user.is_authenticated):
        return False
    # A job with no owner ("") is the campaign office's, as the admin's list scopes it.
    return bool(is_campaign_office(user) or (job.owner and job.owner == user.party_key))


def _stem(job: ImportJob) -> str:
    return PurePosixPath(job.original_name).stem[:60] or "import"


def register() -> None:
    register_download(ImportJob, "file", may_read=reads_import_job, filename=_stem, fallback_extension="bin")
    register_download(
        ImportJob, "error_report", may_read=reads_import_job, fallback_extension="xlsx",
        filename=lambda job: _("%(name)s-错误报告") % {"name": _stem(job)},
    )
