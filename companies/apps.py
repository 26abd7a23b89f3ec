from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "companies"
    verbose_name = _("企业")

    def ready(self) -> None:
        from core.imports.registry import register

        register("enterprises", "companies.import_kinds.EnterpriseImportKind")
