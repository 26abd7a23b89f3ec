"""Third-party standardisation service institutions and their accreditation."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from benchmarking.models import ProductCategory, Region
from core.downloads import DownloadFileField
from core.models import TransitionEvent


class InstitutionKind(models.TextChoices):
    ASSOCIATION = "association", _("行业协会")
    STANDARDS_INSTITUTE = "standards_institute", _("标准化研究机构")
    TESTING_LAB = "testing_lab", _("检验检测机构")
    CERTIFICATION_BODY = "certification_body", _("认证机构")
    CONSULTING = "consulting", _("咨询服务机构")


class AccreditationStatus(models.TextChoices):
    APPLIED = "applied", _("已申请")
    ACCREDITED = "accredited", _("已认定")
    REJECTED = "rejected", _("未通过")
    EXPIRED = "expired", _("已过期")


class Institution(models.Model):
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    uscc_legacy_checksum = models.BooleanField(_("校验位不符（存量代码）"), default=False)
    name = models.CharField(_("机构名称"), max_length=200, db_index=True)
    kind = models.CharField(_("机构类型"), max_length=20, choices=InstitutionKind.choices, db_index=True)
    region = models.ForeignKey(
        Region, verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="institutions"
    )
    province = models.ForeignKey(Region, verbose_name=_("所在省份"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("认定状态"), max_length=12, choices=AccreditationStatus.choices,
        default=AccreditationStatus.APPLIED, db_index=True,
    )
    accredited_at = models.DateTimeField(_("认定时间"), null=True, blank=True)
    website = models.URLField(_("网站"), blank=True)
    description = models.TextField(_("简介"), blank=True)
    contact_name = models.CharField(_("联系人"), max_length=60, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("第三方机构")
        verbose_name_plural = pgettext_lazy("plural", "第三方机构")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="accredited") | Q(accredited_at__isnull=False),
                name="institution_accredited_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CertificateKind(models.TextChoices):
    CNAS = "cnas", _("CNAS 实验室认可")
    CMA = "cma", _("CMA 检验检测机构资质认定")


# CNAS laboratory accreditation numbers are "L" and four or five digits (CNAS L0123); CMA
# certificate numbers are twelve digits (two-digit year, province code, serial).
CERTIFICATE_NUMBER_PATTERNS = {
    CertificateKind.CNAS: r"^L\d{4,5}$",
    CertificateKind.CMA: r"^\d{12}$",
}


class Certificate(models.Model):
    institution = models.ForeignKey(
        Institution, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="certificates"
    )
    kind = models.CharField(_("证书类型"), max_length=6, choices=CertificateKind.choices)
    number = models.CharField(
        _("证书编号"), max_length=20,
        validators=[RegexValidator(r"^(L\d{4,5}|\d{12})$", _("证书编号格式不正确"))],
    )
    scope = models.TextField(_("认可范围"), blank=True)
    valid_until = models.DateField(_("有效期至"), db_index=True)
    scan = DownloadFileField(_("证书扫描件"), upload_to="certificates/%Y/", blank=True)
    expiry_notified_at = models.DateTimeField(_("到期提醒时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("资质证书")
        verbose_name_plural = pgettext_lazy("plural", "资质证书")
        ordering = ["institution", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="certificate_number_unique"),
            models.CheckConstraint(
                condition=Q(kind="cnas", number__regex=CERTIFICATE_NUMBER_PATTERNS[CertificateKind.CNAS])
                | Q(kind="cma", number__regex=CERTIFICATE_NUMBER_PATTERNS[CertificateKind.CMA]),
                name="certificate_number_format",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class ServiceKind(models.TextChoices):
    PRODUCT_TESTING = "product_testing", _("产品检测")
    STANDARD_VERIFICATION = "standard_verification", _("标准验证")
    COMPARISON_TESTING = "comparison_testing", _("比对试验")
    PLAN_DRAFTING = "plan_drafting", _("方案起草")


class InstitutionService(models.Model):
    institution = models.ForeignKey(
        Institution, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="services"
    )
    category = models.ForeignKey(
        ProductCategory, verbose_name=_("产品类别"), on_delete=models.PROTECT, related_name="services"
    )
    service = models.CharField(_("服务"), max_length=24, choices=ServiceKind.choices)

    class Meta:
        verbose_name = _("服务项目")
        verbose_name_plural = pgettext_lazy("plural", "服务项目")
        constraints = [
            models.UniqueConstraint(fields=["institution", "category", "service"], name="institution_service_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.category} · {self.get_service_display()}"


class InstitutionEvent(TransitionEvent):
    institution = models.ForeignKey(
        Institution, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="events"
    )

    class Meta(TransitionEvent.Meta):
        verbose_name = _("机构认定记录")
        verbose_name_plural = pgettext_lazy("plural", "机构认定记录")
