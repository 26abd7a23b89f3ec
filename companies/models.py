from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from benchmarking.models import Industry, Region


class Enterprise(models.Model):
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    # Early pilot regions issued codes whose check character fails GB 32100: accepted, flagged.
    uscc_legacy_checksum = models.BooleanField(_("校验位不符（存量代码）"), default=False)
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

    def __str__(self) -> str:
        return self.name
