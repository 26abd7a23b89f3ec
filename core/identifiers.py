"""Unified Social Credit Codes (统一社会信用代码, GB 32100-2015), checked with python-stdnum.

Early pilot regions issued codes whose check character does not follow GB 32100; the campaign
accepts them, but never silently: the result carries ``legacy_checksum`` so the record is
flagged for everyone who sees it. Anything else malformed is refused with a reason.
"""

import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength


@dataclass(frozen=True)
class UsccCheck:
    code: str
    legacy_checksum: bool  # True: accepted, but the check character fails GB 32100
    expected_check_character: str = ""


def check_uscc(text: str) -> UsccCheck:
    """Return the compact code, or raise ValidationError with a reason the user can act on."""
    code = uscc.compact(unicodedata.normalize("NFKC", text or ""))
    try:
        uscc.validate(code)
    except InvalidLength:
        raise ValidationError(
            _("统一社会信用代码应为 18 位，现为 %(length)d 位。"), code="uscc_length",
            params={"length": len(code)},
        ) from None
    except InvalidFormat:
        raise ValidationError(
            _("统一社会信用代码格式不正确：前 8 位应为数字，其余为数字或除 I、O、Z、S、V 外的大写字母。"),
            code="uscc_format",
        ) from None
    except InvalidChecksum:
        return UsccCheck(code=code, legacy_checksum=True, expected_check_character=uscc.calc_check_digit(code))
    return UsccCheck(code=code, legacy_checksum=False)


def uscc_region_code(code: str) -> str:
    """Digits 3–8 of a USCC: the administrative division where the entity registered."""
    return code[2:8]
