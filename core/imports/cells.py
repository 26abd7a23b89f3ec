"""Reading one cell as real Excel and CSV files hold it.

python-calamine gives floats for numbers (also for whole numbers), ``str`` for text, ``bool``,
``datetime``/``date``/``time`` for date-formatted cells and ``""`` for empty ones; the csv module
gives ``str`` only. Every parser here takes any of those and returns the value or raises
`CellError` with a message in the user's language. They forgive what people type: numbers stored
as text, full-width digits and spaces (NFKC), thousands separators, ``≥95%``-style values, dates
as Excel serials or as text in the usual Chinese spellings.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator, validate_email
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from ..identifiers import UsccCheck, check_uscc
from .errors import CellError

Parser = Callable[[Any], Any]

_SPACES = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff"))


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip(" \t\r\n\u00a0\u3000\u200b\ufeff")
    return False


def plain_text(value: Any) -> str:
    """Any cell as text: whole numbers without ".0", dates as ISO, runs of (full-width) spaces
    as one space. Nothing else is folded: names keep their full-width brackets."""
    kind = type(value)
    if kind is not str:
        if value is None:
            return ""
        if kind is bool:
            return "TRUE" if value else "FALSE"
        if kind is float:
            if value.is_integer() and abs(value) < 1e16:
                return str(int(value))
            return repr(value)
        if kind is int:
            return str(value)
        if isinstance(value, dt.datetime):
            return value.isoformat(sep=" ")
        if isinstance(value, dt.date | dt.time):
            return value.isoformat()
    text = str(value).strip()
    if text.isascii():
        if "  " in text or "\t" in text or "\n" in text or "\r" in text:
            return " ".join(text.split())
        return text
    return _SPACES.sub(" ", text.translate(_ZERO_WIDTH)).strip()


def text(*, max_length: int) -> Parser:
    def parse(value: Any) -> str:
        result = plain_text(value)
        if len(result) > max_length:
            raise CellError(_("不能超过 %(limit)d 个字符（现为 %(length)d 个）。") % {
                "limit": max_length, "length": len(result)})
        return result

    return parse


def code_text(value: Any) -> str:
    """Codes (standard numbers, models…): full-width letters and digits folded too."""
    return plain_text(unicodedata.normalize("NFKC", plain_text(value)))


# --- numbers ------------------------------------------------------------------------------------

COMPARATORS: dict[str, str] = {
    "≥": ">=", ">=": ">=", "≧": ">=", "不小于": ">=", "不低于": ">=", "大于等于": ">=", "大于或等于": ">=",
    ">": ">", "大于": ">", "高于": ">",
    "≤": "<=", "<=": "<=", "≦": "<=", "不大于": "<=", "不高于": "<=", "不超过": "<=", "小于等于": "<=",
    "小于或等于": "<=",
    "<": "<", "小于": "<", "低于": "<",
}
_COMPARATOR = re.compile("^(" + "|".join(re.escape(c) for c in sorted(COMPARATORS, key=len, reverse=True)) + ")")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_MINUS = str.maketrans({"−": "-", "–": "-", "—": "-", "﹣": "-", "，": ",", "。": "."})


class Number(NamedTuple):
    """A number as typed: ``value``, the comparator written before it (``>=``, ``<=``, ``>``,
    ``<`` or ''), and the unit written after it ('' when none)."""

    value: float
    comparator: str = ""
    unit: str = ""


def parse_number(value: Any) -> Number:
    kind = type(value)
    if kind is float:  # what calamine gives for every number
        if value - value != 0.0:  # NaN or ±∞
            raise CellError(_("请输入有限的数字。"))
        return Number(value, "", "")
    if kind is bool:
        raise CellError(_("应为数字，而不是逻辑值。"))
    if kind is int:
        number = float(value)
        if not math.isfinite(number):
            raise CellError(_("请输入有限的数字。"))
        return Number(number)
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        raise CellError(_("应为数字，而不是日期或时间。"))
    return _number_from_text(plain_text(value))


@functools.lru_cache(maxsize=65536)
def _number_from_text(raw: str) -> Number:
    """Cached: the same typed values ("≥95", "≤350") repeat down a column."""
    folded = unicodedata.normalize("NFKC", raw).translate(_MINUS).replace(" ", "")
    comparator = ""
    match = _COMPARATOR.match(folded)
    if match:
        comparator = COMPARATORS[match.group(1)]
        folded = folded[match.end():]
    folded = re.sub(r"(?<=\d),(?=\d{3})", "", folded)  # thousands separators
    match = _NUMBER.match(folded)
    if not match:
        raise CellError(_("“%(text)s”不是数字。") % {"text": raw[:30]})
    number = float(match.group(0))
    if not math.isfinite(number):
        raise CellError(_("请输入有限的数字。"))
    return Number(number, comparator, folded[match.end():])


def number(value: Any) -> float:
    """A plain number; a comparator or a unit after it is an error."""
    parsed = parse_number(value)
    if parsed.comparator or parsed.unit:
        raise CellError(_("请只填写数字（“%(text)s”）。") % {"text": plain_text(value)[:30]})
    return parsed.value


def integer(value: Any) -> int:
    parsed = number(value)
    if not parsed.is_integer():
        raise CellError(_("应为整数。"))
    return int(parsed)


# --- dates ---------------------------------------------------------------------------------------

_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel counts a 29 Feb 1900 that never was)
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise CellError(_("应为日期。"))
    if isinstance(value, int | float):
        return _from_serial(float(value))
    return _date_from_text(plain_text(value))


@functools.lru_cache(maxsize=16384)
def _date_from_text(raw: str) -> dt.date:
    folded = unicodedata.normalize("NFKC", raw).strip()
    match = _DATE_TEXT.match(folded) or _COMPACT_DATE.match(folded)
    if match:
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            raise CellError(_("“%(text)s”不是有效的日期。") % {"text": raw[:30]}) from None
    if re.fullmatch(r"\d{5}(?:\.\d+)?", folded):  # a serial that was stored as text
        return _from_serial(float(folded))
    raise CellError(_("“%(text)s”不是日期，请填写如 2023-05-01 的日期。") % {"text": raw[:30]})


def _from_serial(serial: float) -> dt.date:
    if not 1 <= serial < 2958466:  # 9999-12-31
        raise CellError(_("“%(text)s”不是有效的日期。") % {"text": plain_text(serial)})
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


# --- codes and choices -------------------------------------------------------------------------------

def uscc(value: Any) -> UsccCheck:
    """A Unified Social Credit Code, checked as the registration form checks it."""
    text_value = plain_text(value).upper()
    check = _valid_uscc(text_value)
    if check is not None:
        return check
    try:
        return check_uscc(text_value)
    except ValidationError as error:
        raise CellError(" ".join(error.messages)) from None


@functools.lru_cache(maxsize=65536)
def _valid_uscc(text_value: str) -> UsccCheck | None:
    """Cached: an enterprise's code repeats on each of its rows (a bad code is checked again, for
    its message in the current language)."""
    try:
        return check_uscc(text_value)
    except ValidationError:
        return None


def region_code(value: Any) -> str:
    """A GB/T 2260 six-digit code (whether it exists is the kind's look-up)."""
    code = plain_text(unicodedata.normalize("NFKC", plain_text(value))).replace(" ", "")
    if not re.fullmatch(r"\d{6}", code):
        raise CellError(_("行政区划代码应为 6 位数字，例如 440300。"))
    return code


def choice(options: dict[str, Any], *, labels: Iterable[str] = ()) -> Parser:
    """One of ``options`` (keys matched after NFKC, case and spaces folded); ``labels`` are what
    the error message offers."""
    folded = {_fold(key): option for key, option in options.items()}
    offered = "、".join(labels) or "、".join(options)

    def parse(value: Any) -> Any:
        key = _fold(plain_text(value))
        if key not in folded:
            raise CellError(_("“%(text)s”不是可选值，应为：%(options)s。") % {
                "text": plain_text(value)[:30], "options": offered})
        return folded[key]

    return parse


def _fold(text_value: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text_value).split()).casefold()


PASS_FAIL: dict[str, bool] = {
    "合格": True, "通过": True, "符合": True, "满足": True, "是": True, "√": True, "✓": True, "✔": True,
    "pass": True, "passed": True, "yes": True, "y": True, "true": True, "ok": True, "1": True,
    "不合格": False, "不通过": False, "未通过": False, "不符合": False, "不满足": False, "否": False,
    "×": False, "✗": False, "✘": False, "fail": False, "failed": False, "no": False, "n": False,
    "false": False, "0": False,
}


_PASS_FAIL = choice(PASS_FAIL, labels=("合格", "不合格"))


def pass_fail(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    return _PASS_FAIL(value)


# --- parsers several kinds share --------------------------------------------------------------------

def source_text(label) -> str:
    """A translatable label in the source language (Chinese), whatever language is active."""
    with translation.override(None):
        return str(label)


def english_text(label) -> str:
    with translation.override("en"):
        return str(label)


def labelled_choice(choices: type[models.TextChoices], *, extra: Mapping[str, str] | None = None
                    ) -> tuple[Parser, tuple[str, ...]]:
    """(parser, Chinese labels for the drop-down) of a TextChoices: a cell may hold the value
    (``testing_lab``), the Chinese label (检验检测机构) or the English one."""
    options: dict[str, str] = {}
    for value, label in choices.choices:
        options[value] = value
        options[english_text(label)] = value
        options[source_text(label)] = value
    options.update(extra or {})
    labels = tuple(source_text(label) for _value, label in choices.choices)
    return choice(options, labels=labels), labels


YES_NO_LABELS = ("是", "否")
YES_NO = choice(
    {"是": True, "否": False, "yes": True, "no": False, "y": True, "n": False, "true": True, "false": False,
     "1": True, "0": False, "√": True, "×": False, "✓": True, "✗": False},
    labels=YES_NO_LABELS,
)


_URL_TEXT = text(max_length=200)
_PHONE = RegexValidator(r"^\+?[0-9][0-9\- ()]{5,24}$")


def url(value: Any) -> str:
    url_text = _URL_TEXT(value)
    try:
        URLValidator(schemes=["http", "https"])(url_text)
    except ValidationError:
        raise CellError(_("网址应以 http:// 或 https:// 开头。")) from None
    return url_text


def email(value: Any) -> str:
    address = plain_text(value)
    try:
        validate_email(address)
    except ValidationError:
        raise CellError(_("联系邮箱格式不正确。")) from None
    if len(address) > 254:
        raise CellError(_("联系邮箱格式不正确。"))
    return address


def phone(value: Any) -> str:
    number_text = plain_text(unicodedata.normalize("NFKC", plain_text(value)))
    try:
        _PHONE(number_text)
    except ValidationError:
        raise CellError(_("请输入有效的电话号码，如 0755-12345678 或 13800138000。")) from None
    if len(number_text) > 30:
        raise CellError(_("请输入有效的电话号码，如 0755-12345678 或 13800138000。"))
    return number_text


def code_pattern(pattern: str, message: str) -> Parser:
    compiled = re.compile(pattern)

    def parse(value: Any) -> str:
        code = code_text(value).replace(" ", "")
        if not compiled.fullmatch(code):
            raise CellError(message)
        return code

    return parse


def legacy_uscc_message(check: UsccCheck) -> str:
    """A USCC whose check character fails GB 32100: taken only when the row confirms it, as the
    registration forms take it only when the applicant ticks the confirmation."""
    return _("校验位与 GB 32100 不符（按标准应为“%(expected)s”）。如确为存量代码，请在“存量代码确认”列填“是”。") % {
        "expected": check.expected_check_character}


# --- a column's repeated values ----------------------------------------------------------------------

_NOT_SEEN = object()


class Remembered:
    """A column's parser that remembers its answer per cell while the column's cells repeat (an
    enterprise's code on each of its rows, a brand, a date, "≥95", a measured 96.5): a dictionary
    look-up instead of the parse. In a column whose cells are mostly distinct (product names,
    models) it forgets them after ``LIMIT`` and parses every cell from then on. Only answers of
    immutable (hashable) types are shared between rows; a refused cell is parsed again each time,
    for its message."""

    LIMIT = 4096
    __slots__ = ("parse", "seen")

    def __init__(self, parse: Parser):
        self.parse = parse
        self.seen: dict | None = {}

    def __call__(self, value: Any) -> Any:
        seen = self.seen
        if seen is None:
            return self.parse(value)
        key = (value.__class__, value)  # 1.0, 1 and True are equal keys, not equal cells
        parsed = seen.get(key, _NOT_SEEN)
        if parsed is not _NOT_SEEN:
            return parsed
        parsed = self.parse(value)
        if len(seen) >= self.LIMIT:
            self.seen = None
        elif parsed.__class__.__hash__ is not None:
            seen[key] = parsed
        return parsed
