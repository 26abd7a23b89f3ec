from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThirdpartyConfig(AppConfig):
    name = "thirdparty"
    verbose_name = _("第三方机构")

    def ready(self) -> None:
        from core.downloads import register_download
        from core.imports.registry import register

        from .models import Certificate
        from .rules import reads_certificate_scan

        register("institutions", "thirdparty.import_kinds.InstitutionImportKind")
        register_download(
            Certificate, "scan", may_read=reads_certificate_scan, fallback_extension="pdf",
            select_related=("institution__region",),
            filename=lambda certificate: f"{certificate.kind.upper()}-{certificate.number}",
        )
