"""Uploads for tests: PDFs made with pypdf as a real document would be, small PNG and JPEG
images, and files that only pretend to be PDFs (what an attacker uploads)."""

import io
import struct
import zlib

from pypdf import PdfWriter


def real_pdf(pages: int = 1, *, password: str = "") -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# An HTML page carrying the markers the old check looked for (%PDF- in its first kilobyte, %%EOF
# at its end): a browser runs its script when it is served as HTML.
HTML_POLYGLOT = (
    b"<html><!-- %PDF-1.7 --><body><script>fetch('/admin/').then(r => r.text())</script>\n"
    b"1 0 obj<<>>endobj\ntrailer<<>>\n</body></html>\n%%EOF\n"
)
# The same as an SVG image, which browsers also run script in.
SVG_POLYGLOT = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><!-- %PDF-1.7 --><script>alert(document.cookie)</script>'
    b"</svg>\n%%EOF\n"
)


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(
        b"IEND", b""
    )


def jpeg_bytes() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
