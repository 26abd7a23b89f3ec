"""Small presentation helpers of the portal pages: status and level badges, numbers."""

import functools

from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.models import ReviewStatus
from verdict import Level, label_of
from verdict import number as verdict_number

register = template.Library()

_STATUS_CLASSES = {
    "draft": "text-bg-secondary",
    "submitted": "text-bg-primary",
    "returned": "text-bg-warning",
    "published": "text-bg-success",
    "withdrawn": "text-bg-dark",
    "superseded": "text-bg-light border",
}
_STATUS_ICONS = {
    "draft": "pencil", "submitted": "hourglass-split", "returned": "arrow-return-left",
    "published": "patch-check", "withdrawn": "x-circle", "superseded": "archive",
}
_LEVEL_CLASSES = {"leading": "level-leading", "attained": "level-attained", "not_attained": "level-not-attained"}


@register.simple_tag
def status_badge(status: str, label: str = ""):
    label = label or dict(ReviewStatus.choices).get(status, status)
    return format_html(
        '<span class="badge status-badge {}" data-status="{}"><i aria-hidden="true" class="bi bi-{}"></i> {}</span>',
        _STATUS_CLASSES.get(status, "text-bg-secondary"), status, _STATUS_ICONS.get(status, "dot"), label,
    )


@register.simple_tag
def level_badge(level: str):
    return _level_badge(level, translation.get_language())


@functools.lru_cache(maxsize=64)
def _level_badge(level: str, language: str | None):
    """One badge per level and language, built once: a list shows the same three on every row."""
    if not level:
        return mark_safe('<span class="text-secondary">—</span>')  # a constant
    return format_html(
        '<span class="badge level-badge {}" data-level="{}">{}</span>',
        _LEVEL_CLASSES.get(level, "text-bg-secondary"), level, label_of(Level, level) or level,
    )


@register.filter
def number(value):
    """The verdict's number format (``verdict.number``): 240.00000000000003 → 240."""
    if value is None or value == "" or isinstance(value, bool):
        return "" if value is None else value
    try:
        return verdict_number(float(value))
    except (TypeError, ValueError):
        return value
