"""What every portal form shares: Bootstrap classes, service errors put on the form, and chosen
files that survive a page coming back with errors."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from .models import HeldUpload
from .selectors import held_upload_find
from .services import held_upload_keep
from .workflow import TransitionRefused


class BootstrapFormMixin:
    def apply_bootstrap(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            existing = widget.attrs.get("class", "")
            if css not in existing.split():
                widget.attrs["class"] = f"{css} {existing}".strip()

    def is_invalid(self, name: str) -> bool:
        return self.is_bound and name in self.errors


def held_files_session_key(request) -> str:
    """The visitor's session key, a session started if there is none (a visitor registering has
    none yet): held files belong to it."""
    if request.session.session_key is None:
        request.session["holds_files"] = True  # an empty session would send no cookie
        request.session.save()
    return request.session.session_key


class HeldFilesMixin:
    """File fields that survive a page coming back with errors. A browser never sends a chosen
    file again, so each file that passed its own checks is kept for the visitor's session
    (``held_upload_keep``) and its random token sent back in a hidden field
    (``held_token_name``): the next submission uses the held file unless another is chosen."""

    held_file_fields: tuple[str, ...] = ()

    def __init__(self, *args, session_key: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.session_key = session_key
        self.held: dict[str, HeldUpload] = {}
        if not self.is_bound:
            return
        for name in self.held_file_fields:
            if self.files.get(self.add_prefix(name)):
                continue  # a file chosen anew replaces the held one
            found = held_upload_find(session_key=session_key, token=self.data.get(self.held_token_name(name), ""))
            if found is not None:
                self.held[name] = found
                self.files = self.files.copy()
                self.files[self.add_prefix(name)] = File(found.file.open("rb"), name=found.name)

    def held_token_name(self, name: str) -> str:
        return self.add_prefix(f"{name}_held")

    def hold_files(self) -> None:
        """After errors: keep each file sent anew that passed its own checks."""
        if not self.session_key:
            return
        for name in self.held_file_fields:
            upload = self.files.get(self.add_prefix(name))
            if name in self.held or name in self.errors or not isinstance(upload, UploadedFile):
                continue
            self.held[name] = held_upload_keep(session_key=self.session_key, upload=upload)


def add_service_error(form: forms.Form, error: ValidationError | TransitionRefused,
                      field_map: Mapping[str, str] | None = None) -> None:
    """Put a service's refusal on the form: on the field it names, else at the top."""
    if isinstance(error, TransitionRefused):
        form.add_error(None, error.message)
        return
    field_map = field_map or {}
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            name = field_map.get(name, name)
            target = name if name in form.fields else None
            for item in errors:
                form.add_error(target, item)
        return
    form.add_error(None, error)


def parse_number(text: str) -> tuple[float | None, str]:
    """(value, error) of a typed number: full-width digits and spaces are folded; NaN and ∞ refused."""
    text = unicodedata.normalize("NFKC", text or "").strip().replace(" ", "")
    if not text:
        return None, ""
    try:
        value = float(text)
    except ValueError:
        return None, _("“%(text)s”不是数字。") % {"text": text[:20]}
    if not math.isfinite(value):
        return None, _("请输入有限的数字。")
    return value, ""
