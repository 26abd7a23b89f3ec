"""Checks on an uploaded file before anything parses it.

Every check reads at most a bounded amount at a time, so a hostile file costs seconds and a few
megabytes, never the worker:

- size: ``IMPORT_MAX_BYTES`` (a stat, before a byte is read);
- type by content, never by name: an xlsx is a zip holding ``[Content_Types].xml`` and
  ``xl/workbook.xml``; a csv is text in UTF-8 (with or without BOM) or GB18030; an executable,
  a PDF, an old binary .xls, an image… is refused and named;
- zip: entry count, total expanded size and, for large entries, the expansion ratio (a zip
  bomb's tell) from the directory; then every entry is inflated as a stream, with its expanded
  size and CRC checked against the directory, so an entry that lies about its size is caught;
- XML: no DOCTYPE anywhere (entity expansion, "billion laughs", external entities), UTF-8 only
  (a UTF-16 part would slip past a byte scan);
- the sheet's extent: python-calamine turns the cells into one dense grid whose size is the
  span of the cell references, so a 5 kB file with cells A1 and XFD1048576 asks for 550 GB and
  aborts the process. The cell references are scanned and the span is held to
  ``IMPORT_MAX_ROWS`` × ``IMPORT_MAX_COLUMNS`` first.

Row and column limits of the data itself are checked again while reading (``reading.py``).
openpyxl, which writes the templates and error reports, must parse XML through defusedxml:
`assert_defusedxml_active` is called before every job and by a system check.
"""

from __future__ import annotations

import codecs
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .errors import ImportRefused

CHUNK = 1024 * 1024
# The title and blank rows above a header, beyond the data-row limit.
ROW_SLACK = 100
LARGE_ENTRY = 1024 * 1024  # below this an entry's ratio does not matter
XML_SUFFIXES = (".xml", ".rels", ".vml")
CSV_DELIMITERS = (",", "\t", ";")


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_columns: int
    max_zip_entries: int
    max_uncompressed_bytes: int
    max_zip_ratio: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_bytes=settings.IMPORT_MAX_BYTES,
            max_rows=settings.IMPORT_MAX_ROWS,
            max_columns=settings.IMPORT_MAX_COLUMNS,
            max_zip_entries=settings.IMPORT_MAX_ZIP_ENTRIES,
            max_uncompressed_bytes=settings.IMPORT_MAX_UNCOMPRESSED_BYTES,
            max_zip_ratio=settings.IMPORT_MAX_ZIP_RATIO,
        )


@dataclass(frozen=True)
class FileFacts:
    format: str  # "xlsx" or "csv"
    size: int
    encoding: str = ""  # csv: the codec that reads it
    delimiter: str = ","  # csv


def assert_defusedxml_active() -> None:
    """openpyxl uses defusedxml only when it is importable; without it we do not run at all."""
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:
        raise ImproperlyConfigured("defusedxml is not installed: openpyxl would parse XML without protection")


# --- size and type ----------------------------------------------------------------------------------

def check_size(size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise ImportRefused(
            _("文件过大：%(size)s，上限为 %(limit)s。")
            % {"size": filesizeformat(size), "limit": filesizeformat(limits.max_bytes)},
            code="too_large",
        )
    if size == 0:
        raise ImportRefused(_("文件是空的。"), code="empty")


_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"MZ", "executable", "Windows 可执行程序"),
    (b"\x7fELF", "executable", "Linux 可执行程序"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole2", ""),
    (b"%PDF", "other", "PDF"),
    (b"\x89PNG", "other", "PNG"),
    (b"\xff\xd8\xff", "other", "JPEG"),
    (b"GIF8", "other", "GIF"),
    (b"\x1f\x8b", "other", "gzip"),
    (b"Rar!", "other", "RAR"),
    (b"7z\xbc\xaf", "other", "7z"),
    (b"PK\x05\x06", "other", "空 zip"),
)


def sniff(head: bytes) -> str:
    """"xlsx" or "csv" from the first bytes of a file, or ImportRefused naming what it is."""
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    for signature, family, label in _SIGNATURES:
        if head.startswith(signature):
            if family == "ole2":
                raise ImportRefused(
                    _("这是旧版 Excel（.xls）或加密的 Excel 文件，请在 Excel 中另存为未加密的 .xlsx 后再导入。"),
                    code="old_or_encrypted_excel",
                )
            if family == "executable":
                raise ImportRefused(
                    _("文件内容是 %(what)s，不是 Excel（.xlsx）或 CSV 文件，已拒绝。") % {"what": label},
                    code="executable",
                )
            raise ImportRefused(
                _("文件内容是 %(what)s 文件，不是 Excel（.xlsx）或 CSV 文件。") % {"what": label}, code="wrong_type"
            )
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportRefused(
            _("文件是 UTF-16 编码的文本，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或 .xlsx。"), code="utf16"
        )
    if b"\x00" in head or _text_encoding(head, final=False) is None:
        raise ImportRefused(_("文件内容不是 Excel（.xlsx）或 CSV 文本文件。"), code="wrong_type")
    return "csv"


def _text_encoding(data: bytes, *, final: bool) -> str | None:
    candidates = ("utf-8-sig",) if data.startswith(codecs.BOM_UTF8) else ("utf-8", "gb18030")
    for encoding in candidates:
        try:
            codecs.getincrementaldecoder(encoding)().decode(data, final=final)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def check_file(path: Path, limits: Limits | None = None) -> FileFacts:
    """Everything above, for a stored file; returns what the reader needs to know."""
    limits = limits or Limits.from_settings()
    size = path.stat().st_size
    check_size(size, limits)
    with path.open("rb") as fp:
        head = fp.read(8192)
    file_format = sniff(head)
    if file_format == "xlsx":
        check_xlsx(path, limits)
        return FileFacts("xlsx", size)
    encoding, delimiter = check_csv(path)
    return FileFacts("csv", size, encoding, delimiter)


# --- csv ----------------------------------------------------------------------------------------

def check_csv(path: Path) -> tuple[str, str]:
    """The codec that reads the whole file (UTF-8, UTF-8 with BOM or GB18030) and its delimiter."""
    with path.open("rb") as fp:
        head = fp.read(CHUNK)
    for encoding in (("utf-8-sig",) if head.startswith(codecs.BOM_UTF8) else ("utf-8", "gb18030")):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as fp:
                while chunk := fp.read(CHUNK):
                    if b"\x00" in chunk:
                        raise ImportRefused(_("CSV 文件中含有二进制内容，无法读取。"), code="binary_csv")
                    decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding, _delimiter(head.decode(encoding, errors="ignore"))
    raise ImportRefused(
        _("无法识别 CSV 文件的编码，请另存为“CSV UTF-8（逗号分隔）”后再导入（支持 UTF-8 与 GB18030/GBK）。"),
        code="encoding",
    )


def _delimiter(text: str) -> str:
    """The delimiter the header line uses most: comma, tab or semicolon (Excel's regional CSV)."""
    best, best_count = ",", 0
    for line in text.splitlines()[:30]:
        for delimiter in CSV_DELIMITERS:
            count = line.count(delimiter)
            if count > best_count:
                best, best_count = delimiter, count
    return best


# --- xlsx ---------------------------------------------------------------------------------------

def check_xlsx(path: Path, limits: Limits) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ImportRefused(_("文件已损坏：不是有效的 .xlsx 文件。"), code="corrupt") from None
    with archive, path.open("rb") as fp:
        entries = archive.infolist()
        if len(entries) > limits.max_zip_entries:
            raise ImportRefused(
                _("文件内含 %(count)d 个压缩条目，超过上限 %(limit)d，已拒绝。")
                % {"count": len(entries), "limit": limits.max_zip_entries},
                code="zip_entries",
            )
        names = {entry.filename for entry in entries}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise ImportRefused(
                _("文件是 zip 压缩包，但不是 Excel 工作簿（.xlsx）。"), code="not_xlsx"
            )
        declared = sum(entry.file_size for entry in entries)
        if declared > limits.max_uncompressed_bytes:
            raise ImportRefused(
                _("文件解压后为 %(size)s，超过上限 %(limit)s（疑似压缩炸弹），已拒绝。")
                % {"size": filesizeformat(declared), "limit": filesizeformat(limits.max_uncompressed_bytes)},
                code="zip_bomb",
            )
        for entry in entries:
            _check_entry_header(entry, limits)
        budget = limits.max_uncompressed_bytes
        for entry in entries:
            if entry.is_dir():
                continue
            budget -= _check_entry_stream(fp, entry, limits, budget)


def _check_entry_header(entry: zipfile.ZipInfo, limits: Limits) -> None:
    if entry.flag_bits & 0x1:
        raise ImportRefused(_("文件已加密，请另存为未加密的 .xlsx 后再导入。"), code="encrypted")
    if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise ImportRefused(_("文件使用了不支持的压缩方式，请用 Excel 或 WPS 另存为 .xlsx。"), code="compression")
    if entry.file_size > LARGE_ENTRY and entry.file_size > limits.max_zip_ratio * max(entry.compress_size, 1):
        raise ImportRefused(
            _("文件中的“%(name)s”压缩比为 %(ratio)d:1，超过上限 %(limit)d:1（疑似压缩炸弹），已拒绝。")
            % {"name": entry.filename[:80], "ratio": entry.file_size // max(entry.compress_size, 1),
               "limit": limits.max_zip_ratio},
            code="zip_bomb",
        )


def _corrupt() -> ImportRefused:
    return ImportRefused(_("文件已损坏：压缩内容与目录不符。"), code="corrupt")


def _check_entry_stream(fp, entry: zipfile.ZipInfo, limits: Limits, budget: int) -> int:
    """Inflate one entry as a stream: its real size must match the directory (an entry
    that lies about its size is what fools a reader that trusts the directory). Returns its size."""
    fp.seek(entry.header_offset)
    local = fp.read(30)
    if len(local) != 30 or local[:4] != b"PK\x03\x04":
        raise _corrupt()
    name_length, extra_length = struct.unpack("<HH", local[26:30])
    fp.seek(entry.header_offset + 30 + name_length + extra_length)
    scanner = _XmlScanner(entry.filename, limits) if entry.filename.lower().endswith(XML_SUFFIXES) else None
    inflater = zlib.decompressobj(-zlib.MAX_WBITS) if entry.compress_type == zipfile.ZIP_DEFLATED else None
    limit = min(entry.file_size, budget)
    remaining, produced = entry.compress_size, 0

    def take(piece: bytes) -> None:
        nonlocal produced
        produced += len(piece)
        if produced > limit:
            raise ImportRefused(
                _("文件中的“%(name)s”解压后超过目录记载的大小（疑似压缩炸弹），已拒绝。")
                % {"name": entry.filename[:80]},
                code="zip_bomb",
            )
        if scanner is not None:
            scanner.feed(piece)

    while remaining > 0:
        chunk = fp.read(min(CHUNK, remaining))
        if not chunk:
            raise _corrupt()
        remaining -= len(chunk)
        if inflater is None:
            take(chunk)
            continue
        while chunk:
            take(inflater.decompress(chunk, CHUNK))
            chunk = inflater.unconsumed_tail
    if inflater is not None:
        take(inflater.flush(CHUNK))
        if not inflater.eof:
            raise _corrupt()
    # The CRC is left to the reader (calamine checks it); size and end of stream are what matter here.
    if produced != entry.file_size:
        raise _corrupt()
    if scanner is not None:
        scanner.close()
    return produced


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - 64)
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _XmlScanner:
    """Fed an XML part piece by piece: refuses DOCTYPEs, non-UTF-8 parts and cell spans that
    would make calamine's dense grid exceed the row and column limits. One regular-expression
    pass per piece, which matches only what needs a look: references beyond the limits' width in
    letters or digits, and cells that do not name their position first."""

    DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
    CELL_REF = re.compile(rb'\sr\s*=\s*["\']([A-Z]+)([0-9]+)["\']')
    ANY_CELL = re.compile(rb"<c[\s>/][^>]*>?")

    def __init__(self, name: str, limits: Limits):
        self.name = name
        self.max_rows = limits.max_rows + ROW_SLACK
        self.max_columns = limits.max_columns
        letters, digits = len(_column_letters(self.max_columns)), len(str(self.max_rows))
        self.suspicious = re.compile(
            rb'<c(?: r="([A-Z]{%d,})([0-9]+)"| r="([A-Z]+)([0-9]{%d,})"|(?! r=")[\s>/])' % (letters, digits)
        )
        self.first = True
        self.carry = b""

    def feed(self, piece: bytes) -> None:
        if self.first:
            self.first = False
            if piece.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b"<\x00", b"\x00<")):
                raise ImportRefused(
                    _("文件中的“%(name)s”不是 UTF-8 编码的 XML，不予读取。") % {"name": self.name[:80]},
                    code="xml_encoding",
                )
        window = self.carry + piece
        # Scan up to the last complete tag; the rest waits for the next piece.
        end = window.rfind(b">") + 1
        self.carry = window[end:]
        if len(self.carry) > CHUNK:
            raise ImportRefused(_("文件中的“%(name)s”结构异常。") % {"name": self.name[:80]}, code="xml_structure")
        self._scan(window, end)

    def close(self) -> None:
        self._scan(self.carry, len(self.carry))

    def _scan(self, data: bytes, end: int) -> None:
        found = data.find(b"<!", 0, end)
        while found != -1:
            if self.DECLARATION.match(data, found):
                raise ImportRefused(
                    _("文件中的“%(name)s”含有 DOCTYPE/实体声明（可能是 XML 实体炸弹），已拒绝。")
                    % {"name": self.name[:80]},
                    code="xml_entities",
                )
            found = data.find(b"<!", found + 2, end)
        for match in self.suspicious.finditer(data, 0, end):
            if match.group(1) is not None:
                self._check(int(match.group(2)), _column_number(match.group(1)))
            elif match.group(3) is not None:
                self._check(int(match.group(4)), _column_number(match.group(3)))
            else:
                tag = self.ANY_CELL.match(data, match.start())
                ref = self.CELL_REF.search(tag.group(0)) if tag else None
                if ref is None:
                    # calamine would place such cells one after another: their span is unknowable here.
                    raise ImportRefused(
                        _("文件中有未标明位置的单元格，请用 Excel 或 WPS 另存为 .xlsx 后再导入。"), code="xml_structure"
                    )
                self._check(int(ref.group(2)), _column_number(ref.group(1)))

    def _check(self, row: int, column: int) -> None:
        if row > self.max_rows:
            raise ImportRefused(
                _("表格超过 %(limit)d 行（单元格位于第 %(row)d 行），请拆分后分批导入。")
                % {"limit": self.max_rows - ROW_SLACK, "row": row},
                code="too_many_rows",
            )
        if column > self.max_columns:
            raise ImportRefused(
                _("表格超过 %(limit)d 列（单元格位于第 %(column)s 列），请删除多余的列后再导入。")
                % {"limit": self.max_columns, "column": _column_letters(column)},
                code="too_many_columns",
            )
