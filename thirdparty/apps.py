from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThirdpartyConfig(AppConfig):
    name = "thirdparty"
    verbose_name = _("第三方机构")
