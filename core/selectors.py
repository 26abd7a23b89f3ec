"""Shared reads of the platform itself."""

from __future__ import annotations

from django.utils import timezone

from .models import HeldUpload
from .models.held_uploads import KEPT_FOR


def held_upload_find(*, session_key: str | None, token: str) -> HeldUpload | None:
    """The file this session had held under ``token``, while it is kept; another session's token
    finds nothing."""
    if not session_key or not token or len(token) > 64:
        return None
    return HeldUpload.objects.filter(
        session_key=session_key, token=token, created_at__gte=timezone.now() - KEPT_FOR
    ).first()
