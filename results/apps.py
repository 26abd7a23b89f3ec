from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.queue import enqueue


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = _("对标结果")

    def ready(self) -> None:
        from core.downloads import register_download
        from core.imports.registry import register
        from standards.signals import lifecycle_changed

        from .models import TestReport
        from .rules import reads_report

        register("results", "results.import_kinds.ResultImportKind")
        lifecycle_changed.connect(_flag_standard_changes, dispatch_uid="results.flag_standard_changes")
        register_download(
            TestReport, "file", may_read=reads_report, fallback_extension="pdf", select_related=("result",),
            filename=lambda report: report.report_number or f"report-{report.pk}",
        )


def _flag_standard_changes(sender, standard_ids: list[int], **kwargs) -> None:
    """A standard's life changed (the signal comes after the commit): a worker flags what
    compares with it and notifies the parties."""
    enqueue("results.tasks.flag_standard_changes", standard_ids=list(standard_ids))
