"""One way to move anything reviewed through its states: results, plans, institutions.

A ``Workflow`` names the allowed transitions per state and who may take each (rule
predicates). ``Workflow.apply`` is the only code that changes a reviewed object's status: it
locks the row, checks the source state and the actor, runs the transition's effect (timestamps,
publication), writes the event row (actor, from, to, reason, time) and queues the
notifications on commit. An illegal transition is refused with a reason, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .public_cache import publication_changed


class TransitionRefused(Exception):
    """A transition that may not happen; ``message`` is translated and shown to the user."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Transition:
    name: str
    label: str | Promise
    sources: frozenset[str]
    target: str
    allowed: Callable[[object, object], bool]  # (user, obj) → may this user take it
    requires_reason: bool = False
    effect: Callable[[models.Model], Iterable[str]] | None = None  # returns the fields it set
    notify: Callable[[models.Model, object], None] | None = None  # runs after commit
    changes_public_data: bool = False  # publishes or withdraws: cached public answers go stale


@dataclass
class Workflow:
    model: type[models.Model]
    event_model: type[models.Model]
    event_field: str  # the event model's FK to the object
    transitions: dict[str, Transition] = field(default_factory=dict)
    status_field: str = "status"

    def add(self, transition: Transition) -> Transition:
        self.transitions[transition.name] = transition
        return transition

    def available(self, obj: models.Model, user) -> list[Transition]:
        status = getattr(obj, self.status_field)
        return [t for t in self.transitions.values() if status in t.sources and t.allowed(user, obj)]

    def can(self, name: str, obj: models.Model, user) -> bool:
        transition = self.transitions.get(name)
        return bool(transition) and getattr(obj, self.status_field) in transition.sources and bool(
            transition.allowed(user, obj)
        )

    def apply(self, *, obj: models.Model, name: str, actor, reason: str = "") -> models.Model:
        transition = self.transitions.get(name)
        if transition is None:
            raise TransitionRefused(_("未知的操作：%(name)s") % {"name": name}, code="unknown_transition")
        reason = (reason or "").strip()
        if transition.requires_reason and not reason:
            raise TransitionRefused(
                _("“%(action)s”必须填写理由。") % {"action": transition.label}, code="reason_required"
            )
        with transaction.atomic():
            # Lock the row and read its state afresh: two reviewers deciding at once must not
            # both succeed, and a decision must act on the state the database holds.
            locked = type(obj).objects.select_for_update().get(pk=obj.pk)
            source = getattr(locked, self.status_field)
            if source not in transition.sources:
                raise TransitionRefused(
                    _("当前状态为“%(state)s”，不能执行“%(action)s”。")
                    % {"state": locked.get_status_display(), "action": transition.label},
                    code="wrong_state",
                )
            if not transition.allowed(actor, locked):
                raise TransitionRefused(_("您无权执行“%(action)s”。") % {"action": transition.label}, code="forbidden")
            setattr(locked, self.status_field, transition.target)
            changed = {self.status_field}
            if transition.effect is not None:
                changed.update(transition.effect(locked) or ())
            locked.save(update_fields=[*sorted(changed), *self._auto_now_fields(locked)])
            self.event_model.objects.create(
                **{self.event_field: locked},
                actor=actor if getattr(actor, "pk", None) else None,
                actor_name=getattr(actor, "username", "") or "",
                from_status=source,
                to_status=transition.target,
                reason=reason,
            )
            if transition.changes_public_data:
                publication_changed()
            if transition.notify is not None:
                transaction.on_commit(lambda: transition.notify(locked, actor))
        for name_ in changed:
            setattr(obj, name_, getattr(locked, name_))
        return locked

    @staticmethod
    def _auto_now_fields(obj: models.Model) -> list[str]:
        return [f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]
