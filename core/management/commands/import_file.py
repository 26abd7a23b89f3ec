"""``manage.py import_file KIND PATH``: import a file in this process, printing the progress.

The same job as an upload makes (it is listed in the admin); the worker is this process. Exits
with status 1 and the reasons when the file is refused or has bad rows (``rejected``), 0 when it
was imported (also ``partial`` with ``--valid-rows``).
"""

from __future__ import annotations

import threading
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.models import ImportJob, ImportMode, ImportStatus

from ...imports import services
from ...imports.progress import live_progress
from ...imports.registry import kind_names

STATUS_OK = (ImportStatus.SUCCEEDED, ImportStatus.PARTIAL)


class Command(BaseCommand):
    help = "导入一个 xlsx/csv 文件（在本进程中运行导入任务并显示进度）。"

    def add_arguments(self, parser):
        parser.add_argument("kind", help="导入类型：" + ", ".join(kind_names()))
        parser.add_argument("path", type=Path)
        parser.add_argument("--plan-version", type=int, help="对标结果所对标的方案版本 id")
        parser.add_argument("--valid-rows", action="store_true", help="只导入正确的行（默认：全部正确才导入）")
        parser.add_argument("--user", help="以该用户的身份导入（默认：第一个超级用户）")

    def handle(self, *args, kind: str, path: Path, plan_version: int | None, valid_rows: bool, user: str | None,
               **options):
        actor = self._actor(user)
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        job_options = {"plan_version": plan_version} if plan_version is not None else {}
        try:
            job = services.import_job_create(
                kind=kind, actor=actor, path=path, options=job_options, enqueue=False,
                mode=ImportMode.VALID_ROWS if valid_rows else ImportMode.ALL_OR_NOTHING,
            )
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from None
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"导入任务 #{job.pk}：{job.original_name}")
        if not job.is_finished:
            self._run_with_progress(job.pk)
        job = ImportJob.objects.get(pk=job.pk)
        self._report(job)
        if job.status not in STATUS_OK:
            raise CommandError(f"导入未完成（{job.get_status_display()}）：{job.message}")

    def _actor(self, username: str | None):
        User = get_user_model()
        if username:
            try:
                return User.objects.get(username=username)
            except User.DoesNotExist:
                raise CommandError(f"用户不存在：{username}") from None
        actor = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if actor is None:
            raise CommandError("没有超级用户：请用 --user 指定导入人。")
        return actor

    def _run_with_progress(self, job_id: int) -> None:
        done = threading.Event()

        def show() -> None:
            while not done.wait(1.0):
                live = live_progress(job_id) or {}
                if live:
                    self.stdout.write(
                        f"  {live.get('phase') or '…'}: 已读取 {live.get('rows_read', 0)} 行，"
                        f"错误 {live.get('rows_invalid', 0)} 行，已写入 {live.get('rows_written', 0)} 行"
                    )

        watcher = threading.Thread(target=show, daemon=True)
        watcher.start()
        try:
            services.import_job_run(job_id=job_id)
        finally:
            done.set()
            watcher.join()

    def _report(self, job: ImportJob) -> None:
        self.stdout.write(
            f"状态：{job.get_status_display()}；读取 {job.rows_read} 行，错误 {job.rows_invalid} 行；"
            f"新增 {job.rows_created}，更新 {job.rows_updated}，无变化 {job.rows_unchanged}"
        )
        if job.message:
            self.stdout.write(job.message)
        for note in job.notes or []:
            self.stdout.write(f"提示：{note}")
        if job.error_report:
            self.stdout.write(f"错误报告：{job.error_report.path}")
            for line, reason in _report_lines(job, LISTED_ROWS + 1):
                self.stdout.write(f"  第 {line} 行：{reason}")
            if job.rows_invalid > LISTED_ROWS:
                self.stdout.write(f"  ……另有 {job.rows_invalid - LISTED_ROWS} 行，见错误报告。")


LISTED_ROWS = 50


def _report_lines(job: ImportJob, limit: int) -> list[tuple]:
    from openpyxl import load_workbook

    workbook = load_workbook(job.error_report.path, read_only=True)
    try:
        rows = workbook.worksheets[0].iter_rows(min_row=2, max_col=2, values_only=True)
        return [row for row, _ in zip(rows, range(limit), strict=False)][:LISTED_ROWS]
    finally:
        workbook.close()
