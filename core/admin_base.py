"""Admin building blocks with no campaign nouns; the domain's bases (``accounts.admin_base``,
``benchmarking.admin_scoping``) set them from the campaign's roles.

Who may do what in the admin follows from rule predicates (django-rules); permission rows and
groups play no part. The pieces:

``RuleAdminMixin``
    ``has_view/add/change/delete_permission`` from the class attributes ``view_rule``,
    ``add_rule``, ``change_rule``, ``delete_rule`` — predicates called as ``rule(user, obj)``
    (``obj`` is None for the model-level question); None: nobody. ``locked_fields`` are
    read-only in every form, for everyone (status, publication dates…): a field that is
    read-only is not in the form, so posting it changes nothing.
``ScopedAdminMixin``
    A user sees a subset of the rows (``scope_q``), in every view — changelist, change page
    (others' ids are "not found"), counts, search, autocomplete, history, actions.
``ReviewAdminMixin``
    Review decisions (``Decision``) taken through a workflow's services: buttons with a reason
    box on the change page, and bulk admin actions named ``<decision>_selected`` (a decision
    that needs a reason asks for it on an intermediate page). Refusals (``TransitionRefused``,
    ``ValidationError``) become admin error messages. ``review_rule``: who may review at all.
``EventInline``
    The history panel: a reviewed object's transition events, which nobody can add, edit or
    delete in the admin. Event models are never registered on their own.
``RulesFromParentInline`` / ``ReadOnlyInline``
    Inlines allowed what the parent admin allows (view with view, edit with change), or shown
    to whoever may view the parent and changed by nobody in the admin.
``ServiceAdminMixin``
    Saves and deletes (change form, inlines, delete page, bulk delete) through services, each
    leaving its audit row: the admin is not a second write path.
``BigTableAdmin``
    For tables that grow with the campaign: no full counts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .services import model_create, model_delete, model_update
from .workflow import TransitionRefused, Workflow

__all__ = [
    "BigTableAdmin",
    "Decision",
    "EstimatedCountPaginator",
    "EventInline",
    "ReadOnlyInline",
    "ReviewAdminMixin",
    "RuleAdminMixin",
    "RulesFromParentInline",
    "ScopedAdminMixin",
    "ServiceAdminMixin",
    "path_value",
]


class EstimatedCountPaginator(Paginator):
    """Pages the big tables without counting them.

    The one numbered (OFFSET) pagination left, because Django's changelist needs a ``Paginator``:
    it asks for ``count`` and ``page(n)`` and renders page numbers, which keyset pages cannot give.
    Admin lists are filtered staff tools, seldom paged deep; public pages and the API use the
    keyset pagination of ``core.keyset``.

    Django's changelist counts the whole filtered queryset on every page. On an unfiltered
    PostgreSQL table the planner's row estimate (pg_class.reltuples, kept current by autovacuum)
    is good enough for a page count and costs nothing; filtered lists are small and counted.
    A city office's list is always filtered (its scope), so it always gets a true count.
    """

    @cached_property
    def count(self) -> int:
        query = self.object_list.query
        if connection.vendor == "postgresql" and not query.where and not query.distinct:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [self.object_list.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] > 10_000:
                return int(row[0])
        return super().count


class BigTableAdmin(admin.ModelAdmin):
    """For tables that grow with the campaign: no full counts, no N+1."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    list_per_page = 50


# --- permissions from rule predicates ------------------------------------------------------------

def _staff(user) -> bool:
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
        if rule is None or not _staff(user) or not rule.test(user, obj):
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


# --- saves through services ----------------------------------------------------------------------

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
            messages.error(request, _refusal_message(refused))
            return HttpResponseRedirect(request.get_full_path())

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except (TransitionRefused, ValidationError) as refused:
            messages.error(request, _refusal_message(refused))
            return HttpResponseRedirect(request.get_full_path())

    def changelist_view(self, request, extra_context=None):
        # The bulk delete action and list_editable save through the services too.
        try:
            with transaction.atomic():
                return super().changelist_view(request, extra_context)
        except (TransitionRefused, ValidationError) as refused:
            messages.error(request, _refusal_message(refused))
            return HttpResponseRedirect(request.get_full_path())


def _model_field_names(obj) -> set[str]:
    return {f.name for f in obj._meta.get_fields() if f.concrete or f.many_to_many}


def _many_to_many_names(obj) -> set[str]:
    return {f.name for f in obj._meta.get_fields() if f.many_to_many and not f.auto_created}


# --- review decisions --------------------------------------------------------------------------

@dataclass(frozen=True)
class Decision:
    """One review decision: ``name`` is the workflow transition's name."""

    name: str
    label: str | Promise  # the button on the change page
    bulk_label: str | Promise  # the admin action
    perform: Callable[..., Any]  # perform(actor=, obj=, reason=) calls the service
    requires_reason: bool = False
    style: str = "approve"  # "approve" | "return": how the button looks

    @property
    def action_name(self) -> str:
        return f"{self.name}_selected"


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("理由"), widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        error_messages={"required": gettext_lazy("请填写理由。")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("请填写理由。"), code="required")
        return reason


def _refusal_message(error: Exception) -> str:
    if isinstance(error, TransitionRefused):
        return error.message
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return str(error)


class ReviewAdminMixin:
    """Review buttons on the change page and bulk review actions; see the module docstring."""

    review_workflow: Workflow
    review_decisions: tuple[Decision, ...] = ()
    # May this user review anything at all (shows the bulk actions)? Each object's own check is
    # the workflow transition's rule, applied by the service under a row lock.
    review_rule = None
    # For the bulk actions: what the workflow's rules read from each object.
    review_select_related: tuple[str, ...] = ()
    change_form_template = "admin/review/change_form.html"
    bulk_refusals_listed = 20
    # The changelist filtered to the waiting state lists the oldest first: review in turn.
    queue_status = "submitted"
    queue_ordering: tuple[str, ...] = ("submitted_at", "pk")
    reason_page_listed = 500

    def get_ordering(self, request):
        if self.queue_ordering and request.GET.get("status__exact") == self.queue_status:
            return self.queue_ordering
        return super().get_ordering(request)

    def has_review_permission(self, request) -> bool:
        return _staff(request.user) and bool(self.review_rule.test(request.user))

    def decision(self, name: str) -> Decision | None:
        return next((d for d in self.review_decisions if d.name == name), None)

    def available_decisions(self, request, obj) -> list[Decision]:
        if obj is None or not self.has_review_permission(request):
            return []
        return [d for d in self.review_decisions if self.review_workflow.can(d.name, obj, request.user)]

    def review_history(self, obj) -> dict:
        """The latest transition and the latest stated reason (why it was returned last time),
        shown by the decision buttons so a resubmission is judged against it."""
        workflow = self.review_workflow
        events = workflow.event_model.objects.filter(**{workflow.event_field: obj}).order_by("-created_at", "-id")
        last = events.exclude(from_status="").first()
        with_reason = last if last is not None and last.reason else events.exclude(reason="").first()
        for event in {last, with_reason} - {None}:
            event.from_label = _status_label(self.model, event.from_status)
            event.to_label = _status_label(self.model, event.to_status)
        return {"last": last, "reason": with_reason}

    def decide(self, request, obj, decision: Decision, reason: str = "") -> str | None:
        """Take one decision through its service; the refusal's message, or None when done."""
        try:
            decision.perform(actor=request.user, obj=obj, reason=reason)
        except (TransitionRefused, ValidationError) as refused:
            return _refusal_message(refused)
        self.log_change(request, obj, str(decision.label))
        return None

    # one by one, from the change page

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_review"
        review = path("<path:object_id>/review/", self.admin_site.admin_view(self.review_view), name=name)
        return [review, *super().get_urls()]

    def review_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))  # scoped: another city's id is not found
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404(_("对象不存在或无权查看。"))
        if not self.has_review_permission(request):
            raise PermissionDenied
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk],
            current_app=self.admin_site.name,
        )
        decision = self.decision(request.POST.get("decision", ""))
        if decision is None:
            messages.error(request, _("未知的审核操作。"))
            return HttpResponseRedirect(change_url)
        refusal = self.decide(request, obj, decision, request.POST.get("reason", ""))
        if refusal:
            messages.error(request, _("“%(object)s”未能%(action)s：%(reason)s") % {
                "object": obj, "action": decision.label, "reason": refusal,
            })
        else:
            messages.success(request, _("“%(object)s”已%(action)s。") % {"object": obj, "action": decision.label})
        return HttpResponseRedirect(change_url)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["review_decisions"] = self.available_decisions(request, obj)
            context["review_needs_reason"] = any(d.requires_reason for d in context["review_decisions"])
            context["review_permitted"] = self.has_review_permission(request)
            context["review_history"] = self.review_history(obj)
            context["review_url"] = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_review", args=[obj.pk],
                current_app=self.admin_site.name,
            )
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    # in bulk, from the changelist

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.actions is not None and IS_POPUP_VAR not in request.GET and self.has_review_permission(request):
            for decision in self.review_decisions:
                actions[decision.action_name] = (self._bulk_action(decision), decision.action_name, decision.bulk_label)
        return actions

    def _bulk_action(self, decision: Decision):
        def action(modeladmin, request, queryset):
            return modeladmin.bulk_decide(request, queryset, decision)

        action.__name__ = decision.action_name
        return action

    def bulk_decide(self, request, queryset, decision: Decision):
        reason = ""
        if decision.requires_reason:
            form = ReasonForm(request.POST if request.POST.get("post") == "yes" else None)
            if not form.is_valid():
                if form.is_bound:
                    messages.error(request, _("“%(action)s”必须填写理由。") % {"action": decision.label})
                return self._reason_page(request, queryset, decision, form)
            reason = form.cleaned_data["reason"]
        done, refused = 0, []
        for obj in queryset.select_related(*self.review_select_related).order_by("pk"):
            refusal = self.decide(request, obj, decision, reason)
            if refusal:
                refused.append((obj, refusal))
            else:
                done += 1
        if done:
            messages.success(request, ngettext(
                "已%(action)s %(count)d 项。", "已%(action)s %(count)d 项。", done,
            ) % {"action": decision.label, "count": done})
        if refused:
            listed = "；".join(f"“{obj}”：{why}" for obj, why in refused[: self.bulk_refusals_listed])
            if len(refused) > self.bulk_refusals_listed:
                listed += _("；另有 %(count)d 项") % {"count": len(refused) - self.bulk_refusals_listed}
            messages.error(request, ngettext(
                "%(count)d 项未能%(action)s：%(list)s", "%(count)d 项未能%(action)s：%(list)s", len(refused),
            ) % {"count": len(refused), "action": decision.label, "list": listed})
        return None

    def _reason_page(self, request, queryset, decision: Decision, form):
        objects = list(queryset.order_by("pk")[: self.reason_page_listed + 1])
        more = max(0, queryset.count() - self.reason_page_listed) if len(objects) > self.reason_page_listed else 0
        context = {
            **self.admin_site.each_context(request),
            "title": decision.bulk_label,
            "subtitle": None,
            "opts": self.opts,
            "decision": decision,
            "form": form,
            "objects": objects[: self.reason_page_listed],
            "more": more,
            "total": len(objects[: self.reason_page_listed]) + more,
            "select_across": request.POST.get("select_across", "0"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/review/reason_form.html", context)


# --- inlines --------------------------------------------------------------------------------------

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

    @admin.display(description=gettext_lazy("原状态"))
    def from_status_label(self, event):
        return _status_label(self.parent_model, event.from_status) or "—"

    @admin.display(description=gettext_lazy("新状态"))
    def to_status_label(self, event):
        return _status_label(self.parent_model, event.to_status)


def _status_label(model, value: str) -> str:
    if not value:
        return ""
    field = model._meta.get_field("status")
    return str(dict(field.flatchoices).get(value, value))
