"""Helpers of the standards library's pages."""

import re

from django import template
from django.utils import translation

register = template.Library()

# "2021年第一批", "2021 年第 3 批": how the office names the batches of foreign-language versions.
_BATCH = re.compile(r"^\s*(\d{4})\s*年\s*第\s*(\d+|[一二三四五六七八九十]+)\s*批\s*$")
_DIGITS = "一二三四五六七八九"


def _chinese_number(text: str) -> int | None:
    """一 … 九十九 as a number, or None for anything else."""
    if text.isdigit():
        return int(text)
    tens, ten, ones = text.partition("十")
    if not ten:  # 一 … 九
        return _DIGITS.index(text) + 1 if len(text) == 1 else None
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    return (_DIGITS.index(tens) + 1 if tens else 1) * 10 + (_DIGITS.index(ones) + 1 if ones else 0)


@register.filter
def batch_label(batch: str) -> str:
    """A batch of foreign-language versions as the visitor reads it: "2021年第一批" is
    "2021 batch 1" on English pages; any other name, and every name on Chinese pages, as it is
    (the batch is free text, and its stored name stays the filter's value)."""
    if not batch or not (translation.get_language() or "").startswith("en"):
        return batch
    match = _BATCH.match(batch)
    number = _chinese_number(match.group(2)) if match else None
    if not number:
        return batch
    return f"{int(match.group(1))} batch {number}"
