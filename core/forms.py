"""What every portal form shares: Bootstrap classes, and service errors put on the form."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

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
