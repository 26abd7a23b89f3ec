from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = (
        "username", "get_full_name", "role", "region", "enterprise", "institution", "is_active", "last_login",
    )
    list_filter = ("role", "is_active", "is_staff")
    list_select_related = ("region", "enterprise", "institution")
    search_fields = ("username", "first_name", "last_name", "email")
    autocomplete_fields = ("region", "enterprise", "institution")
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("角色"), {"fields": ("role", "region", "enterprise", "institution")}))
