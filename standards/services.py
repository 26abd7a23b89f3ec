"""Every write and state transition of the standards library.

Comparisons and translations are reviewed objects: a new one is created in its initial state
(a draft comparison, a planned translation) with its first event, and only COMPARISON_WORKFLOW
and TRANSLATION_WORKFLOW change its status afterwards — publishing (the public pages and the API
show it at once), withdrawing, starting a translation. Other edits of the library go through
``core.services`` (audited); a standard's code keeps its derived parts. The standards import
writes through ``standards_write_imported``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.rules import is_campaign_office
from core.imports.kinds import WriteCounts
from core.imports.staging import changed_fields
from core.public_cache import Area, publication_changed
from core.services import model_create, model_update
from core.workflow import Transition, TransitionRefused, Workflow

from .codes import StandardCodeError, parse_standard_code
from .models import (
    Comparison,
    ComparisonEvent,
    ComparisonStatus,
    Requirement,
    Standard,
    StandardEvent,
    StandardStatus,
    Translation,
    TranslationEvent,
    TranslationStatus,
)
from .signals import lifecycle_changed

__all__ = [
    "COMPARISON_WORKFLOW",
    "TRANSLATION_WORKFLOW",
    "StandardRecord",
    "TransitionRefused",
    "comparison_create",
    "comparison_publish",
    "comparison_withdraw",
    "standard_update",
    "standards_apply_due_dates",
    "standards_write_imported",
    "translation_cancel",
    "translation_create",
    "translation_publish",
    "translation_start",
]


def _dated_today(obj: Comparison | Translation) -> list[str]:
    """Publication dates the day it is first published; published again, it keeps that date."""
    if obj.published_on is not None:
        return []
    obj.published_on = timezone.localdate()
    return ["published_on"]


def _by_campaign_office(user: User | None, obj: models.Model) -> bool:
    return bool(is_campaign_office(user))


def _check_initial(instance: models.Model, *, initial: str, message: str) -> None:
    # Publication is a decision with its own event, never a value given at creation.
    if instance.status != initial or instance.published_on is not None:
        raise ValidationError(message, code="not_initial")


# --- comparisons and equivalence assessments ------------------------------------------------------

COMPARISON_WORKFLOW = Workflow(model=Comparison, event_model=ComparisonEvent, event_field="comparison")
COMPARISON_WORKFLOW.add(Transition(
    name="publish", label=gettext_lazy("公开"), changes_public_data=True,
    sources=frozenset({ComparisonStatus.DRAFT, ComparisonStatus.WITHDRAWN}), target=ComparisonStatus.PUBLISHED,
    allowed=_by_campaign_office, effect=_dated_today,
))
COMPARISON_WORKFLOW.add(Transition(
    name="withdraw", label=gettext_lazy("撤回"), changes_public_data=True, requires_reason=True,
    # A draft never published is withdrawn too: it is not deleted, its history stays.
    sources=frozenset({ComparisonStatus.DRAFT, ComparisonStatus.PUBLISHED}), target=ComparisonStatus.WITHDRAWN,
    allowed=_by_campaign_office,
))


@transaction.atomic
def comparison_create(
    *, actor: User | None, instance: Comparison, many_to_many: Mapping[str, Iterable] | None = None
) -> Comparison:
    """A new comparison, as a draft: audited, with its first event. Nothing public changes."""
    _check_initial(instance, initial=ComparisonStatus.DRAFT,
                   message=_("新建的标准比对须为草稿，经“公开”操作后才公开。"))
    model_create(actor=actor, instance=instance, many_to_many=many_to_many, public=False)
    COMPARISON_WORKFLOW.record_created(obj=instance, actor=actor)
    return instance


def comparison_publish(*, actor: User, comparison: Comparison) -> Comparison:
    return COMPARISON_WORKFLOW.apply(obj=comparison, name="publish", actor=actor)


def comparison_withdraw(*, actor: User, comparison: Comparison, reason: str) -> Comparison:
    return COMPARISON_WORKFLOW.apply(obj=comparison, name="withdraw", actor=actor, reason=reason)


# --- foreign-language versions ----------------------------------------------------------------------

TRANSLATION_WORKFLOW = Workflow(model=Translation, event_model=TranslationEvent, event_field="translation")
TRANSLATION_WORKFLOW.add(Transition(
    name="start", label=gettext_lazy("开始翻译"),
    sources=frozenset({TranslationStatus.PLANNED}), target=TranslationStatus.IN_PROGRESS,
    allowed=_by_campaign_office,
))
TRANSLATION_WORKFLOW.add(Transition(
    name="publish", label=gettext_lazy("发布"), changes_public_data=True,
    sources=frozenset({TranslationStatus.PLANNED, TranslationStatus.IN_PROGRESS}), target=TranslationStatus.PUBLISHED,
    allowed=_by_campaign_office, effect=_dated_today,
))
TRANSLATION_WORKFLOW.add(Transition(
    # A plan dropped (or entered by mistake) is cancelled, not deleted: its history stays.
    name="cancel", label=gettext_lazy("撤销"), requires_reason=True,
    sources=frozenset({TranslationStatus.PLANNED, TranslationStatus.IN_PROGRESS}), target=TranslationStatus.CANCELLED,
    allowed=_by_campaign_office,
))


@transaction.atomic
def translation_create(
    *, actor: User | None, instance: Translation, many_to_many: Mapping[str, Iterable] | None = None
) -> Translation:
    """A new foreign-language version, planned: audited, with its first event. Nothing public changes."""
    _check_initial(instance, initial=TranslationStatus.PLANNED,
                   message=_("新建的外文版须为“已立项”，经“发布”操作后才公开。"))
    model_create(actor=actor, instance=instance, many_to_many=many_to_many, public=False)
    TRANSLATION_WORKFLOW.record_created(obj=instance, actor=actor)
    return instance


def translation_start(*, actor: User, translation: Translation) -> Translation:
    return TRANSLATION_WORKFLOW.apply(obj=translation, name="start", actor=actor)


def translation_publish(*, actor: User, translation: Translation) -> Translation:
    return TRANSLATION_WORKFLOW.apply(obj=translation, name="publish", actor=actor)


def translation_cancel(*, actor: User, translation: Translation, reason: str) -> Translation:
    return TRANSLATION_WORKFLOW.apply(obj=translation, name="cancel", actor=actor, reason=reason)


# --- standards ----------------------------------------------------------------------------------------

def _normalised_code(text: str) -> str:
    try:
        return parse_standard_code(text).code
    except StandardCodeError as error:
        raise ValidationError({"code": str(error)}) from None


# What a standard's life depends on: a change of any of them may flag the results compared with it.
LIFECYCLE_FIELDS = frozenset({"status", "replaced_by", "withdrawn_on", "effective_on"})


@transaction.atomic
def standard_update(*, actor: User | None, instance: Standard, data: Mapping[str, Any]) -> tuple[Standard, list[str]]:
    """An edit of a standard (new ones need nothing more than ``model_create``: ``Standard.clean``
    normalises the code); a code typed in another spelling of the same code changes nothing.
    A change of status is recorded as the standard's event; a change of its life (status,
    replacement, dates) is announced to the apps that flag what was compared with it."""
    data = dict(data)
    if "code" in data:
        data["code"] = _normalised_code(data["code"])
    before = instance.status
    instance, changed = model_update(actor=actor, instance=instance, data=data)
    if "status" in changed:
        StandardEvent.objects.create(standard=instance, actor=actor, actor_name=_actor_name(actor),
                                     from_status=before, to_status=instance.status)
    if LIFECYCLE_FIELDS.intersection(changed):
        lifecycle_changed_on_commit([instance.pk])
    return instance, changed


def _actor_name(actor: User | None) -> str:
    return getattr(actor, "username", "") or ""


def lifecycle_changed_on_commit(standard_ids: Sequence[int]) -> None:
    """The library's pages and every result page that names these standards show their new life,
    and the results app is told once the change is committed."""
    ids = sorted(set(standard_ids))
    if not ids:
        return
    publication_changed(Area.STANDARDS, Area.RESULTS, Area.PLANS)
    transaction.on_commit(lambda: lifecycle_changed.send(sender=Standard, standard_ids=ids))


@transaction.atomic
def standards_apply_due_dates(*, today: dt.date) -> list[int]:
    """Standards whose replacement came into force, or whose withdrawal date arrived, on or
    before ``today`` are no longer in force: set-based, one event row each. Returns their ids."""
    due_replaced = list(Standard.objects.select_for_update().filter(
        status=StandardStatus.IN_FORCE, replaced_by__effective_on__lte=today,
    ).values_list("pk", "replaced_by__effective_on"))
    due_withdrawn = list(Standard.objects.select_for_update().filter(
        status=StandardStatus.IN_FORCE, replaced_by__isnull=True, withdrawn_on__lte=today,
    ).values_list("pk", flat=True))
    # A replaced standard is abolished on the day its replacement comes into force.
    Standard.objects.filter(pk__in=[pk for pk, _date in due_replaced]).update(
        status=StandardStatus.REPLACED,
        withdrawn_on=Subquery(Standard.objects.filter(pk=OuterRef("replaced_by_id")).values("effective_on")[:1]),
    )
    Standard.objects.filter(pk__in=due_withdrawn).update(status=StandardStatus.WITHDRAWN)
    StandardEvent.objects.bulk_create(
        [StandardEvent(standard_id=pk, from_status=StandardStatus.IN_FORCE, to_status=StandardStatus.REPLACED,
                       reason=_("代替标准 %(date)s 实施") % {"date": effective_on.isoformat()})
         for pk, effective_on in due_replaced]
        + [StandardEvent(standard_id=pk, from_status=StandardStatus.IN_FORCE, to_status=StandardStatus.WITHDRAWN,
                         reason=_("废止日期已到")) for pk in due_withdrawn]
    )
    changed = [pk for pk, _date in due_replaced] + due_withdrawn
    lifecycle_changed_on_commit(changed)
    return changed


# --- the standards import -----------------------------------------------------------------------------

@dataclass(frozen=True)
class StandardRecord:
    """One good row of a standards import: its standard and, unless it lists the standard alone,
    one requirement of it."""

    line: int
    code: str
    prefix: str
    number: str
    year: int | None
    standard: dict[str, Any]  # the kind's STANDARD_FIELDS; None = keep what is stored (or the default)
    requirement: dict[str, Any] | None  # indicator_id, grade, condition, minimum, maximum, unit, source


_NULLABLE = ("published_on", "effective_on", "withdrawn_on", "replaced_by")
_CHUNK = 500


@transaction.atomic
def standards_write_imported(*, records: Sequence[StandardRecord], progress: Callable[[int], None]) -> WriteCounts:
    """A standards import's good rows, in the job's transaction: standards first (created, or given
    the values the file states; empty cells keep what is stored), then their requirements by
    natural key (standard, indicator, grade, test condition). Adds and updates; deletes nothing."""
    by_code: dict[str, list[StandardRecord]] = {}
    for record in records:
        by_code.setdefault(record.code, []).append(record)
    standards, touched, lifecycle = _write_standards(by_code)
    lifecycle_changed_on_commit(lifecycle)
    counts = WriteCounts()
    codes = list(by_code)
    for start in range(0, len(codes), _CHUNK):
        chunk = {code: by_code[code] for code in codes[start:start + _CHUNK]}
        counts = counts.add(_write_requirements(chunk, standards, touched))
        progress(sum(len(rows) for rows in chunk.values()))
    return counts


def _write_standards(by_code: dict[str, list[StandardRecord]]
                     ) -> tuple[dict[str, Standard], dict[str, str], list[int]]:
    """Create and update the standards; (standards by code, code → "created"/"updated", the ids
    of standards whose life changed: a new status, replacement or date)."""
    stored = {s.code: s for s in Standard.objects.select_for_update().filter(code__in=by_code)}
    touched: dict[str, str] = {}
    lifecycle: list[int] = []
    events: list[StandardEvent] = []
    new = []
    references: dict[str, str] = {}
    for code, rows in by_code.items():
        values = dict(rows[0].standard)
        for record in rows[1:]:
            for name, value in record.standard.items():
                if values.get(name) in (None, "") and value not in (None, ""):
                    values[name] = value
        if values.pop("replaced_by"):
            references[code] = next(r.standard["replaced_by"] for r in rows if r.standard["replaced_by"])
        standard = stored.get(code)
        if standard is None:
            first = rows[0]
            new.append(Standard(code=code, prefix=first.prefix, number=first.number, year=first.year,
                                **{name: "" if value is None and name not in _NULLABLE else value
                                   for name, value in values.items()}))
            touched[code] = "created"
            continue
        before = standard.status
        names = changed_fields(standard, {name: value for name, value in values.items() if value not in (None, "")})
        if names:
            standard.save(update_fields=names)
            touched[code] = "updated"
            if "status" in names:
                events.append(StandardEvent(standard=standard, from_status=before, to_status=standard.status,
                                            reason=_("标准导入")))
            if LIFECYCLE_FIELDS.intersection(names):
                lifecycle.append(standard.pk)
    Standard.objects.bulk_create(new)
    everything = {s.code: s for s in Standard.objects.filter(code__in=set(by_code) | set(references.values()))}
    for code, target in references.items():
        standard = everything[code]
        if standard.replaced_by_id != everything[target].pk:
            standard.replaced_by_id = everything[target].pk
            standard.save(update_fields=["replaced_by"])
            touched.setdefault(code, "updated")
            lifecycle.append(standard.pk)
    StandardEvent.objects.bulk_create(events)
    # A new standard that arrives already replaced or withdrawn flags what compares with it too.
    lifecycle += [everything[code].pk for code, outcome in touched.items()
                  if outcome == "created" and everything[code].status != StandardStatus.IN_FORCE]
    return everything, touched, lifecycle


def _write_requirements(chunk: dict[str, list[StandardRecord]], standards: dict[str, Standard],
                        touched: dict[str, str]) -> WriteCounts:
    ids = [standards[code].pk for code in chunk]
    existing = {(r.standard_id, r.indicator_id, r.grade, r.condition): r
                for r in Requirement.objects.select_for_update().filter(standard_id__in=ids)}
    counts = WriteCounts()
    new = []
    for code, rows in chunk.items():
        standard = standards[code]
        for record in rows:
            requirement = record.requirement
            if requirement is None:
                outcome = touched.get(code)
            else:
                key = (standard.pk, requirement["indicator_id"], requirement["grade"], requirement["condition"])
                stored = existing.get(key)
                if stored is None:
                    new.append(Requirement(standard=standard, **{**requirement, "source": requirement["source"] or ""}))
                    outcome = "created"
                else:
                    values = {name: requirement[name] for name in ("minimum", "maximum", "unit")}
                    if requirement["source"]:
                        values["source"] = requirement["source"]
                    names = changed_fields(stored, values)
                    if names:
                        stored.save(update_fields=names)
                    outcome = "updated" if names or touched.get(code) else None
            if outcome == "created":
                counts.created += 1
            elif outcome == "updated":
                counts.updated += 1
            else:
                counts.unchanged += 1
    Requirement.objects.bulk_create(new)
    return counts
