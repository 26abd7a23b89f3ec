from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchmarkingConfig(AppConfig):
    name = "benchmarking"
    verbose_name = _("对标达标行动")

    def ready(self) -> None:
        from core.imports.registry import register

        register("regions", "benchmarking.import_kinds.regions.RegionImportKind")
        register("activities", "benchmarking.import_kinds.activities.ActivityImportKind")
