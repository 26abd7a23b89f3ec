"""Standard codes (标准号) parsed into prefix, number and year.

Chinese codes put the year after a hyphen (``GB/T 1234.5-2020``, ``T/CAS 123-2021``);
international and European ones after a colon, with parts joined by hyphens and amendments after
a plus (``ISO 16900-1:2014``, ``EN 149:2001+A1:2009``); ASTM uses a two-digit year
(``ASTM F2100-19``). Full-width characters and stray spaces, common in pasted text, are folded.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

_SPACES = re.compile(r"\s+")
_PREFIX_TOKEN = re.compile(r"^[A-Z]{2,}(?:[/-][A-Z]+)*$|^[A-Z]+\d*/[A-Z]+$|^[A-Z]/[A-Z0-9]+$")
_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9 .\-]*$")
_CHINESE_YEAR = re.compile(r"^(?P<number>.+?)-(?P<year>\d{4})$")
_TWO_DIGIT_YEAR = re.compile(r"^(?P<number>.+?)-(?P<year>\d{2})(?:[Ee]\d+)?$")
_TWO_DIGIT_YEAR_PREFIXES = {"ASTM"}


class StandardCodeError(ValueError):
    """The text is not a standard code; the message says why (in Chinese, for the user)."""


@dataclass(frozen=True)
class ParsedStandardCode:
    code: str
    prefix: str
    number: str
    year: int | None
    amendments: str = ""


def normalize_standard_code(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text or "").strip()
    folded = folded.replace("／", "/").replace("—", "-").replace("–", "-")
    folded = _SPACES.sub(" ", folded)
    # "GB/T1234-2020" is common in spreadsheets: put back the space after the prefix.
    folded = re.sub(r"^(?!DB\d)([A-Z]{2,5}(?:/[TZ])?)(?=\d)", r"\1 ", folded.upper())
    return re.sub(r"\s*([:/+])\s*", r"\1", folded)


def parse_standard_code(text: str) -> ParsedStandardCode:
    code = normalize_standard_code(text)
    if not code:
        raise StandardCodeError(_("标准号为空"))
    main, _plus, amendments = code.partition("+")
    tokens = main.split(" ")
    prefix_tokens = [tokens[0]]
    for token in tokens[1:]:
        if not any(c.isdigit() for c in token) and len(token) > 1 and token.isalpha():
            prefix_tokens.append(token)
        else:
            break
    prefix = " ".join(prefix_tokens)
    rest = " ".join(tokens[len(prefix_tokens):])
    if not all(_PREFIX_TOKEN.match(t) for t in prefix.split(" ")):
        raise StandardCodeError(_("标准号“%(text)s”的代号“%(prefix)s”无法识别") % {"text": text, "prefix": prefix})
    if not rest:
        raise StandardCodeError(_("标准号“%(text)s”缺少顺序号") % {"text": text})
    if not _NUMBER.match(rest.replace(":", "")):
        raise StandardCodeError(_("标准号“%(text)s”的顺序号“%(number)s”含有无效字符") % {"text": text, "number": rest})

    year: int | None = None
    number = rest
    if ":" in rest:
        number, _colon, year_text = rest.rpartition(":")
        if not re.fullmatch(r"\d{4}", year_text):
            raise StandardCodeError(
                _("标准号“%(text)s”的年号“%(year)s”应为四位数字") % {"text": text, "year": year_text}
            )
        year = int(year_text)
    elif match := _CHINESE_YEAR.match(rest):
        number, year = match["number"], int(match["year"])
    elif prefix in _TWO_DIGIT_YEAR_PREFIXES and (match := _TWO_DIGIT_YEAR.match(rest)):
        two = int(match["year"])
        number, year = match["number"], (1900 + two if two >= 50 else 2000 + two)
    if year is not None and not 1900 <= year <= 2100:
        raise StandardCodeError(_("标准号“%(text)s”的年号 %(year)s 不合理") % {"text": text, "year": year})
    return ParsedStandardCode(
        code=code, prefix=prefix, number=number.strip(), year=year,
        amendments=f"+{amendments}" if amendments else "",
    )


# Chinese industry standard codes (行业标准代号) are two capital letters, e.g. YY (medicine),
# QB (light industry), JB (machinery); recommended ones add "/T".
_INTERNATIONAL = {"ISO", "IEC", "ITU", "ISO/IEC", "ITU-T", "CODEX", "OIML"}
_REGIONAL = {"EN", "CEN", "CENELEC", "ETSI", "EN ISO", "EN IEC"}
_FOREIGN_TWO_LETTER = {"AS", "BS", "EN", "IS", "KS", "NF", "SS", "UL"}


def guess_kind(prefix: str) -> str:
    """The StandardKind value a prefix implies, or '' if it does not imply one."""
    head = prefix.split(" ")[0]
    if prefix == "GB":
        return "gb_mandatory"
    if prefix in {"GB/T", "GB/Z"}:
        return "gb_recommended"
    if head.startswith("T/"):
        return "group"
    if head.startswith("Q/"):
        return "enterprise"
    if re.fullmatch(r"DB\d{2}(/T)?", head):
        return "local"
    body = head.split("/")[0]  # ISO/TS, CEN/TS, ISO/IEC: the body before the document type
    if prefix in _INTERNATIONAL or head in _INTERNATIONAL or body in _INTERNATIONAL:
        return "international"
    if prefix in _REGIONAL or head in _REGIONAL or body in _REGIONAL:
        return "regional"
    if re.fullmatch(r"[A-Z]{2}(/T)?", head) and head not in _FOREIGN_TWO_LETTER:
        return "industry"
    if head:
        return "foreign_national"
    return ""
