"""Helpers of the import-kind tests: files built as users build them, jobs run in this process
through the job service (as ``manage.py import_file`` runs them), error reports and templates
(downloaded from the admin's upload page) read back with openpyxl."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
from django.urls import reverse

from core.imports import services
from core.models import ImportJob, ImportMode


def write_xlsx(path: Path, header, rows, *, title: str = "", titles=(), sheet_name: str = "数据") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_name
    for text in ([title] if title else []) + list(titles):  # merged title rows above the header, as offices make them
        sheet.append([text])
        if len(header) > 1:
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=len(header))
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def write_csv(path: Path, header, rows, *, encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def run_import(kind: str, actor, path: Path, *, mode: str = ImportMode.ALL_OR_NOTHING, options=None) -> ImportJob:
    job = services.import_job_create(kind=kind, actor=actor, path=path, mode=mode, options=options or {},
                                     enqueue=False)
    return services.import_job_run(job_id=job.pk)


def counts(job: ImportJob) -> tuple[int, int, int]:
    return job.rows_created, job.rows_updated, job.rows_unchanged


def error_rows(job: ImportJob) -> dict[int, str]:
    """Line number → reasons, from the job's error report."""
    assert job.error_report, f"no error report: {job.status} {job.message}"
    with job.error_report.open("rb") as handle:
        workbook = openpyxl.load_workbook(io.BytesIO(handle.read()), read_only=True)
    sheet = workbook.worksheets[0]
    found = {}
    for line, reason, *_cells in sheet.iter_rows(min_row=2, values_only=True):
        found[int(line)] = str(reason)
    return found


def download_template(client, kind_name: str) -> openpyxl.Workbook:
    """The kind's template as the upload page offers it (the admin's download link)."""
    response = client.get(reverse("admin:core_importjob_template"), {"kind": kind_name})
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment") and ".xlsx" in response["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def template_headers(workbook: openpyxl.Workbook) -> list[str]:
    sheet = workbook.worksheets[0]
    return [cell.value for cell in sheet[2] if cell.value]


def validation_lists(workbook: openpyxl.Workbook) -> dict[str, list[str]]:
    """Header (without the required mark) → the options of its drop-down list."""
    sheet = workbook.worksheets[0]
    headers = {cell.column_letter: str(cell.value).rstrip("*") for cell in sheet[2] if cell.value}
    found = {}
    for validation in sheet.data_validations.dataValidation:
        letter = str(validation.sqref).split(":")[0].rstrip("0123456789")
        found[headers[letter]] = validation.formula1.strip('"').split(",")
    return found


def fill_template(workbook: openpyxl.Workbook, rows, path: Path) -> Path:
    """Type ``rows`` into the data sheet below the header (keyed by header without ``*``)."""
    sheet = workbook.worksheets[0]
    columns = {str(cell.value).rstrip("*"): cell.column for cell in sheet[2] if cell.value}
    for offset, row in enumerate(rows):
        for header, value in row.items():
            sheet.cell(row=3 + offset, column=columns[header], value=value)
    workbook.save(path)
    return path
