from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from benchmarking.models import Industry, Region
from core.models import TransitionEvent


class UsccStatus(models.TextChoices):
    """Whether the enterprise's USCC is known to be its own (``USCC_WORKFLOW``)."""

    VALID = "valid", _("校验通过")  # its check character follows GB 32100
    PENDING = "pending", _("待核验")  # it does not: a typo, or an old code; the licence decides
    CONFIRMED = "confirmed", _("已核验")  # the city office compared it with the business licence


class Enterprise(models.Model):
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    # A code whose check character fails GB 32100 may be a typo or a code issued before the check
    # was enforced: it is held 待核验 until the city office has seen the business licence, and
    # until then the enterprise drafts but publishes nothing.
    uscc_legacy_checksum = models.BooleanField(_("校验位不符（GB 32100）"), default=False)
    uscc_status = models.CharField(
        _("代码核验"), max_length=12, choices=UsccStatus.choices, default=UsccStatus.VALID, db_index=True,
    )
    name = models.CharField(_("企业名称"), max_length=200, db_index=True)
    region = models.ForeignKey(
        Region, verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="enterprises"
    )
    # Denormalised from region so that a city office's scope is one indexed equality.
    city = models.ForeignKey(Region, verbose_name=_("所在城市"), on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey(Region, verbose_name=_("所在省份"), on_delete=models.PROTECT, related_name="+")
    industry = models.ForeignKey(
        Industry, verbose_name=_("所属行业"), on_delete=models.PROTECT, related_name="enterprises"
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    # Personal contact data: shown to the enterprise and its reviewers only, never published.
    contact_name = models.CharField(_("联系人"), max_length=60, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    created_at = models.DateTimeField(_("注册时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = pgettext_lazy("plural", "企业")
        ordering = ["name"]
        constraints = [
            # A code that passes its check is never 待核验; one that fails is never simply "valid".
            models.CheckConstraint(
                condition=Q(uscc_legacy_checksum=False, uscc_status__in=["valid", "confirmed"])
                | Q(uscc_legacy_checksum=True, uscc_status__in=["pending", "confirmed"]),
                name="enterprise_uscc_status_follows_check",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def uscc_awaits_verification(self) -> bool:
        return self.uscc_status == UsccStatus.PENDING


class EnterpriseEvent(TransitionEvent):
    """A step of the enterprise's USCC verification (``USCC_WORKFLOW``)."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="events"
    )

    class Meta(TransitionEvent.Meta):
        verbose_name = _("企业代码核验记录")
        verbose_name_plural = pgettext_lazy("plural", "企业代码核验记录")
