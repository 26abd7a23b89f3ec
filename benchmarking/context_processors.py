from django.urls import reverse
from django.utils.translation import gettext as _


def navigation(request):
    """The navigation of each role: what this user can go to from every page."""
    user = getattr(request, "user", None)
    items = [(_("首页"), reverse("home"))]
    if user is not None and user.is_authenticated and user.is_staff:
        items.append((_("管理后台"), reverse("admin:index")))
    return {"nav_items": items}
