"""Files an attacker (or an unlucky user) uploads, built in the tests themselves."""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from pathlib import Path

import openpyxl

GB = 1024**3


def small_xlsx_bytes(rows=(("统一社会信用代码", "产品名称"), ("91440300000000001X", "口罩"))) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite(source: bytes, replace: dict[str, bytes], path: Path) -> Path:
    """The xlsx ``source`` with some parts replaced."""
    with zipfile.ZipFile(io.BytesIO(source)) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in original.infolist():
            out.writestr(info.filename, replace.get(info.filename, original.read(info.filename)))
    return path


def zip_bomb(path: Path, *, expanded: int = GB) -> Path:
    """A real xlsx whose sheet expands to ``expanded`` bytes of zeros (about 1 MB on disk per GB)."""
    source = small_xlsx_bytes()
    with zipfile.ZipFile(io.BytesIO(source)) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in original.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                continue
            out.writestr(info.filename, original.read(info.filename))
        block = b"\0" * (16 * 1024 * 1024)
        sheet = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
        sheet.compress_type = zipfile.ZIP_DEFLATED
        with out.open(sheet, "w", force_zip64=True) as entry:
            for _ in range(expanded // len(block)):
                entry.write(block)
    return path


def lying_zip_bomb(path: Path, *, real: int = 200 * 1024 * 1024, declared: int = 1000) -> Path:
    """An xlsx whose sheet's headers declare ``declared`` bytes while its stream inflates to ``real``:
    a reader that trusts the directory is fooled; a streaming check is not."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    data = b"".join(compressor.compress(b"\0" * (1024 * 1024)) for _ in range(real // (1024 * 1024)))
    data += compressor.flush()
    name = b"xl/worksheets/sheet1.xml"
    source = small_xlsx_bytes()
    entries = []
    with zipfile.ZipFile(io.BytesIO(source)) as original:
        for info in original.infolist():
            if info.filename != name.decode():
                entries.append((info.filename.encode(), zlib.compress(original.read(info.filename))[2:-4],
                                len(original.read(info.filename)), zlib.crc32(original.read(info.filename))))
    entries.append((name, data, declared, 0))
    out, central = io.BytesIO(), io.BytesIO()
    for filename, compressed, size, crc in entries:
        offset = out.tell()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(compressed), size,
                              len(filename), 0))
        out.write(filename)
        out.write(compressed)
        central.write(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(compressed), size,
                                  len(filename), 0, 0, 0, 0, 0, offset))
        central.write(filename)
    start = out.tell()
    out.write(central.getvalue())
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central.getvalue()),
                          start, 0))
    path.write_bytes(out.getvalue())
    return path


LAUGHS = b"".join(
    b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"lol") * 10) for i in range(1, 10)
)
BILLION_LAUGHS_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE worksheet [' + LAUGHS + b']>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
)


def entity_bomb(path: Path) -> Path:
    """An xlsx whose sheet is the "billion laughs": nine nested entities, a billion "lol"s."""
    return _rewrite(small_xlsx_bytes(), {"xl/worksheets/sheet1.xml": BILLION_LAUGHS_SHEET}, path)


def sparse_cell_bomb(path: Path) -> Path:
    """Two cells, A1 and XFD1048576: 5 kB on disk, a 550 GB dense grid for python-calamine."""
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "a"
    workbook.active["XFD1048576"] = "b"
    workbook.save(path)
    return path


def renamed_exe(path: Path) -> Path:
    """A Windows executable named like a spreadsheet."""
    header = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\0" * 44 + b"\x80\0\0\0"
    path.write_bytes(header + b"This program cannot be run in DOS mode.\r\r\n$" + os.urandom(16 * 1024))
    return path


def sparse_gigabyte(path: Path) -> Path:
    """A 1 GB file that takes no disk space (a sparse file)."""
    with path.open("wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(GB)
    return path
