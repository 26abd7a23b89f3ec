"""Rows of a city in the admin: the campaign office sees all of them, a city office its own
city's only (``scope_field``, e.g. ``"city"`` or ``"plan__city"``), in every admin view; filters
listed in ``office_only_list_filter`` (they would name other cities) are hidden from it.
Override ``scope_q``/``object_in_scope`` together to widen what a city office sees."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy

from accounts.admin_base import OfficeAdminMixin
from accounts.rules import is_campaign_office, is_city_office
from core.admin_base import ScopedAdminMixin, path_value

from .models import Region, RegionLevel


class ProvinceListFilter(admin.SimpleListFilter):
    """Filter by the denormalised ``province`` field; choices are the 34 provincial units."""

    title = gettext_lazy("省份")
    parameter_name = "province"
    field = "province"

    def lookups(self, request, model_admin):
        return [
            (region.code, region.name)
            for region in Region.objects.filter(level=RegionLevel.PROVINCE).only("code", "name")
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{f"{self.field}_id": self.value()})
        return queryset


class CityScopedAdminMixin(ScopedAdminMixin, OfficeAdminMixin):
    """Rows of a city: a city office sees its own city's rows only, in every admin view."""

    scope_field = "city"
    view_rule = is_campaign_office | is_city_office
    # Filters whose choices would name other cities or provinces: the campaign office's only.
    office_only_list_filter: tuple = (ProvinceListFilter,)
    def scope_q(self, user) -> Q | None:
        """The rows this user may see; None: all of them."""
        if is_campaign_office(user):
            return None
        if is_city_office(user):
            return Q(**{self.scope_field: user.region_id})
        return Q(pk__in=[])

    def object_in_scope(self, user, obj) -> bool:
        if is_campaign_office(user):
            return True
        return bool(is_city_office(user) and path_value(obj, self.scope_field) == user.region_id)

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if is_campaign_office(request.user):
            return filters
        return [f for f in filters if f not in self.office_only_list_filter]
