from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("对标技术方案")

    def ready(self) -> None:
        from core.imports.registry import register

        register("plans", "plans.import_kinds.PlanImportKind")
