"""Files a visitor chose on a form that came back with errors, kept so they need not be chosen
again (a browser never re-sends a chosen file)."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import PurePath

from django.db import models
from django.utils.translation import gettext_lazy as _


def held_upload_path(instance: HeldUpload, filename: str) -> str:
    """A random name under ``held/``: nothing of the visitor's file name reaches the disk but a
    short, plain extension."""
    suffix = PurePath(filename).suffix.lower()
    suffix = suffix if 1 < len(suffix) <= 6 and suffix[1:].isalnum() and suffix.isascii() else ""
    return f"held/{secrets.token_hex(16)}{suffix}"


KEPT_FOR = dt.timedelta(hours=1)


class HeldUpload(models.Model):
    """One held file: bound to the session that sent it and found by a random token, which the
    form carries in a hidden field; removed once used, or by the sweeper after an hour."""

    token = models.CharField(_("令牌"), max_length=43, unique=True)
    session_key = models.CharField(_("会话"), max_length=40, db_index=True)
    name = models.CharField(_("文件名"), max_length=255)
    file = models.FileField(_("文件"), upload_to=held_upload_path, max_length=200)
    created_at = models.DateTimeField(_("保存时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("暂存的上传文件")
        verbose_name_plural = _("暂存的上传文件")

    def __str__(self) -> str:
        return self.name
