"""Writes of the platform itself: the one path of edits (with their audit rows), heartbeats, and
the files held for a form that came back with errors.

``model_create``, ``model_update`` and ``model_delete`` are what every edit outside a review
workflow comes down to — an admin form, an app's ``<entity>_update`` service: the row is
validated and written in a transaction, an ``AuditEvent`` records who changed which fields from
what to what, and the public data is marked changed when the row is shown to the public. An
app's own service wraps them with what the entity needs besides (derived fields, other rows).
Modelled on HackSoft's Styleguide-Example ``common/services.py: model_update``.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone

from .models import AuditAction, AuditEvent, Heartbeat, HeldUpload
from .models.held_uploads import KEPT_FOR
from .public_cache import areas_of, publication_changed
from .queue import enqueue_on_commit

__all__ = [
    "audit",
    "heartbeat_enqueue",
    "heartbeat_record",
    "held_upload_keep",
    "held_uploads_release",
    "held_uploads_sweep",
    "model_create",
    "model_delete",
    "model_update",
]

REPR_LIMIT = 200
VALUE_LIMIT = 500
# Never copied into the audit trail: the row only says that it changed.
SECRET_FIELDS = frozenset({"password"})


def _text(value: Any) -> str | None:
    """A field's value as the audit row keeps it: short text (a foreign key by its key)."""
    if value is None:
        return None
    if isinstance(value, models.Model):
        value = value.pk
    elif isinstance(value, File):  # a stored file by its name (a file is iterable: its lines)
        value = value.name
    elif isinstance(value, list | tuple | set | frozenset | models.QuerySet):
        value = sorted(str(item.pk if isinstance(item, models.Model) else item) for item in value)
        return ", ".join(value)[:VALUE_LIMIT]
    return str(value)[:VALUE_LIMIT]


def _stored(instance: models.Model, name: str) -> Any:
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return list(getattr(instance, name).all()) if instance.pk else []
    return getattr(instance, field.attname)


def _value_for_comparison(field: models.Field, value: Any) -> Any:
    if field.many_to_many:
        return sorted(str(item.pk if isinstance(item, models.Model) else item) for item in (value or ()))
    if field.is_relation and isinstance(value, models.Model):
        return value.pk
    return value


def audit(*, actor, instance: models.Model, action: str, changes: Mapping[str, tuple[Any, Any]]) -> AuditEvent:
    """The audit row of one edit (``model_*`` write it; call it for an edit they do not make)."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "") or "",
        action=action,
        target_type=instance._meta.label_lower,
        target_id=str(instance.pk),
        target_repr=str(instance)[:REPR_LIMIT],
        changes={
            name: ["***", "***"] if name in SECRET_FIELDS else [_text(before), _text(after)]
            for name, (before, after) in changes.items()
        },
    )


def _editable_fields(instance: models.Model) -> list[models.Field]:
    """The fields someone may set (a key like a region's code included, an automatic id not)."""
    return [f for f in instance._meta.get_fields()
            if (f.concrete or f.many_to_many) and not f.auto_created and f.editable]


@transaction.atomic
def model_create(*, actor, instance: models.Model, many_to_many: Mapping[str, Iterable] | None = None,
                 public: bool = True) -> models.Model:
    """Validate and save a new, unsaved ``instance`` (and its many-to-many values)."""
    instance.full_clean()
    instance.save()
    for name, values in (many_to_many or {}).items():
        getattr(instance, name).set(values)
    changes = {}
    for field in _editable_fields(instance):
        value = _stored(instance, field.name)
        if value not in (None, "", []):
            changes[field.name] = (None, value)
    audit(actor=actor, instance=instance, action=AuditAction.CREATED, changes=changes)
    if public:
        publication_changed(*areas_of(instance))
    return instance


@transaction.atomic
def model_update(*, actor, instance: models.Model, data: Mapping[str, Any], public: bool = True
                 ) -> tuple[models.Model, list[str]]:
    """Set ``data`` (field name → value; many-to-many fields take an iterable) on ``instance``,
    validate and save what changed; returns the instance and the names of the changed fields
    (none: nothing is written, no audit row)."""
    changes: dict[str, tuple[Any, Any]] = {}
    many_to_many: dict[str, Any] = {}
    for name, value in data.items():
        field = instance._meta.get_field(name)
        before = _stored(instance, name)
        if _value_for_comparison(field, before) == _value_for_comparison(field, value):
            continue
        changes[name] = (before, value)
        if field.many_to_many:
            many_to_many[name] = value
        else:
            setattr(instance, name, value)
    if not changes:
        return instance, []
    plain = [name for name in changes if name not in many_to_many]
    if plain:
        instance.full_clean()
        auto_now = [f.name for f in instance._meta.concrete_fields if getattr(f, "auto_now", False)]
        instance.save(update_fields=sorted({*plain, *auto_now}))
    for name, values in many_to_many.items():
        getattr(instance, name).set(values)
    audit(actor=actor, instance=instance, action=AuditAction.CHANGED, changes=changes)
    if public:
        publication_changed(*areas_of(instance))
    return instance, list(changes)


@transaction.atomic
def model_delete(*, actor, instance: models.Model, public: bool = True) -> None:
    changes = {f.name: (_stored(instance, f.name), None) for f in _editable_fields(instance)
               if _stored(instance, f.name) not in (None, "", [])}
    audit(actor=actor, instance=instance, action=AuditAction.DELETED, changes=changes)
    instance.delete()
    if public:
        publication_changed(*areas_of(instance))


# --- heartbeats --------------------------------------------------------------------------------------

def heartbeat_record(*, source: str, token: str) -> Heartbeat:
    """Idempotent: a redelivered task with the same token writes nothing twice."""
    heartbeat, _created = Heartbeat.objects.get_or_create(token=token, defaults={"source": source})
    return heartbeat


def heartbeat_enqueue(*, source: str) -> str:
    """Queue a heartbeat for a worker once the surrounding transaction commits."""
    token = uuid.uuid4().hex
    enqueue_on_commit("core.tasks.record_heartbeat", source=source, token=token)
    return token


# --- files held for a form that came back with errors ---------------------------------------------

def held_upload_keep(*, session_key: str, upload: UploadedFile) -> HeldUpload:
    """Keep a checked file the visitor sent with a form that has errors elsewhere, for this
    session only, under a random name."""
    upload.seek(0)
    held = HeldUpload(token=secrets.token_urlsafe(32), session_key=session_key, name=upload.name[:255])
    held.file.save(upload.name, upload, save=False)
    held.save()
    return held


def held_uploads_release(*, held: Iterable[HeldUpload]) -> None:
    """Held files that were used (or replaced): their rows and files are gone."""
    for upload in held:
        upload.file.delete(save=False)
        upload.delete()


def held_uploads_sweep(*, now: dt.datetime | None = None) -> int:
    """Held files older than they are kept for, removed (a form abandoned after its errors)."""
    expired = list(HeldUpload.objects.filter(created_at__lt=(now or timezone.now()) - KEPT_FOR))
    held_uploads_release(held=expired)
    return len(expired)
