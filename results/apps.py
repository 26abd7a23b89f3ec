from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = _("对标结果")

    def ready(self) -> None:
        from core.downloads import register_download
        from core.imports.registry import register

        from .models import TestReport
        from .rules import reads_report

        register("results", "results.import_kinds.ResultImportKind")
        register_download(
            TestReport, "file", may_read=reads_report, fallback_extension="pdf", select_related=("result",),
            filename=lambda report: report.report_number or f"report-{report.pk}",
        )
