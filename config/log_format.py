"""Log lines that user input cannot forge.

A value a user sends (a path, a username, a file name, a cell) may carry CR, LF or other control
characters; written as is, it would start a line of its own that reads like one the platform
wrote ("… ERROR …"). ``SingleLineFormatter`` writes the message of a record with every control
character escaped (``\\n``, ``\\r``, ``\\x1b``…), and indents every further line of a traceback,
so a line that starts at the margin is always the start of a record the platform wrote.
"""

from __future__ import annotations

import logging

# C0 controls and DEL, each to its Python escape (str.translate is one pass in C).
_ESCAPES = {code: chr(code).encode("unicode_escape").decode("ascii") for code in [*range(0x20), 0x7F]}
# Unicode line and paragraph separators and NEL end lines in some log viewers.
_ESCAPES.update({0x85: "\\x85", 0x2028: "\\u2028", 0x2029: "\\u2029"})


def escape_controls(text: str) -> str:
    return text.translate(_ESCAPES)


class SingleLineFormatter(logging.Formatter):
    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = escape_controls(record.message)
        return super().formatMessage(record)

    def formatException(self, ei) -> str:
        return _indented(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:
        return _indented(super().formatStack(stack_info))


def _indented(text: str) -> str:
    lines = text.splitlines()
    return "\n".join("    " + escape_controls(line) for line in lines)
