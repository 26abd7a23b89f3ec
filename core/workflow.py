"""One way to move anything reviewed through its states: results, plans, institutions,
comparisons, translations, import jobs.

A ``Workflow`` names the allowed transitions per state and who may take each (rule predicates).
It is the only code that changes a reviewed object's status, in four ways:

``apply``
    One object, one transition: it locks the row, checks the source state and the actor, runs
    the transition's effect (timestamps, statistics), writes the event row (actor, from, to,
    reason, time), marks the public data changed and queues the notifications on commit. An
    illegal transition is refused with a reason, and nothing is written. Two optional keywords
    serve a system actor whose decision rests on more than the state: ``values``, fields the
    caller sets together with the status in the same save (a run's counts, its message; the
    effect runs after them), and ``expected``, a predicate on the locked row checked before
    anything else (the run still holds its claim): when it is false the transition is refused
    with code ``changed``, and nothing is written.
``record_created``
    The first event of an object a service has just created in its initial state.
``create``
    For an object born in one of several states (an import job queued, or failed at once
    because its file was refused): a *creation transition* (its only source is '') names the
    state; ``create`` checks the actor, runs the effect, saves the new object and records its
    first event.
``record_bulk``
    Many objects at once, for a set-based writer (an import) that already wrote the rows in the
    transition's target state: it checks every source state, writes the same event rows (one
    ``COPY``), runs the transition's set-based effect once with all ids (the statistics deltas
    ``apply`` would write one by one) and marks the public data changed once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .bulk import insert_rows
from .public_cache import areas_of, publication_changed


class TransitionRefused(Exception):
    """A transition that may not happen; ``message`` is translated and shown to the user."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def refusal_message(error: Exception) -> str:
    """What to tell the user about a refused transition or an invalid input, in their language."""
    if isinstance(error, TransitionRefused):
        return error.message
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return str(error)


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
    # For ``record_bulk``: who may take it for many objects at once (the writer has checked each
    # object's scope with the same rules), and the set-based twin of ``effect`` given every id.
    bulk_allowed: Callable[[object], bool] | None = None
    bulk_effect: Callable[[Sequence[Any]], None] | None = None


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

    def transition(self, name: str) -> Transition:
        transition = self.transitions.get(name)
        if transition is None:
            raise TransitionRefused(_("未知的操作：%(name)s") % {"name": name}, code="unknown_transition")
        return transition

    def apply(
        self, *, obj: models.Model, name: str, actor, reason: str = "", values: Mapping[str, Any] | None = None,
        expected: Callable[[models.Model], bool] | None = None,
    ) -> models.Model:
        transition = self.transition(name)
        if values and self.status_field in values:
            raise ValueError("the transition sets the status; values may not")
        reason = (reason or "").strip()
        if transition.requires_reason and not reason:
            raise TransitionRefused(
                _("“%(action)s”必须填写理由。") % {"action": transition.label}, code="reason_required"
            )
        with transaction.atomic():
            # Lock the row and read its state afresh: two reviewers deciding at once must not
            # both succeed, and a decision must act on the state the database holds.
            locked = type(obj).objects.select_for_update().get(pk=obj.pk)
            if expected is not None and not expected(locked):
                raise TransitionRefused(_("该记录已被其他操作改变，请刷新后重试。"), code="changed")
            source = getattr(locked, self.status_field)
            if source not in transition.sources:
                raise TransitionRefused(
                    _("当前状态为“%(state)s”，不能执行“%(action)s”。")
                    % {"state": _status_label(self.model, source, self.status_field), "action": transition.label},
                    code="wrong_state",
                )
            if not transition.allowed(actor, locked):
                raise TransitionRefused(_("您无权执行“%(action)s”。") % {"action": transition.label}, code="forbidden")
            setattr(locked, self.status_field, transition.target)
            changed = {self.status_field}
            for name_, value in (values or {}).items():
                setattr(locked, name_, value)
                changed.add(name_)
            if transition.effect is not None:
                changed.update(transition.effect(locked) or ())
            locked.save(update_fields=[*sorted(changed), *self._auto_now_fields(locked)])
            self._event(locked, actor=actor, source=source, target=transition.target, reason=reason)
            if transition.changes_public_data:
                publication_changed(*areas_of(self.model))
            if transition.notify is not None:
                transaction.on_commit(lambda: transition.notify(locked, actor))
        for name_ in changed:
            setattr(obj, name_, getattr(locked, name_))
        return locked

    def create(self, *, obj: models.Model, name: str, actor, reason: str = "") -> models.Model:
        """Save ``obj``, a new object, in the target state of creation transition ``name`` (whose
        only source is ''), after the transition's effect, and record its first event."""
        transition = self.transition(name)
        if transition.sources != frozenset({""}):
            raise ValueError(f"{name!r} is not a creation transition (its only source must be '')")
        reason = (reason or "").strip()
        if transition.requires_reason and not reason:
            raise TransitionRefused(
                _("“%(action)s”必须填写理由。") % {"action": transition.label}, code="reason_required"
            )
        if not transition.allowed(actor, obj):
            raise TransitionRefused(_("您无权执行“%(action)s”。") % {"action": transition.label}, code="forbidden")
        with transaction.atomic():
            setattr(obj, self.status_field, transition.target)
            if transition.effect is not None:
                transition.effect(obj)
            obj.save()
            self.record_created(obj=obj, actor=actor, reason=reason)
            if transition.changes_public_data:
                publication_changed(*areas_of(self.model))
            if transition.notify is not None:
                transaction.on_commit(lambda: transition.notify(obj, actor))
        return obj

    def record_created(self, *, obj: models.Model, actor, reason: str = "") -> None:
        """The first event of an object created in its initial state ('' → its status)."""
        self._event(obj, actor=actor, source="", target=getattr(obj, self.status_field), reason=reason)

    def record_bulk(self, *, name: str, changes: Iterable[tuple[Any, str]], actor, reason: str = "") -> int:
        """Record transition ``name`` for objects a set-based writer has already written in its
        target state; ``changes`` are (primary key, source status) pairs, '' for an object the
        writer created. Call it in the writer's transaction: a refusal (a source state the
        transition does not allow, an actor who may not take it in bulk) rolls everything back.
        Returns the number of events written."""
        transition = self.transition(name)
        if transition.bulk_allowed is None or not transition.bulk_allowed(actor):
            raise TransitionRefused(_("您无权执行“%(action)s”。") % {"action": transition.label}, code="forbidden")
        changes = list(changes)
        sources = transition.sources | {""}
        wrong = sorted({source for _pk, source in changes if source not in sources})
        if wrong:
            raise TransitionRefused(
                _("当前状态为“%(state)s”，不能执行“%(action)s”。")
                % {"state": _status_label(self.model, wrong[0], self.status_field), "action": transition.label},
                code="wrong_state",
            )
        if not changes:
            return 0
        count = self._insert_events(changes, actor=actor, target=transition.target, reason=reason)
        if transition.bulk_effect is not None:
            transition.bulk_effect([pk for pk, _source in changes])
        if transition.changes_public_data:
            publication_changed(*areas_of(self.model))
        return count

    def _insert_events(self, changes: list[tuple[Any, str]], *, actor, target: str, reason: str) -> int:
        """One event row per (primary key, source status), by one statement."""
        now = timezone.now()
        actor_id = actor.pk if getattr(actor, "pk", None) else None
        actor_name = getattr(actor, "username", "") or ""
        fields = [f"{self.event_field}_id", "actor_id", "actor_name", "from_status", "to_status", "reason",
                  "created_at"]
        if connection.vendor != "postgresql":
            return insert_rows(self.event_model, fields,
                               ((pk, actor_id, actor_name, source, target, reason, now) for pk, source in changes))
        # PostgreSQL: the keys and sources as two arrays, the rest constants: no row is formatted
        # in Python (an import's 100,000 events cost 1.6 s that way).
        meta = self.event_model._meta
        quote = connection.ops.quote_name
        columns = ", ".join(quote(meta.get_field(name.removesuffix("_id")).column) for name in fields)
        key_type = self.model._meta.pk.rel_db_type(connection)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({columns}) SELECT key, %s, %s, source, %s, %s, %s "
                f"FROM unnest(%s::{key_type}[], %s::text[]) AS changes(key, source)",
                [actor_id, actor_name, target, reason, now, [pk for pk, _source in changes],
                 [source for _pk, source in changes]],
            )
            return cursor.rowcount

    def _event(self, obj: models.Model, *, actor, source: str, target: str, reason: str) -> None:
        self.event_model.objects.create(
            **{self.event_field: obj},
            actor=actor if getattr(actor, "pk", None) else None,
            actor_name=getattr(actor, "username", "") or "",
            from_status=source,
            to_status=target,
            reason=reason,
        )

    @staticmethod
    def _auto_now_fields(obj: models.Model) -> list[str]:
        return [f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]


def _status_label(model: type[models.Model], value: str, status_field: str) -> str:
    choices = dict(model._meta.get_field(status_field).flatchoices)
    return str(choices.get(value, value or "—"))
