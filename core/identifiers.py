"""Unified Social Credit Codes (统一社会信用代码, GB 32100-2015《法人和其他组织统一社会信用代码编码规则》).

Structure (GB 32100-2015, 4 代码结构): 18 characters from the alphabet of digits and capital
letters without I, O, Z, S, V —

- 1: the registering authority (登记管理部门代码),
- 2: the kind of organisation that authority registers (机构类别代码),
- 3–8: the registering office's administrative division (GB/T 2260), digits,
- 9–17: the entity's identifier (主体标识码, the GB 11714 organisation code),
- 18: the check character (校验码, GB/T 17710 MOD 31-3).

python-stdnum (``stdnum.cn.uscc``) compacts the text and computes the check character; it also
refuses any code whose first eight characters are not all digits, which the standard's table of
registering authorities does not: A (中央军委改革和编制办公室), N (农业, rural collective economic
organisations) and Y (其他) are letters. So the structure is checked here against the standard's
tables (``REGISTERING_AUTHORITIES``), and the library does the rest.

A code whose check character fails is not refused: registers still hold codes typed wrongly or
issued before the standard's check was enforced, and the business licence decides. The result
says so (``legacy_checksum``); the enterprise that registers with it is held as 待核验 until its
city office has compared it with the licence (``companies.services.enterprise_confirm_uscc``).
"""

import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import uscc

# The code's alphabet (GB 32100-2015 4.1: digits and capital letters except I, O, Z, S, V).
ALPHABET = frozenset("0123456789ABCDEFGHJKLMNPQRTUWXY")

# GB 32100-2015 表 1 (登记管理部门代码) with each authority's 机构类别代码, as the standard lists
# them, including the authorities added to the table after 2015 (A, N). An authority's
# category 9 is "其他"; 工商 (today 市场监管) lists no 9, and Y lists one category only, 1.
REGISTERING_AUTHORITIES: dict[str, tuple[str, dict[str, str]]] = {
    "1": ("机构编制", {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"}),
    "2": ("外交", {"1": "外国常驻新闻机构", "9": "其他"}),
    "3": ("司法行政", {"1": "律师执业机构", "2": "公证处", "3": "基层法律服务所", "4": "司法鉴定机构",
                   "5": "仲裁委员会", "9": "其他"}),
    "4": ("文化", {"1": "外国在华文化中心", "9": "其他"}),
    "5": ("民政", {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"}),
    "6": ("旅游", {"1": "外国旅游部门常驻代表机构", "2": "港澳台地区旅游部门常驻内地（大陆）代表机构", "9": "其他"}),
    "7": ("宗教", {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"}),
    "8": ("工会", {"1": "基层工会", "9": "其他"}),
    "9": ("工商", {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"}),
    "A": ("中央军委改革和编制办公室", {"1": "军队事业单位", "9": "其他"}),
    "N": ("农业", {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"}),
    "Y": ("其他", {"1": "其他"}),
}


@dataclass(frozen=True)
class UsccCheck:
    code: str
    legacy_checksum: bool  # True: well-formed, but the check character fails GB 32100
    expected_check_character: str = ""

    @property
    def registering_authority(self) -> str:
        return REGISTERING_AUTHORITIES[self.code[0]][0]

    @property
    def organisation_category(self) -> str:
        return REGISTERING_AUTHORITIES[self.code[0]][1][self.code[1]]


def _format_error(message: str) -> ValidationError:
    return ValidationError(message, code="uscc_format")


def check_uscc(text: str) -> UsccCheck:
    """Return the compact code, or raise ValidationError with a reason the user can act on."""
    code = uscc.compact(unicodedata.normalize("NFKC", text or ""))
    if len(code) != 18:
        raise ValidationError(
            _("统一社会信用代码应为 18 位，现为 %(length)d 位。"), code="uscc_length", params={"length": len(code)},
        )
    wrong = sorted(set(code) - ALPHABET)
    if wrong:
        raise _format_error(
            _("统一社会信用代码格式不正确：含有无效字符“%(chars)s”，只能是数字和除 I、O、Z、S、V 外的大写字母。")
            % {"chars": "".join(wrong)})
    authority = REGISTERING_AUTHORITIES.get(code[0])
    if authority is None:
        raise _format_error(
            _("统一社会信用代码格式不正确：第 1 位（登记管理部门代码）应为 1–9 或 A、N、Y（GB 32100），"
              "现为“%(char)s”。")
            % {"char": code[0]})
    name, categories = authority
    if code[1] not in categories:
        raise _format_error(
            _("统一社会信用代码格式不正确：第 2 位（机构类别代码）不符合 GB 32100，"
              "登记管理部门“%(authority)s”（%(first)s）的机构类别代码为 %(allowed)s，现为“%(char)s”。")
            % {"authority": name, "first": code[0], "allowed": "、".join(categories), "char": code[1]})
    if not code[2:8].isdigit():
        raise _format_error(
            _("统一社会信用代码格式不正确：第 3–8 位应为登记管理机关的行政区划代码（6 位数字），现为“%(region)s”。")
            % {"region": code[2:8]})
    expected = uscc.calc_check_digit(code)
    if code[-1] != expected:
        return UsccCheck(code=code, legacy_checksum=True, expected_check_character=expected)
    return UsccCheck(code=code, legacy_checksum=False)


def uscc_region_code(code: str) -> str:
    """Digits 3–8 of a USCC: the administrative division where the entity registered."""
    return code[2:8]

