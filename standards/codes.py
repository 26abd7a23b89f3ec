"""Standard codes (标准号) parsed into prefix, number and year.

Chinese codes put the year after a hyphen (``GB/T 1234.5-2020``, ``T/CAS 123-2021``);
international and European ones after a colon, with parts joined by hyphens and amendments after
a plus (``ISO 16900-1:2014``, ``EN 149:2001+A1:2009``); ASTM uses a two-digit year
(``ASTM F2100-19``); DIN dates its editions by month (``DIN EN 149:2009-08``).

One code has one written form (``normalize_standard_code``, idempotent): what pasted text
carries — full-width characters, any of Unicode's dashes (the non-breaking hyphen U+2011, en and
em dashes, the minus sign), spaces around the hyphen, colon, slash or plus, lower case, a missing
space after the prefix (``GB/T1234-2020``, ``T/CAS431-2020``, ``DB11/T1234-2020``) or inside a
JIS number (``JIS T9001:2021`` is ``JIS T 9001:2021``), a mandatory local standard without its
slash (``DB11 139-2015`` is ``DB11/ 139-2015``) — is folded.

A national (or regional) adoption of another body's standard names it after its own prefix
(``BS EN 149:2001+A1:2009``, ``DIN EN 149:2009-08``, ``EN ISO 13485:2016``): ``adopts`` is the
adopted standard's code.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

_SPACES = re.compile(r"\s+")
# Hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus sign, small
# and full-width hyphen-minus (NFKC folds only some of them, and into U+2010, not "-").
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"))
# A prefix written against its number: "GB/T1234", "GBZ/T229", "T/CAS431", "DB11/T1234".
_PREFIX_AGAINST_NUMBER = re.compile(
    r"^((?:[TQ]/[A-Z]+)|(?:DB\d{2}(?:\d{2})?/T?)|(?:(?!DB\d)[A-Z]{2,5}(?:/[TZ])?))(?=\d)"
)
# A mandatory local standard is written "DB11/ 139-2015": "DB11 139-2015" is the same code.
_BARE_LOCAL_PREFIX = re.compile(r"^(DB\d{2}(?:\d{2})?) (?=\d)")
_JIS_NUMBER = re.compile(r"^JIS ([A-Z]) ?(?=\d)")  # JIS numbers are a division letter, a space, digits
_PREFIX_TOKEN = re.compile(r"^[A-Z]{2,}(?:[/-][A-Z]+)*$|^[A-Z]+\d*/[A-Z]+$|^[A-Z]/[A-Z0-9]+$|^DB\d{2}(?:\d{2})?/$")
_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9 .\-]*$")
_CHINESE_YEAR = re.compile(r"^(?P<number>.+?)-(?P<year>\d{4})$")
_TWO_DIGIT_YEAR = re.compile(r"^(?P<number>.+?)-(?P<year>\d{2})(?:[Ee]\d+)?$")
_TWO_DIGIT_YEAR_PREFIXES = {"ASTM"}
# After a colon: a year, or a year and month (DIN's edition date, "2009-08").
_COLON_YEAR = re.compile(r"^(?P<year>\d{4})(?P<month>-(?:0[1-9]|1[0-2]))?$")

# The provincial-level divisions (GB/T 2260, first two digits) that issue local standards: DB11 is
# 北京市 (110000). City-level local standards add the city's two digits (DB4403/T: 深圳市).
LOCAL_STANDARD_PROVINCES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
})
_LOCAL_PREFIX = re.compile(r"^DB(?P<province>\d{2})(?P<city>\d{2})?/T?$")


class StandardCodeError(ValueError):
    """The text is not a standard code; the message says why (in Chinese, for the user)."""


@dataclass(frozen=True)
class ParsedStandardCode:
    code: str
    prefix: str
    number: str
    year: int | None
    amendments: str = ""
    adopts: str = ""  # the code of the standard this one adopts (BS EN 149… → EN 149…), or ''

    @property
    def local_province_code(self) -> str:
        """The province (GB/T 2260, six digits) a local standard (DB11/T …) belongs to, or ''."""
        match = _LOCAL_PREFIX.match(self.prefix)
        return f"{match['province']}0000" if match else ""


def normalize_standard_code(text: str) -> str:
    """The one written form of a code; normalising it again changes nothing."""
    folded = unicodedata.normalize("NFKC", text or "")
    folded = unicodedata.normalize("NFKC", folded.upper()).translate(_DASHES)
    folded = _SPACES.sub(" ", folded).strip()
    folded = re.sub(r" ?([:/+\-]) ?", r"\1", folded)
    folded = _BARE_LOCAL_PREFIX.sub(r"\1/ ", folded)
    folded = _PREFIX_AGAINST_NUMBER.sub(r"\1 ", folded)
    return _JIS_NUMBER.sub(r"JIS \1 ", folded)


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
    local = _LOCAL_PREFIX.match(prefix)
    if local and local["province"] not in LOCAL_STANDARD_PROVINCES:
        raise StandardCodeError(
            _("标准号“%(text)s”：地方标准代号 DB 后应为省级行政区划代码的前两位（如 DB11 北京），“%(digits)s”不是")
            % {"text": text, "digits": local["province"]})

    year: int | None = None
    number = rest
    edition_month = False
    if ":" in rest:
        number, _colon, year_text = rest.rpartition(":")
        match = _COLON_YEAR.match(year_text)
        if not match:
            raise StandardCodeError(
                _("标准号“%(text)s”的年号“%(year)s”应为四位数字") % {"text": text, "year": year_text}
            )
        year, edition_month = int(match["year"]), bool(match["month"])
    elif match := _CHINESE_YEAR.match(rest):
        number, year = match["number"], int(match["year"])
    elif prefix in _TWO_DIGIT_YEAR_PREFIXES and (match := _TWO_DIGIT_YEAR.match(rest)):
        two = int(match["year"])
        number, year = match["number"], (1900 + two if two >= 50 else 2000 + two)
    if year is not None and not 1900 <= year <= 2100:
        raise StandardCodeError(_("标准号“%(text)s”的年号 %(year)s 不合理") % {"text": text, "year": year})
    amendments = f"+{amendments}" if amendments else ""
    return ParsedStandardCode(
        code=code, prefix=prefix, number=number.strip(), year=year, amendments=amendments,
        adopts=_adopted(prefix_tokens, code, edition_month),
    )


def _adopted(prefix_tokens: list[str], code: str, edition_month: bool) -> str:
    """The adopted standard's code: the code without the adopting body's prefix. A DIN edition
    date (year and month) is the adopting body's, not the adopted standard's: it is left out."""
    if len(prefix_tokens) < 2 or _body(prefix_tokens[1]) not in _INTERNATIONAL | _REGIONAL:
        return ""
    adopted = code[len(prefix_tokens[0]) + 1:]
    if edition_month:
        adopted = adopted.rpartition(":")[0]
    return adopted


def _body(token: str) -> str:
    return token.split("/")[0]  # ISO/TS, CEN/TS, ISO/IEC: the body before the document type


# Chinese industry standard codes (行业标准代号) are mostly two capital letters, e.g. YY (medicine),
# QB (light industry), JB (machinery); recommended ones add "/T". A few engineering-construction
# and transport ones have three: JGJ (建筑工程), CJJ (城镇建设), JTG/JTJ (公路), JTS (水运).
_INTERNATIONAL = {"ISO", "IEC", "ITU", "ISO/IEC", "ITU-T", "CODEX", "OIML"}
_REGIONAL = {"EN", "CEN", "CENELEC", "ETSI", "EN ISO", "EN IEC"}
_FOREIGN_TWO_LETTER = {"AS", "BS", "EN", "IS", "KS", "NF", "SS", "UL"}
_CHINESE_THREE_LETTER_INDUSTRY = {"JGJ", "CJJ", "JTG", "JTJ", "JTS"}
# National standards: GB, and GBZ (国家职业卫生标准, mandatory; GBZ/T recommended).
_NATIONAL_MANDATORY = {"GB", "GBZ"}
_NATIONAL_RECOMMENDED = {"GB/T", "GB/Z", "GBZ/T"}
# 国家军用标准 (GJB, GJB/Z): national, issued for the armed forces; a kind of its own.
_MILITARY = {"GJB", "GJB/Z"}
# Association standards issued before the "T/" prefix (中国工程建设标准化协会: CECS 102:2002).
_ASSOCIATION = {"CECS"}


def guess_kind(prefix: str) -> str:
    """The StandardKind value a prefix implies, or '' if it does not imply one."""
    head = prefix.split(" ")[0]
    if prefix in _NATIONAL_MANDATORY:
        return "gb_mandatory"
    if prefix in _NATIONAL_RECOMMENDED:
        return "gb_recommended"
    if prefix in _MILITARY:
        return "military"
    if head.startswith("T/") or prefix in _ASSOCIATION:
        return "group"
    if head.startswith("Q/"):
        return "enterprise"
    if _LOCAL_PREFIX.match(head):
        return "local"
    body = _body(head)
    if prefix in _INTERNATIONAL or head in _INTERNATIONAL or body in _INTERNATIONAL:
        return "international"
    if prefix in _REGIONAL or head in _REGIONAL or body in _REGIONAL:
        return "regional"
    if re.fullmatch(r"[A-Z]{2}(/T)?", head) and head not in _FOREIGN_TWO_LETTER:
        return "industry"
    if body in _CHINESE_THREE_LETTER_INDUSTRY and head in {body, f"{body}/T"}:
        return "industry"
    if head:
        return "foreign_national"
    return ""
