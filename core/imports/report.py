"""The error report: the file's bad rows as they were, with their row number and every reason.

Written as the rows are read (openpyxl's write-only workbook spools to disk), so a file with a
hundred thousand bad rows costs no more memory than one with three. Cells that a spreadsheet
would run as a formula are prefixed with an apostrophe (``exports.safe_cell``).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from ..export_rows import safe_cell

REASON_FILL = PatternFill("solid", fgColor="FDE2E1")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _cell_value(value):
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    return safe_cell(value)


class ErrorReport:
    def __init__(self, header: Sequence[str]):
        self.rows = 0
        self.workbook = Workbook(write_only=True)
        self.sheet = self.workbook.create_sheet(_("错误行"))
        self.sheet.freeze_panes = "C2"
        self.sheet.column_dimensions["A"].width = 8
        self.sheet.column_dimensions["B"].width = 60
        bold = Font(bold=True)
        titles = [_("行号"), _("错误原因"), *[str(h) for h in header]]
        cells = []
        for title in titles:
            cell = WriteOnlyCell(self.sheet, value=safe_cell(title))
            cell.font, cell.fill = bold, HEADER_FILL
            cells.append(cell)
        self.sheet.append(cells)

    def add(self, line: int, cells: Sequence, errors: Sequence[str]) -> None:
        reason = WriteOnlyCell(self.sheet, value=safe_cell("；".join(errors)))
        reason.fill = REASON_FILL
        reason.alignment = Alignment(wrap_text=True, vertical="top")
        self.sheet.append([line, reason, *(_cell_value(value) for value in cells)])
        self.rows += 1

    def save(self) -> tempfile.SpooledTemporaryFile:
        spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (the caller closes it)
        self.workbook.save(spool)
        spool.seek(0)
        return spool
