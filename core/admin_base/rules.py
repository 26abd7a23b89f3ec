"""Who may do what in the admin, from rule predicates, and which rows a user sees at all."""

from __future__ import annotations

from django.db.models import Q


def staff(user) -> bool:
    return bool(user and user.is_active and user.is_staff)


class RuleAdminMixin:
    """``has_*_permission`` from rule predicates; see the module docstring."""

    # Predicates ``rule(user, obj)``; None: nobody. The domain's bases set them from its roles.
    view_rule = None
    add_rule = None
    change_rule = None
    delete_rule = None
    locked_fields: tuple[str, ...] = ()

    def _allows(self, rule, request, obj=None) -> bool:
        user = request.user
        if rule is None or not staff(user) or not rule.test(user, obj):
            return False
        return obj is None or self.object_in_scope(user, obj)

    def object_in_scope(self, user, obj) -> bool:
        return True

    def has_module_permission(self, request) -> bool:
        return self.has_view_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._allows(self.view_rule, request, obj) or self.has_change_permission(request, obj)

    def has_add_permission(self, request, *args) -> bool:
        return self._allows(self.add_rule, request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._allows(self.change_rule, request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._allows(self.delete_rule, request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly + [name for name in self.locked_fields if name not in readonly]


class ScopedAdminMixin(RuleAdminMixin):
    """Rows a user may see are a subset (``scope_q``), in every admin view: changelist, change
    page (others' ids are "not found"), counts, search, autocomplete, history, actions. Override
    ``scope_q`` and ``object_in_scope`` together."""

    # "N of TOTAL" would count beyond the scope (and costs a second count).
    show_full_result_count = False

    def scope_q(self, user) -> Q | None:
        """The rows this user may see; None: all of them."""
        return Q(pk__in=[])

    def scoped(self, request, queryset):
        scope = self.scope_q(request.user)
        return queryset if scope is None else queryset.filter(scope)

    def get_queryset(self, request):
        # Every view reads through here: changelist, change/history/delete pages (get_object),
        # counts, date hierarchy, actions' querysets and the autocomplete endpoint.
        return self.scoped(request, super().get_queryset(request))

    def get_search_results(self, request, queryset, search_term):
        # Autocomplete widgets of other admins search through here: scope once more.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return self.scoped(request, queryset), may_have_duplicates


def path_value(obj, field_path: str):
    """``plan__city`` of a PlanVersion → ``version.plan.city_id`` (no query for a loaded FK)."""
    *hops, last = field_path.split("__")
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id")
