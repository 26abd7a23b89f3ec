"""Users: the campaign office's business only. Only a superuser makes superusers.

Accounts are not public data: their edits are audited without touching the public cache. A
password set on the admin's password page is saved by Django's own form; its audit row (which
never holds the password) is written when the admin logs the change.
"""

import functools

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from core.models import AuditAction
from core.services import audit, model_create, model_delete, model_update

from .admin_base import OfficeAdminMixin
from .models import User


@admin.register(User)
class UserAdmin(OfficeAdminMixin, DjangoUserAdmin):
    list_display = (
        "username", "get_full_name", "role", "region", "enterprise", "institution", "is_active", "last_login",
    )
    list_filter = ("role", "is_active", "is_staff")
    list_select_related = ("region", "enterprise", "institution")
    search_fields = ("username", "first_name", "last_name", "email")
    autocomplete_fields = ("region", "enterprise", "institution")
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("角色"), {"fields": ("role", "region", "enterprise", "institution")}))
    create_service = staticmethod(functools.partial(model_create, public=False))
    update_service = staticmethod(functools.partial(model_update, public=False))
    delete_service = staticmethod(functools.partial(model_delete, public=False))
    # Granting these would lift a campaign-office account above its own role.
    superuser_only_fields = ("is_superuser", "groups", "user_permissions")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += [name for name in self.superuser_only_fields if name not in readonly]
        return readonly

    @staticmethod
    def _may_touch(request, obj) -> bool:
        # A campaign-office account may not change (or take over) a superuser's account.
        return obj is None or request.user.is_superuser or not obj.is_superuser

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_touch(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_touch(request, obj)

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if _changes_password(message):
            audit(actor=request.user, instance=obj, action=AuditAction.CHANGED, changes={"password": (None, None)})
        return entry


def _changes_password(message) -> bool:
    """The admin's structured change message names the password field when it was set."""
    return isinstance(message, list) and any(
        "password" in item.get("changed", {}).get("fields", ()) for item in message if isinstance(item, dict)
    )
