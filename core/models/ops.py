from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Heartbeat(models.Model):
    """Written by the health task: proof that a worker took a task from the broker and ran it."""

    source = models.CharField(_("来源"), max_length=40)
    token = models.CharField(_("令牌"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("工作进程心跳")
        verbose_name_plural = pgettext_lazy("plural", "工作进程心跳")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.source} {self.created_at:%Y-%m-%d %H:%M:%S}"
