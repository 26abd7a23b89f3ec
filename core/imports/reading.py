"""Streaming a checked file's rows: python-calamine for xlsx, the csv module for csv.

The header row is found, not assumed: the first of the top rows whose cells name the kind's
columns (so merged title rows and blank rows above it are skipped). Below it, rows with no
content are skipped (Excel's trailing blank rows), and the data-row and column limits are held.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from .cells import is_empty, plain_text
from .errors import ImportRefused
from .kinds import Column
from .safety import ROW_SLACK, FileFacts, Limits

HEADER_SCAN_ROWS = 30
META_SHEET = "_meta"
_UNIT_SUFFIX = re.compile(r"\([^()]*\)$")


def header_key(text: Any) -> str:
    folded = unicodedata.normalize("NFKC", plain_text(text))
    return "".join(folded.split()).casefold().strip("*")


def _keys(text: Any) -> set[str]:
    key = header_key(text)
    keys = {key}
    bare = _UNIT_SUFFIX.sub("", key)
    if bare and bare != key:
        keys.add(bare)
    return keys


@dataclass
class HeaderMatch:
    line: int
    cells: list[str]
    by_index: dict[int, Column]
    missing: list[Column] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)

    @property
    def score(self) -> int:
        return len(self.by_index)


class ColumnIndex:
    """Header text → column, after folding (see ``Column``)."""

    def __init__(self, columns: Sequence[Column]):
        self.columns = list(columns)
        self.by_key: dict[str, Column] = {}
        for column in self.columns:
            for name in (column.header, column.key, *column.aliases):
                for key in _keys(name):
                    self.by_key.setdefault(key, column)

    def find(self, text: Any) -> Column | None:
        key = header_key(text)
        if not key:
            return None
        found = self.by_key.get(key)
        if found is None:
            bare = _UNIT_SUFFIX.sub("", key)
            found = self.by_key.get(bare) if bare else None
        return found

    def match(self, line: int, cells: Sequence[Any]) -> HeaderMatch:
        texts = [plain_text(cell) for cell in cells]
        by_index: dict[int, Column] = {}
        seen: dict[str, int] = {}
        ignored, duplicated = [], []
        for index, text in enumerate(texts):
            column = self.find(text)
            if column is None:
                if text:
                    ignored.append(text)
                continue
            if column.key in seen:
                duplicated.append(text)
                continue
            seen[column.key] = index
            by_index[index] = column
        missing = [c for c in self.columns if c.required and c.key not in seen]
        return HeaderMatch(line, texts, by_index, missing, ignored, duplicated)


def find_header(index: ColumnIndex, top: Sequence[tuple[int, list]]) -> HeaderMatch | None:
    """The first row naming every required column; else the one naming the most columns."""
    best: HeaderMatch | None = None
    for line, cells in top:
        match = index.match(line, cells)
        if not match.score:
            continue
        if not match.missing:
            return match
        if best is None or match.score > best.score:
            best = match
    return best


class Table:
    """The data rows below the header: ``rows()`` yields ``(line, cells)`` for non-empty rows."""

    def __init__(self, header: HeaderMatch, rows: Iterator[tuple[int, list]], *, total: int,
                 meta: dict[str, str], limits: Limits, closer=None):
        self.header = header
        self.total = max(total, 0)
        self.meta = meta
        self._rows = rows
        self._limits = limits
        self._closer = closer

    def rows(self) -> Iterator[tuple[int, list]]:
        count = 0
        width = len(self.header.cells)
        for line, cells in self._rows:
            if all(is_empty(cell) for cell in cells):
                continue
            count += 1
            if count > self._limits.max_rows:
                raise ImportRefused(
                    _("数据超过 %(limit)d 行，请拆分后分批导入。") % {"limit": self._limits.max_rows},
                    code="too_many_rows",
                )
            if len(cells) < width:
                cells = [*cells, *([""] * (width - len(cells)))]
            yield line, cells

    def close(self) -> None:
        if self._closer is not None:
            self._closer()
            self._closer = None


def _refuse_header(best: HeaderMatch | None, columns: Sequence[Column]) -> ImportRefused:
    if best is None:
        wanted = "、".join(str(c.header) for c in columns if c.required) or "、".join(
            str(c.header) for c in columns[:5]
        )
        return ImportRefused(
            _("未找到表头：前 %(rows)d 行中没有一行包含所需的列（%(columns)s）。请使用下载的模板。")
            % {"rows": HEADER_SCAN_ROWS, "columns": wanted},
            code="no_header",
        )
    return ImportRefused(
        _("第 %(line)d 行的表头缺少必填列：%(columns)s。")
        % {"line": best.line, "columns": "、".join(str(c.header) for c in best.missing)},
        code="missing_columns",
    )


def _checked_header(best: HeaderMatch | None, columns: Sequence[Column]) -> HeaderMatch:
    if best is None or best.missing:
        raise _refuse_header(best, columns)
    if best.duplicated:
        raise ImportRefused(
            _("第 %(line)d 行的表头中有重复的列：%(columns)s。")
            % {"line": best.line, "columns": "、".join(best.duplicated)},
            code="duplicate_columns",
        )
    return best


def open_table(path: Path, facts: FileFacts, columns: Sequence[Column], limits: Limits) -> Table:
    if facts.format == "xlsx":
        return _open_xlsx(path, columns, limits)
    return _open_csv(path, facts, columns, limits)


def _open_xlsx(path: Path, columns: Sequence[Column], limits: Limits) -> Table:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception:  # calamine raises its own error types for every malformed part
        raise ImportRefused(_("无法读取该 Excel 文件，请用 Excel 或 WPS 另存为 .xlsx 后再导入。"), code="unreadable") \
            from None
    index = ColumnIndex(columns)
    try:
        meta = _read_meta(workbook)
        best: HeaderMatch | None = None
        for info in workbook.sheets_metadata:
            if info.name == META_SHEET or "Work" not in str(info.typ):
                continue
            sheet = workbook.get_sheet_by_name(info.name)
            if sheet.width > limits.max_columns:
                raise ImportRefused(
                    _("工作表“%(sheet)s”有 %(count)d 列，超过上限 %(limit)d 列。")
                    % {"sheet": info.name, "count": sheet.width, "limit": limits.max_columns},
                    code="too_many_columns",
                )
            if sheet.height > limits.max_rows + ROW_SLACK:
                raise ImportRefused(
                    _("工作表“%(sheet)s”有 %(count)d 行，超过上限 %(limit)d 行，请拆分后分批导入。")
                    % {"sheet": info.name, "count": sheet.height, "limit": limits.max_rows},
                    code="too_many_rows",
                )
            rows = enumerate(sheet.iter_rows(), start=1)
            top = []
            for line, cells in rows:
                top.append((line, cells))
                if len(top) >= HEADER_SCAN_ROWS:
                    break
            match = find_header(index, top)
            if match is not None and not match.missing:
                header = _checked_header(match, columns)
                below = [(line, cells) for line, cells in top if line > header.line]
                end = (sheet.end or (0, 0))[0] + 1
                return Table(header, _chain(below, rows), total=end - header.line, meta=meta, limits=limits,
                             closer=workbook.close)
            if match is not None and (best is None or match.score > best.score):
                best = match
        raise _refuse_header(best, columns)
    except BaseException:
        workbook.close()
        raise


def _chain(first: list, rest: Iterator) -> Iterator:
    yield from first
    yield from rest


def _read_meta(workbook) -> dict[str, str]:
    if META_SHEET not in workbook.sheet_names:
        return {}
    sheet = workbook.get_sheet_by_name(META_SHEET)
    meta = {}
    for cells in sheet.iter_rows():
        if len(cells) >= 2 and plain_text(cells[0]):
            meta[plain_text(cells[0])] = plain_text(cells[1])
        if len(meta) > 50:
            break
    return meta


def _open_csv(path: Path, facts: FileFacts, columns: Sequence[Column], limits: Limits) -> Table:
    csv.field_size_limit(1024 * 1024)
    handle = path.open(encoding=facts.encoding, newline="")
    try:
        reader = csv.reader(handle, delimiter=facts.delimiter)
        records = _csv_records(reader, limits)
        top = []
        for line, cells in records:
            top.append((line, cells))
            if len(top) >= HEADER_SCAN_ROWS:
                break
        header = _checked_header(find_header(ColumnIndex(columns), top), columns)
        below = [(line, cells) for line, cells in top if line > header.line]
        total = _count_lines(path) - header.line
        return Table(header, _chain(below, records), total=total, meta={}, limits=limits, closer=handle.close)
    except csv.Error as error:
        handle.close()
        raise ImportRefused(_("CSV 文件格式有误：%(error)s") % {"error": str(error)[:200]}, code="csv_format") from None
    except BaseException:
        handle.close()
        raise


def _csv_records(reader, limits: Limits) -> Iterator[tuple[int, list]]:
    try:
        for number, record in enumerate(reader, start=1):
            if len(record) > limits.max_columns:
                raise ImportRefused(
                    _("第 %(line)d 行有 %(count)d 列，超过上限 %(limit)d 列。")
                    % {"line": number, "count": len(record), "limit": limits.max_columns},
                    code="too_many_columns",
                )
            yield number, record
    except csv.Error as error:
        raise ImportRefused(_("CSV 文件格式有误：%(error)s") % {"error": str(error)[:200]}, code="csv_format") \
            from None


def _count_lines(path: Path) -> int:
    lines, last = 0, b"\n"
    with path.open("rb") as fp:
        while chunk := fp.read(1024 * 1024):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n")
