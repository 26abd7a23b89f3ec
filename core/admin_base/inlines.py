"""Inlines that follow their parent admin's rights, and the history panel of events."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy


class RulesFromParentInline(admin.TabularInline):
    """An inline allowed what its parent admin allows: seen with the parent, edited with it."""

    extra = 0

    def _parent_admin(self):
        return self.admin_site._registry.get(self.parent_model)

    def has_view_permission(self, request, obj=None):
        parent = self._parent_admin()
        return bool(parent and parent.has_view_permission(request, obj))

    def has_add_permission(self, request, obj=None):
        parent = self._parent_admin()
        return bool(parent and parent.has_change_permission(request, obj))

    def has_change_permission(self, request, obj=None):
        parent = self._parent_admin()
        return bool(parent and parent.has_change_permission(request, obj))

    def has_delete_permission(self, request, obj=None):
        parent = self._parent_admin()
        return bool(parent and parent.has_change_permission(request, obj))


class ReadOnlyInline(RulesFromParentInline):
    """Shown to whoever may view the parent object; added, changed and deleted by nobody here.

    List the shown columns in ``fields``; all of them are read-only.
    """

    can_delete = False
    classes = ("readonly-inline",)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        # Every shown field is read-only, so the formset has no editable field to post to.
        shown = tuple(self.fields or ())
        return [*shown, *(f for f in self.readonly_fields if f not in shown)]


class EventInline(ReadOnlyInline):
    """The history panel: transition events, never added, edited or deleted by anyone."""

    fields = ("created_at", "actor_name", "from_status_label", "to_status_label", "reason")
    readonly_fields = fields
    ordering = ("created_at", "id")
    verbose_name = gettext_lazy("流转记录")
    verbose_name_plural = gettext_lazy("流转记录")
    classes = ("readonly-inline", "history-panel")
    status_field = "status"  # the parent's field the workflow moves

    @admin.display(description=gettext_lazy("原状态"))
    def from_status_label(self, event):
        return status_label(self.parent_model, event.from_status, self.status_field) or "—"

    @admin.display(description=gettext_lazy("新状态"))
    def to_status_label(self, event):
        return status_label(self.parent_model, event.to_status, self.status_field)


def status_label(model, value: str, field_name: str = "status") -> str:
    if not value:
        return ""
    field = model._meta.get_field(field_name)
    return str(dict(field.flatchoices).get(value, value))
