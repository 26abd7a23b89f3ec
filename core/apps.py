from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("平台运行")

    def ready(self) -> None:
        from . import search  # noqa: F401  (registers the any_of lookup every app may filter with)
        from .imports import checks  # noqa: F401  (registers the defusedxml system check)
