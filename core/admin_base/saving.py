"""Every save and delete of the admin through a service: the admin is not a second write path."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect

from ..services import model_create, model_delete, model_update
from ..workflow import TransitionRefused, refusal_message


class ServiceAdminMixin:
    """Every save and delete of the admin goes through a service, never Django's default save:
    the change form, "save as new", inline rows, the delete page and the bulk delete action.

    ``create_service(actor=, instance=, many_to_many=)``, ``update_service(actor=, instance=,
    data=)`` and ``delete_service(actor=, instance=)`` default to ``core.services``'
    ``model_create``/``model_update``/``model_delete`` (validated, audited, the public data marked
    changed); an app sets its own where an edit needs more (``region_update`` recomputes the
    derived places). An inline takes the same three attributes for its rows. A service that
    refuses (``ValidationError``, ``TransitionRefused``) rolls the whole save back and the page
    says why.
    """

    create_service = staticmethod(model_create)
    update_service = staticmethod(model_update)
    delete_service = staticmethod(model_delete)

    def save_model(self, request, obj, form, change):
        many_to_many = {name: form.cleaned_data[name] for name in form.changed_data
                        if name in _many_to_many_names(obj)}
        if not change:
            self.create_service(actor=request.user, instance=obj, many_to_many=many_to_many)
            return
        stored = type(obj)._default_manager.get(pk=obj.pk)
        data = {name: form.cleaned_data[name] for name in form.changed_data if name in _model_field_names(obj)}
        self.update_service(actor=request.user, instance=stored, data=data)

    def save_related(self, request, form, formsets, change):
        # The form's many-to-many values went through the service in save_model.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        inline = next((i for i in self.get_inline_instances(request, form.instance) if i.model is formset.model),
                      None)
        create = getattr(inline, "create_service", model_create)
        update = getattr(inline, "update_service", model_update)
        delete = getattr(inline, "delete_service", model_delete)
        formset.save(commit=False)  # builds the rows from the posted forms; writes nothing
        for obj in formset.deleted_objects:
            delete(actor=request.user, instance=obj)
        for obj in formset.new_objects:
            create(actor=request.user, instance=obj)
        for obj, changed in formset.changed_objects:
            stored = type(obj)._default_manager.get(pk=obj.pk)
            update(actor=request.user, instance=stored,
                   data={name: getattr(obj, name) for name in changed if name in _model_field_names(obj)})

    def delete_model(self, request, obj):
        self.delete_service(actor=request.user, instance=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_service(actor=request.user, instance=obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (TransitionRefused, ValidationError) as refused:  # rolled back by the view's transaction
            messages.error(request, refusal_message(refused))
            return HttpResponseRedirect(request.get_full_path())

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except (TransitionRefused, ValidationError) as refused:
            messages.error(request, refusal_message(refused))
            return HttpResponseRedirect(request.get_full_path())

    def changelist_view(self, request, extra_context=None):
        # The bulk delete action and list_editable save through the services too.
        try:
            with transaction.atomic():
                return super().changelist_view(request, extra_context)
        except (TransitionRefused, ValidationError) as refused:
            messages.error(request, refusal_message(refused))
            return HttpResponseRedirect(request.get_full_path())


def _model_field_names(obj) -> set[str]:
    return {f.name for f in obj._meta.get_fields() if f.concrete or f.many_to_many}


def _many_to_many_names(obj) -> set[str]:
    return {f.name for f in obj._meta.get_fields() if f.many_to_many and not f.auto_created}
