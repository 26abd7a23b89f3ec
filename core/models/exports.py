"""Exports too large for one request: a public list written to a file by a worker."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.downloads import DownloadFileField


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("处理中")
    SUCCEEDED = "succeeded", _("已完成")
    FAILED = "failed", _("失败")


class ExportJob(models.Model):
    """One export of a filtered public API list (its path and query) as CSV or XLSX. The data is
    public, so the random token is the whole key to it: whoever holds the link can follow it."""

    token = models.CharField(_("令牌"), max_length=43, unique=True)
    path = models.CharField(_("列表地址"), max_length=200)
    query = models.CharField(_("筛选条件"), max_length=2000, blank=True)
    file_format = models.CharField(_("文件格式"), max_length=4)
    status = models.CharField(_("状态"), max_length=12, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    rows_total = models.BigIntegerField(_("总行数"), default=0)
    rows_done = models.BigIntegerField(_("已写行数"), default=0)
    file = DownloadFileField(_("文件"), upload_to="exports/%Y/%m/", max_length=255, blank=True)
    message = models.CharField(_("说明"), max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("请求人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")
        indexes = [models.Index(fields=["path", "query", "file_format", "-created_at"], name="export_same_request")]

    def __str__(self) -> str:
        return f"{self.path}?{self.query} ({self.file_format})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.SUCCEEDED, ExportStatus.FAILED)
