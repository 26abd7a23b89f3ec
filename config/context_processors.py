from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.rules import is_campaign_office, is_city_office, is_enterprise_user, is_institution_user
from plans.rules import drafts_plans
from results.selectors import notices_of

# (label, url name) per audience, or (label, Menu) for a dropdown; a page not built yet is simply
# left out of the menu.
DISCLOSURE_ITEMS = [
    (pgettext_lazy("plural", "产品对标结果"), "public_results:list"),
    (pgettext_lazy("plural", "对标技术方案"), "public_plans:list"),
    (pgettext_lazy("plural", "标准"), "public_standards:list"),
    (pgettext_lazy("plural", "标准比对"), "public_comparisons:list"),
    (pgettext_lazy("plural", "第三方机构"), "public_institutions:list"),
    (pgettext_lazy("plural", "地区"), "public_regions:list"),
    (pgettext_lazy("plural", "活动"), "public_activities:list"),
]
REGISTER_ITEMS = [(_("企业注册"), "companies:register"), (_("机构注册"), "thirdparty:register")]


@dataclass(frozen=True)
class Menu:
    dom_id: str
    items: list


PUBLIC_ITEMS = [(_("首页"), "home"), (_("信息公开"), Menu("disclosure-menu", DISCLOSURE_ITEMS)),
                (_("开放接口"), "api-docs")]
# One "注册" menu rather than two links: the English bar stays on one line at 1366 px.
ANONYMOUS_ITEMS = [(_("注册"), Menu("register-menu", REGISTER_ITEMS))]
ENTERPRISE_ITEMS = [(_("我的对标结果"), "results:my_results"), (_("我的对标方案"), "plans:my_plans"),
                    (_("企业信息"), "companies:profile")]
INSTITUTION_ITEMS = [(_("我的机构"), "thirdparty:my_institution")]
# Drafting industry plans is for accredited institutions only (plans.rules.drafts_plans).
ACCREDITED_INSTITUTION_ITEMS = [(_("行业对标方案"), "plans:my_plans")]
OFFICE_ITEMS = [(_("起草行业方案"), "plans:my_plans")]
STAFF_ITEMS = [(_("管理后台"), "admin:index")]


def _notices_label(user) -> str:
    """“标准变更通知”, with the number not yet read (one indexed count)."""
    unread = notices_of(user).filter(read_at__isnull=True).count()
    label = str(_("标准变更通知"))
    return f"{label} ({unread})" if unread else label


def _resolved(items):
    """(label, url, None) per link and (label, dom id, [(label, url)…]) per menu."""
    for label, target in items:
        if isinstance(target, Menu):
            entries = [(entry_label, url) for entry_label, url, _menu in _resolved(target.items)]
            if entries:
                yield label, target.dom_id, entries
            continue
        try:
            yield label, reverse(target), None
        except NoReverseMatch:
            continue


def navigation(request):
    """The navigation of each role, and the roles themselves for the templates (``roles.enterprise``…),
    as the rule predicates of ``accounts.rules`` decide them."""
    user = getattr(request, "user", None)
    roles = {
        "campaign_office": is_campaign_office(user), "city_office": is_city_office(user),
        "enterprise": is_enterprise_user(user), "institution": is_institution_user(user),
        "plan_drafter": drafts_plans(user),
    }
    items = list(PUBLIC_ITEMS)
    if user is None or not user.is_authenticated:
        items += ANONYMOUS_ITEMS
    else:
        if roles["enterprise"]:
            items += ENTERPRISE_ITEMS
        if roles["institution"]:
            items += INSTITUTION_ITEMS
            if roles["plan_drafter"]:
                items += ACCREDITED_INSTITUTION_ITEMS
        if roles["campaign_office"]:
            items += OFFICE_ITEMS
        if roles["enterprise"] or roles["institution"]:
            items.append((_notices_label(user), "results:standard_notices"))
        if user.is_staff:
            items += STAFF_ITEMS
    return {"nav_items": list(_resolved(items)), "roles": roles}
