from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (label, url name) per audience; a page not built yet is simply left out of the menu.
PUBLIC_ITEMS = [(_("首页"), "home"), (_("对标结果"), "public_results:list"), (_("开放接口"), "api-docs")]
ANONYMOUS_ITEMS = [(_("企业注册"), "companies:register"), (_("机构注册"), "thirdparty:register")]
ENTERPRISE_ITEMS = [(_("我的对标结果"), "results:my_results"), (_("我的对标方案"), "plans:my_plans"),
                    (_("企业信息"), "companies:profile")]
INSTITUTION_ITEMS = [(_("我的机构"), "thirdparty:my_institution"), (_("行业对标方案"), "plans:my_plans")]
OFFICE_ITEMS = [(_("起草行业方案"), "plans:my_plans")]
STAFF_ITEMS = [(_("管理后台"), "admin:index")]


def _resolved(items):
    for label, name in items:
        try:
            yield label, reverse(name)
        except NoReverseMatch:
            continue


def navigation(request):
    """The navigation of each role: what this user can go to from every page."""
    user = getattr(request, "user", None)
    items = list(PUBLIC_ITEMS)
    if user is None or not user.is_authenticated:
        items += ANONYMOUS_ITEMS
    else:
        if user.is_enterprise_user:
            items += ENTERPRISE_ITEMS
        if user.is_institution_user:
            items += INSTITUTION_ITEMS
        if user.is_campaign_office:
            items += OFFICE_ITEMS
        if user.is_staff:
            items += STAFF_ITEMS
    return {"nav_items": list(_resolved(items))}
