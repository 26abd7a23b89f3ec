"""Review decisions in the admin, taken through a workflow's services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..workflow import TransitionRefused, Workflow, refusal_message
from .inlines import status_label
from .rules import staff


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
        return staff(request.user) and bool(self.review_rule.test(request.user))

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
            event.from_label = status_label(self.model, event.from_status, workflow.status_field)
            event.to_label = status_label(self.model, event.to_status, workflow.status_field)
        return {"last": last, "reason": with_reason}

    def decide(self, request, obj, decision: Decision, reason: str = "") -> str | None:
        """Take one decision through its service; the refusal's message, or None when done."""
        try:
            decision.perform(actor=request.user, obj=obj, reason=reason)
        except (TransitionRefused, ValidationError) as refused:
            return refusal_message(refused)
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
            # The hint names the decisions that need a reason: an institution is refused (不予认定),
            # not returned, and a reviewer must not read that returning is what needs one.
            context["review_reason_required_for"] = "、".join(
                f"“{d.label}”" for d in context["review_decisions"] if d.requires_reason
            )
            context["review_permitted"] = self.has_review_permission(request)
            context["review_history"] = self.review_history(obj)
            field = self.review_workflow.status_field
            context["review_state"] = status_label(self.model, getattr(obj, field), field)
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
