from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "standards"
    verbose_name = _("标准库")

    def ready(self) -> None:
        from core.imports.registry import register

        register("standards", "standards.import_kinds.StandardImportKind")
