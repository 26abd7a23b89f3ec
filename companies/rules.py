"""Who may verify an enterprise's USCC, and what an unverified one holds back (django-rules)."""

from __future__ import annotations

import rules
from django.utils.translation import gettext as _

from accounts.rules import is_campaign_office, is_city_office
from core.workflow import TransitionRefused

from .models import Enterprise


@rules.predicate
def reviews_enterprise(user, enterprise) -> bool:
    """The campaign office verifies every enterprise; a city office those of its own city, whose
    business licences it sees when it reviews their plans and results."""
    if enterprise is None:
        return False
    return bool(is_campaign_office(user) or (is_city_office(user) and user.region_id == enterprise.city_id))


def uscc_pending_message(enterprise: Enterprise) -> str:
    return _(
        "企业“%(name)s”的统一社会信用代码 %(code)s 校验位不符合 GB 32100，待核验：城市试点办公室在后台企业页面"
        "对照营业执照核验代码之前，该企业的方案和结果只能起草、提交，不能审核通过和发布。"
    ) % {"name": enterprise.name, "code": enterprise.uscc}


def ensure_enterprise_may_publish(enterprise: Enterprise | None) -> None:
    """Refuse a publication (of a result, of a plan) while the enterprise's USCC awaits its
    verification against the business licence: the campaign's public claims name the enterprise
    by that code."""
    if enterprise is not None and enterprise.uscc_awaits_verification:
        raise TransitionRefused(uscc_pending_message(enterprise), code="uscc_pending")
