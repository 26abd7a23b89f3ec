from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThirdpartyConfig(AppConfig):
    name = "thirdparty"
    verbose_name = _("第三方机构")

    def ready(self) -> None:
        from core.imports.registry import register

        register("institutions", "thirdparty.import_kinds.InstitutionImportKind")
