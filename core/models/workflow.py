"""What every reviewed object shares: its review states and the event row per transition."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..append_only import AppendOnlyModel


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("已退回")
    # Approval publishes at once (the campaign publishes what its offices approve), so there is
    # no separate "approved" state to get stuck in.
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")
    SUPERSEDED = "superseded", _("已被新版本取代")

    @classmethod
    def editable(cls) -> tuple[str, ...]:
        return (cls.DRAFT, cls.RETURNED)


def decided_index(name: str) -> models.Index:
    """The review decisions (events leaving 'submitted') by time: what the dashboards count this
    month, a fraction of the events (an index of every event's time was ~58 B a result)."""
    return models.Index(fields=["created_at"], name=name, condition=Q(from_status="submitted"))


class TransitionEvent(AppendOnlyModel):
    """One state transition: who, from, to, why, when. Rows are written once and never changed
    (``core.append_only``); the object and the account they name cannot be deleted."""

    # Not indexed: no page reads events by their actor (an index was ~14 B a result), and deleting
    # an account, the one look-up by actor, is refused anyway once the account acted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", db_index=False,
    )
    # Kept as text too: the record of who decided must outlive the account.
    actor_name = models.CharField(_("操作人名称"), max_length=150, blank=True)
    from_status = models.CharField(_("原状态"), max_length=20, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20)
    reason = models.TextField(_("理由"), blank=True)
    # No index of its own: an object's history is read through its key; the dashboards count this
    # month's review decisions through a partial index (``decided_index``) where they need one.
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta(AppendOnlyModel.Meta):
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"
