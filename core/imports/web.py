"""What the admin and the portals share for imports: the upload form (its size is capped by
core.upload_limits), the job's progress as the page shows it, and the template download (error reports leave
through core.downloads, as every stored file does)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.utils import translation
from django.utils.translation import gettext_lazy

from core.models import ImportJob, ImportMode, ImportPhase, ImportStatus

from .progress import live_progress
from .registry import UnknownKind, get_kind, kinds_for
from .run import prepare_in_source_language
from .template import write_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OPTION_SEPARATOR = "__"


# --- the upload -----------------------------------------------------------------------------------

class UploadForm(forms.Form):
    """Kind, file, mode and every offered kind's options (named ``<kind>__<option>``)."""

    kind = forms.ChoiceField(label=gettext_lazy("导入类型"))
    file = forms.FileField(
        label=gettext_lazy("文件（.xlsx 或 .csv）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv," + XLSX}),
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("导入方式"), choices=ImportMode.choices, initial=ImportMode.ALL_OR_NOTHING,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, user, admin_site=None, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.kinds = kinds if kinds is not None else kinds_for(user)
        self.fields["kind"].choices = [(kind.name, kind.label) for kind in self.kinds]
        if len(self.kinds) == 1:
            self.fields["kind"].initial = self.kinds[0].name
        self.option_names: dict[str, list[str]] = {}
        for kind in self.kinds:
            if admin_site is not None:
                fields = kind.admin_option_fields(user=user, admin_site=admin_site)
            else:
                fields = kind.option_fields(user=user)
            for name, field in fields.items():
                field.required = False  # required for its own kind only: clean_options decides
                full = f"{kind.name}{OPTION_SEPARATOR}{name}"
                self.fields[full] = field
                self.option_names.setdefault(kind.name, []).append(full)
        self.options: dict[str, Any] = {}

    def option_groups(self) -> list[tuple[Any, list]]:
        return [(kind, [self[name] for name in self.option_names.get(kind.name, [])]) for kind in self.kinds
                if self.option_names.get(kind.name)]

    def clean(self):
        cleaned = super().clean()
        kind_name = cleaned.get("kind")
        if not kind_name:
            return cleaned
        kind = get_kind(kind_name)
        raw = {name.split(OPTION_SEPARATOR, 1)[1]: cleaned.get(name) for name in self.option_names.get(kind_name, [])}
        try:
            self.options = kind.clean_options(user=self.user, options=raw)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    target = f"{kind_name}{OPTION_SEPARATOR}{name}"
                    for item in errors:
                        self.add_error(target if target in self.fields else None, item)
            else:
                self.add_error(None, error)
        return cleaned


# --- the job as a page shows it ------------------------------------------------------------------------

@dataclass
class JobView:
    job: ImportJob
    phase: str
    rows_total: int
    rows_read: int
    rows_invalid: int
    rows_written: int

    @property
    def finished(self) -> bool:
        return self.job.is_finished

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        if self.job.status == ImportStatus.QUEUED:
            return 0
        if self.phase == ImportPhase.READING:
            return 5 + int(75 * min(1.0, self.rows_read / self.rows_total)) if self.rows_total else 5
        if self.phase == ImportPhase.WRITING:
            target = max(1, self.rows_read - self.rows_invalid)
            return min(99, 80 + int(19 * min(1.0, self.rows_written / target)))
        return 2

    @property
    def phase_label(self) -> str:
        if self.finished:
            return str(self.job.get_status_display())
        if self.job.status == ImportStatus.QUEUED:
            return str(ImportStatus.QUEUED.label)
        return str(ImportPhase(self.phase).label) if self.phase in ImportPhase.values else ""

    @property
    def kind_label(self) -> str:
        try:
            return str(get_kind(self.job.kind).label)
        except (UnknownKind, ImportError):
            return self.job.kind

    @property
    def options_text(self) -> str:
        if getattr(self, "options_label", None) is not None:  # set by a list that looked them up at once
            return self.options_label
        try:
            return get_kind(self.job.kind).describe_options(self.job.options or {})
        except (UnknownKind, ImportError):
            return ""

    @property
    def succeeded(self) -> bool:
        return self.job.status in (ImportStatus.SUCCEEDED, ImportStatus.PARTIAL)


def job_view(job: ImportJob) -> JobView:
    """The job with its live counters: the cache's, fresher than the row while a run writes."""
    view = JobView(job, job.phase, job.rows_total, job.rows_read, job.rows_invalid, job.rows_written)
    if job.status == ImportStatus.RUNNING:
        live = live_progress(job.pk)
        if live and live.get("token") == job.claim_token:
            view.phase = live.get("phase") or view.phase
            for name in ("rows_total", "rows_read", "rows_invalid", "rows_written"):
                setattr(view, name, max(int(live.get(name) or 0), getattr(view, name)))
    return view


# --- downloads ---------------------------------------------------------------------------------------------

def template_response(*, kind_name: str, user, options: dict) -> FileResponse:
    """The kind's template for these options; ValidationError for bad options, PermissionDenied."""
    try:
        kind = get_kind(kind_name)
    except UnknownKind:
        raise Http404 from None
    if not kind.allowed(user):
        raise PermissionDenied
    cleaned = kind.clean_options(user=user, options=options)
    context, columns = prepare_in_source_language(kind, user=user, options=cleaned)
    with translation.override(settings.LANGUAGE_CODE):  # a Chinese document, as its headers are
        spec = kind.template(context)
        content = write_template(columns, spec, kind_name=kind.name)
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=spec.filename, content_type=XLSX)
