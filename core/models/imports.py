"""Imports: one uploaded file being imported (``ImportJob``) and its status transitions.

The engine that fills these rows lives in ``core/imports/``; see its package docstring.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.downloads import DownloadFileField

from .workflow import TransitionEvent


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("处理中")
    SUCCEEDED = "succeeded", _("导入成功")
    # "Import the valid rows": those were written, the others are in the error report.
    PARTIAL = "partial", _("部分导入")
    # All or nothing and some rows were bad: nothing was written, the error report says why.
    REJECTED = "rejected", _("未导入（数据有误）")
    # The file itself was refused (size, type, zip bomb…) or the import could not run.
    FAILED = "failed", _("失败")

    @classmethod
    def finished(cls) -> tuple[str, ...]:
        return (cls.SUCCEEDED, cls.PARTIAL, cls.REJECTED, cls.FAILED)


class ImportMode(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("全部正确才导入（有错误行则不导入任何数据）")
    VALID_ROWS = "valid_rows", _("导入正确的行，错误行列入错误报告")


class ImportPhase(models.TextChoices):
    WAITING = "", _("等待处理")
    CHECKING = "checking", _("检查文件")
    READING = "reading", _("读取并校验")
    WRITING = "writing", _("写入数据库")
    DONE = "done", _("已结束")


class ImportJob(models.Model):
    kind = models.CharField(_("导入类型"), max_length=40, db_index=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.QUEUED, db_index=True
    )
    mode = models.CharField(_("导入方式"), max_length=16, choices=ImportMode.choices, default=ImportMode.ALL_OR_NOTHING)
    # What the kind needs besides the file (the plan version of a results import…), as JSON.
    options = models.JSONField(_("导入选项"), default=dict, blank=True)
    file = DownloadFileField(_("文件"), upload_to="imports/%Y/%m/", max_length=255, blank=True)
    original_name = models.CharField(_("文件名"), max_length=255)
    file_size = models.BigIntegerField(_("文件大小"), default=0)
    file_format = models.CharField(_("文件格式"), max_length=8, blank=True)
    # The uploader's language: reasons and the error report are written in it.
    language = models.CharField(_("语言"), max_length=10, default="zh-hans")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_by_name = models.CharField(_("导入人名称"), max_length=150, blank=True)
    # Whose job it is: the party its uploader acts for, as ``User.party_key`` names it
    # ("city:330200", "enterprise:17"; "" for the campaign office). The admin and the portals show
    # a user the jobs of their own party only.
    owner = models.CharField(_("所属"), max_length=40, blank=True, db_index=True)
    phase = models.CharField(_("阶段"), max_length=10, choices=ImportPhase.choices, blank=True)
    rows_total = models.PositiveIntegerField(_("数据行数"), default=0)
    rows_read = models.PositiveIntegerField(_("已读取"), default=0)
    rows_invalid = models.PositiveIntegerField(_("错误行"), default=0)
    rows_written = models.PositiveIntegerField(_("已写入"), default=0)
    rows_created = models.PositiveIntegerField(_("新增"), default=0)
    rows_updated = models.PositiveIntegerField(_("更新"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("无变化"), default=0)
    error_code = models.CharField(_("错误代码"), max_length=40, blank=True)
    message = models.TextField(_("说明"), blank=True)
    notes = models.JSONField(_("提示"), default=list, blank=True)
    error_report = DownloadFileField(_("错误报告"), upload_to="imports/reports/%Y/%m/", max_length=255, blank=True)
    # Redelivery: every run claims the job (attempt + token); a run whose claim was taken over
    # commits nothing, and a run that stops sending heartbeats is taken over.
    attempt = models.PositiveSmallIntegerField(_("运行次数"), default=0)
    claim_token = models.CharField(_("运行令牌"), max_length=32, blank=True)
    heartbeat_at = models.DateTimeField(_("心跳时间"), null=True, blank=True)
    queued_at = models.DateTimeField(_("入队时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = pgettext_lazy("plural", "导入任务")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running"]) | Q(finished_at__isnull=False),
                name="import_job_finished_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="import_job_status_heartbeat")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.original_name}"

    @property
    def is_finished(self) -> bool:
        return self.status in ImportStatus.finished()

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None


class ImportJobEvent(TransitionEvent):
    job = models.ForeignKey(ImportJob, verbose_name=_("导入任务"), on_delete=models.PROTECT, related_name="events")

    class Meta(TransitionEvent.Meta):
        verbose_name = _("导入任务流转记录")
        verbose_name_plural = pgettext_lazy("plural", "导入任务流转记录")
