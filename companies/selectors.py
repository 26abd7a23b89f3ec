"""Shared reads of the enterprises."""

from __future__ import annotations

from django.db.models import QuerySet

from core.search import text_search

from .models import Enterprise

ENTERPRISE_TEXT = ("name", "uscc")


def enterprises_matching(text: str) -> QuerySet[Enterprise]:
    """Enterprises whose name or Unified Social Credit Code contains ``text`` (口罩, 9144030…)."""
    return Enterprise.objects.filter(text_search(text, ENTERPRISE_TEXT))
