"""Users and the roles of the campaign. A role binds a user to what they act for: a city office
to its city, an enterprise user to an enterprise, an institution user to an institution."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    OFFICE = "office", _("百千万行动办公室")
    CITY = "city", _("试点城市办公室")
    ENTERPRISE = "enterprise", _("企业")
    INSTITUTION = "institution", _("第三方机构")


class User(AbstractUser):
    role = models.CharField(_("角色"), max_length=12, choices=Role.choices, blank=True, db_index=True)
    region = models.ForeignKey(
        "benchmarking.Region", verbose_name=_("所在城市"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="office_users",
    )
    enterprise = models.ForeignKey(
        "companies.Enterprise", verbose_name=_("企业"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="users",
    )
    institution = models.ForeignKey(
        "thirdparty.Institution", verbose_name=_("机构"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="users",
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = pgettext_lazy("plural", "用户")
        constraints = [
            # A user is bound to exactly the party their role acts for, and to nothing else.
            models.CheckConstraint(
                condition=(
                    Q(role="city", region__isnull=False, enterprise__isnull=True, institution__isnull=True)
                    | Q(role="enterprise", enterprise__isnull=False, region__isnull=True, institution__isnull=True)
                    | Q(role="institution", institution__isnull=False, region__isnull=True, enterprise__isnull=True)
                    | Q(role__in=["office", ""], region__isnull=True, enterprise__isnull=True, institution__isnull=True)
                ),
                name="user_role_binding",
            ),
        ]

    @property
    def party_key(self) -> str:
        """The party this user acts for, as one string: "city:330200", "enterprise:17",
        "institution:5", or "" for the campaign office. Rows that belong to a party (an import
        job) store it, and a user sees the rows of their own party."""
        match self.role:
            case Role.CITY:
                return f"city:{self.region_id}"
            case Role.ENTERPRISE:
                return f"enterprise:{self.enterprise_id}"
            case Role.INSTITUTION:
                return f"institution:{self.institution_id}"
        return ""
