"""The audit trail of edits: every change of a stored row that is not a review transition (those
have their own event rows) leaves one ``AuditEvent`` — who, when, which row, what changed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..append_only import AppendOnlyModel


class AuditAction(models.TextChoices):
    CREATED = "created", _("新增")
    CHANGED = "changed", _("修改")
    DELETED = "deleted", _("删除")


class AuditEvent(AppendOnlyModel):
    """Written by ``core.services`` (``model_create``/``model_update``/``model_delete``), the one
    path of edits; rows are written once and never changed (``core.append_only``)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    # Kept as text too: the record of who changed what must outlive the account.
    actor_name = models.CharField(_("操作人名称"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=10, choices=AuditAction.choices)
    target_type = models.CharField(_("对象类型"), max_length=100)  # "standards.comparison"
    target_id = models.CharField(_("对象编号"), max_length=64)
    target_repr = models.CharField(_("对象"), max_length=200, blank=True)
    # {field: [before, after]} as text; the fields an edit changed, or all of a new or deleted row.
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("修改记录")
        verbose_name_plural = pgettext_lazy("plural", "修改记录")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "created_at"], name="audit_event_target")]

    def __str__(self) -> str:
        return f"{self.target_type}#{self.target_id} {self.action}"
