from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = _("对标结果")

    def ready(self) -> None:
        from core.imports.registry import register

        register("results", "results.import_kinds.ResultImportKind")
