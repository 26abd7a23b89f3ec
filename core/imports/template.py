"""Downloadable templates (openpyxl): the data sheet with a title row and the Chinese headers
(required ones marked ``*``), drop-down lists where a column has choices, an instructions sheet
describing every column, and a hidden ``_meta`` sheet with what the import checks the file
against (the kind, a results template's plan version). What the template writes, the reader
reads: the title row above the header is skipped like any merged title row."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .kinds import Column, TemplateSpec
from .reading import META_SHEET

TEMPLATE_ROWS = 5000  # how far down the drop-down lists and formats reach
TITLE_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")

GENERAL_INSTRUCTIONS = (
    gettext_noop("请在“数据”工作表第 3 行起逐行填写，每行一条记录；不要修改第 2 行的表头，可以删除不需要的可选列。"),
    gettext_noop("表头带 * 的列为必填列。"),
    gettext_noop("数字可以写成文本，全角数字和空格会被自动识别；日期可写为 2023-05-01、2023/5/1 或 2023年5月1日。"),
    gettext_noop("默认“全部正确才导入”：只要有一行有误，整个文件都不会导入，并生成错误报告（原始行 + 错误原因）。"),
    gettext_noop("改正错误后重新上传即可；也可以选择“导入正确的行”，错误行列入错误报告。"),
    gettext_noop("重复导入同一文件不会产生重复数据：已存在且内容相同的记录不会被改动。"),
    gettext_noop("支持 .xlsx 和 CSV（UTF-8 或 GB18030 编码）。"),
)


def write_template(columns: Sequence[Column], spec: TemplateSpec, *, kind_name: str) -> bytes:
    workbook = Workbook()
    data = workbook.active
    data.title = _("数据")
    _data_sheet(data, columns, spec)
    _instructions_sheet(workbook.create_sheet(_("填写说明")), columns, spec)
    meta = workbook.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"
    meta.append(["kind", kind_name])
    for key, value in spec.meta.items():
        meta.append([key, value])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _data_sheet(sheet, columns: Sequence[Column], spec: TemplateSpec) -> None:
    count = max(len(columns), 1)
    sheet.cell(row=1, column=1, value=spec.title).font = Font(bold=True, size=14, color="FFFFFF")
    sheet.cell(row=1, column=1).fill = TITLE_FILL
    sheet.cell(row=1, column=1).alignment = Alignment(vertical="center")
    if count > 1:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=count)
    sheet.row_dimensions[1].height = 26
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=2, column=index, value=column.template_header)
        cell.font = Font(bold=True)
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        if column.help:
            cell.comment = Comment(str(column.help), "对标达标工作平台", width=300, height=120)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.number_format:
            for row in range(3, 3 + 200):
                sheet.cell(row=row, column=index).number_format = column.number_format
        if column.choices:
            validation = DataValidation(
                type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=not column.required,
                showErrorMessage=True, errorTitle=_("请从列表中选择"),
                error=_("可选值：%(choices)s") % {"choices": "、".join(column.choices)},
            )
            validation.add(f"{letter}3:{letter}{TEMPLATE_ROWS}")
            sheet.add_data_validation(validation)
    sheet.row_dimensions[2].height = 36
    sheet.freeze_panes = "A3"


def _instructions_sheet(sheet, columns: Sequence[Column], spec: TemplateSpec) -> None:
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 70
    sheet.column_dimensions["D"].width = 24
    sheet.append([spec.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    for line in [*[_(text) for text in GENERAL_INSTRUCTIONS], *spec.instructions]:
        sheet.append([f"• {line}"])
    sheet.append([])
    sheet.append([_("列名"), _("是否必填"), _("填写说明"), _("示例")])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for column in columns:
        accepted = "、".join(column.aliases[:3])
        description = str(column.help or "")
        if column.choices:
            description += (" " if description else "") + _("可选值：%(choices)s。") % {
                "choices": "、".join(column.choices)}
        if accepted:
            description += (" " if description else "") + _("也可用表头：%(aliases)s。") % {"aliases": accepted}
        sheet.append([str(column.header), _("必填") if column.required else _("选填"), description, column.example])
        sheet.cell(row=sheet.max_row, column=3).alignment = Alignment(wrap_text=True, vertical="top")
