"""Keyset pagination on a compound sort key, for the public pages, the portal lists and the API.

A page is "the rows after (or before) this row" in the sort order: no OFFSET and no COUNT, so page
1,000 costs what page 1 costs. DRF's CursorPagination keys on the first ordering field only and
falls back to OFFSET among equal values (many results published the same second, activities held
the same day); here the whole key (…, primary key) is compared, so ties cost nothing either.

NULL sorts as the largest value (last in ascending order, first in descending order, as PostgreSQL
does by default, so its indexes still serve the order). On a nullable first field the rows after a
value are read as two ranges in turn (the values, then the NULLs), never as one ``… OR IS NULL``
condition that the planner could not answer with an ordered index scan; the second query runs only
when the first range ends within the page.

The cursor is the key of the boundary row, readable and unsigned: a forged one can only select
rows the queryset already allows, and a malformed one raises ``InvalidCursor`` (the views answer 404).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import DateTimeField, F, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise

MAX_CURSOR_LENGTH = 2000
_INT_LIMIT = 2**63 - 1
# Ordering by a relation follows the related model's own ordering, which may name a relation again.
_MAX_RELATION_DEPTH = 5


class InvalidCursor(ValueError):
    """The cursor is not one this paginator wrote (or no longer fits the sort)."""


class InvalidSort(ValueError):
    """An ordering that cannot be a keyset: no such field, a relation, an expression, random order."""


@dataclass(frozen=True)
class Sort:
    """One choice of order for a list: ``fields`` end with a unique one (the primary key);
    ``annotations`` give non-null stand-ins for nullable fields (e.g. Coalesce of a date)."""

    label: str | Promise
    fields: tuple[str, ...]
    annotations: dict = field(default_factory=dict)

    def apply(self, queryset: QuerySet) -> QuerySet:
        return queryset.annotate(**self.annotations) if self.annotations else queryset


@dataclass
class KeysetPage:
    rows: list
    next_cursor: str | None
    previous_cursor: str | None


@dataclass(frozen=True)
class _Key:
    name: str
    descending: bool
    nullable: bool
    output_field: object

    def flipped(self) -> _Key:
        return _Key(self.name, not self.descending, self.nullable, self.output_field)

    def order(self):
        if not self.nullable:
            return f"-{self.name}" if self.descending else self.name
        # Spelled out so that every database puts NULL where the cursor conditions expect it.
        return F(self.name).desc(nulls_first=True) if self.descending else F(self.name).asc(nulls_last=True)


def _name(ordering: str) -> str:
    return ordering.lstrip("-")


def _resolve(queryset: QuerySet, name: str):
    """The field (or annotation) ``name`` ends at, and whether a row can have NULL there.

    An annotation is taken to be non-null (``Sort.annotations`` are the non-null stand-ins);
    a model field is nullable if it is, or if a relation on the way to it may be missing."""
    if name in queryset.query.annotations:
        return queryset.query.annotations[name].output_field, False
    model, nullable, parts = queryset.model, False, name.split("__")
    try:
        for part in parts[:-1]:
            relation = model._meta.get_field(part)
            if not relation.is_relation:
                raise InvalidSort(name)
            nullable = nullable or relation.null or not relation.concrete
            model = relation.related_model
        if parts[-1] == "pk":
            return model._meta.pk, nullable
        final = model._meta.get_field(parts[-1])
    except (FieldDoesNotExist, AttributeError) as error:  # AttributeError: a generic relation has no model
        raise InvalidSort(name) from error
    if final.is_relation and parts[-1] != getattr(final, "attname", None):
        raise InvalidSort(name)  # a key is a value: name the related field (``plan__code``, ``plan_id``)
    return final, nullable or final.null


def _keys(queryset: QuerySet, fields: tuple[str, ...]) -> tuple[_Key, ...]:
    if not fields:
        raise InvalidSort("no fields")
    keys = []
    for ordering in fields:
        output_field, nullable = _resolve(queryset, _name(ordering))
        keys.append(_Key(_name(ordering), ordering.startswith("-"), nullable, output_field))
    return tuple(keys)


def _value(row, name: str):
    value = row
    for part in name.split("__"):
        if value is None:  # a missing related row
            return None
        value = getattr(value, part)
    return value


def _encode(values: list, reverse: bool) -> str:
    def plain(value):
        if isinstance(value, dt.date | dt.datetime):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        return value

    payload = json.dumps({"k": [plain(v) for v in values], "r": int(reverse)}, ensure_ascii=False,
                         separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def _decode(keys: tuple[_Key, ...], cursor: str) -> tuple[list, bool]:
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise InvalidCursor("too long")
    try:
        payload = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
        raw_values, reverse = payload["k"], payload["r"]
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError, KeyError) as error:
        raise InvalidCursor("unreadable") from error
    if not isinstance(raw_values, list) or len(raw_values) != len(keys) or reverse not in (0, 1):
        raise InvalidCursor("shape")
    values = []
    for key, raw in zip(keys, raw_values, strict=True):
        if raw is None and key.nullable:
            values.append(None)
            continue
        if raw is None or isinstance(raw, bool | list | dict):
            raise InvalidCursor("type")
        if isinstance(raw, int) and abs(raw) > _INT_LIMIT:
            raise InvalidCursor("range")
        if isinstance(raw, str):
            try:
                raw.encode("utf-8")  # a lone surrogate would only fail in the database driver
            except UnicodeEncodeError as error:
                raise InvalidCursor("text") from error
            if "\x00" in raw:
                raise InvalidCursor("nul")
        if isinstance(key.output_field, DateTimeField):
            # This paginator writes aware ISO times only; anything else would be guessed at.
            try:
                value = parse_datetime(raw) if isinstance(raw, str) else None
            except ValueError as error:
                raise InvalidCursor("time") from error
            if value is None or timezone.is_naive(value):
                raise InvalidCursor("time")
            try:
                value.astimezone(dt.UTC)  # the database compares in UTC: 9999-12-31T23:00-12:00 is no time
            except OverflowError as error:
                raise InvalidCursor("time") from error
            values.append(value)
            continue
        try:
            values.append(key.output_field.to_python(raw))
        except (ValidationError, ValueError, TypeError, OverflowError) as error:
            raise InvalidCursor("value") from error
    return values, bool(reverse)


def _equal(key: _Key, value) -> Q:
    return Q(**{f"{key.name}__isnull": True}) if value is None else Q(**{key.name: value})


def _beyond(key: _Key, value) -> Q | None:
    """Rows strictly after ``value`` on this key alone (None: there are none); NULL is the largest."""
    if key.descending:
        return Q(**{f"{key.name}__isnull": False}) if value is None else Q(**{f"{key.name}__lt": value})
    if value is None:
        return None
    greater = Q(**{f"{key.name}__gt": value})
    return greater | Q(**{f"{key.name}__isnull": True}) if key.nullable else greater


def _after(keys: tuple[_Key, ...], values: list) -> Q | None:
    """Rows strictly after the key ``values`` in the order ``keys`` (None: there are none)."""
    condition, ties = None, Q()
    for key, value in zip(keys, values, strict=True):
        beyond = _beyond(key, value)
        if beyond is not None:
            condition = ties & beyond if condition is None else condition | (ties & beyond)
        ties &= _equal(key, value)
    return condition


def _ranges(keys: tuple[_Key, ...], values: list) -> list[Q]:
    """The rows after the key ``values``, as conditions to read in turn, each a range of the first
    field (with a redundant bound on it, so that the database uses its index)."""
    first, value = keys[0], values[0]
    rest = _after(keys[1:], values[1:])
    ties = _equal(first, value) & rest if rest is not None else None
    if value is None:  # among the rows with NULL first: the NULLs after it, then (descending) the values
        ranges = [ties] if ties is not None else []
        return [*ranges, Q(**{f"{first.name}__isnull": False})] if first.descending else ranges
    operator, bound = ("lt", "lte") if first.descending else ("gt", "gte")
    beyond = Q(**{f"{first.name}__{operator}": value})
    ranges = [Q(**{f"{first.name}__{bound}": value}) & (beyond | ties) if ties is not None else beyond]
    if first.nullable and not first.descending:
        ranges.append(Q(**{f"{first.name}__isnull": True}))
    return ranges


def _read(queryset: QuerySet, ranges: list[Q], keys: tuple[_Key, ...], limit: int) -> list:
    rows: list = []
    order = [key.order() for key in keys]
    for condition in ranges:
        if len(rows) >= limit:
            break
        rows += list(queryset.filter(condition).order_by(*order)[: limit - len(rows)])
    return rows


def paginate(queryset: QuerySet, fields: tuple[str, ...], cursor: str | None, page_size: int) -> KeysetPage:
    """One page of ``queryset`` in the order ``fields``, after/before the row ``cursor`` points at.

    ``fields`` must end with a unique one (the primary key); raises ``InvalidSort`` if a field
    is not one the keyset can compare, ``InvalidCursor`` if the cursor is not one it wrote."""
    fields = tuple(fields)
    keys = _keys(queryset, fields)
    if not cursor:
        rows = list(queryset.order_by(*(key.order() for key in keys))[: page_size + 1])
        has_more = len(rows) > page_size
        rows = rows[:page_size]
        return KeysetPage(rows, _encode_row(rows[-1], keys, False) if has_more else None, None)
    values, backwards = _decode(keys, cursor)
    order = tuple(key.flipped() for key in keys) if backwards else keys
    try:
        rows = _read(queryset, _ranges(order, values), order, page_size + 1)
    except (ValidationError, ValueError, TypeError, OverflowError) as error:
        raise InvalidCursor("filter") from error
    has_more = len(rows) > page_size
    rows = rows[:page_size]
    if backwards:
        rows.reverse()
        next_cursor = _encode_row(rows[-1], keys, False) if rows else None
        previous_cursor = _encode_row(rows[0], keys, True) if has_more else None
    else:
        next_cursor = _encode_row(rows[-1], keys, False) if has_more else None
        previous_cursor = _encode_row(rows[0], keys, True) if rows else None
    return KeysetPage(rows, next_cursor, previous_cursor)


def _encode_row(row, keys: tuple[_Key, ...], reverse: bool) -> str:
    return _encode([_value(row, key.name) for key in keys], reverse)


# --- the order a queryset already has, as keyset fields ------------------------------------------

def queryset_sort(queryset: QuerySet) -> tuple[str, ...]:
    """The queryset's own order as keyset fields: its ``order_by()``, or else its model's
    ``Meta.ordering``; a relation spelled out as the database orders by it (the related model's
    ordering, or its key); cut after the primary key, or ended with it in the direction of the
    first field, so that the whole key is unique. Raises ``InvalidSort``."""
    query, model = queryset.query, queryset.model
    if query.order_by:
        ordering = query.order_by
    elif query.default_ordering and model._meta.ordering:
        ordering = model._meta.ordering
    else:
        ordering = ()
    fields: list[str] = []
    for item in ordering:
        fields += _spelled_out(queryset, _as_text(item), "", False, 0)
    pk_names = {"pk", model._meta.pk.name}
    for position, ordering_field in enumerate(fields):
        if _name(ordering_field) in pk_names:
            return tuple(fields[: position + 1])
    return (*fields, "-pk" if fields and fields[0].startswith("-") else "pk")


def _as_text(item) -> str:
    if isinstance(item, str):
        ordering = item
    elif isinstance(item, F):
        ordering = item.name
    elif (isinstance(item, OrderBy) and isinstance(item.expression, F)
          and not item.nulls_first and not item.nulls_last):
        ordering = f"-{item.expression.name}" if item.descending else item.expression.name
    else:
        raise InvalidSort(repr(item))
    if not _name(ordering) or ordering == "?" or "." in ordering:  # random, or extra()'s "table.column"
        raise InvalidSort(ordering)
    return ordering


def _spelled_out(queryset: QuerySet, ordering: str, prefix: str, descending: bool, depth: int) -> list[str]:
    descending = ordering.startswith("-") != descending
    name = prefix + _name(ordering)
    sign = "-" if descending else ""
    if name in queryset.query.annotations:
        return [f"{sign}{name}"]
    model, parts = queryset.model, name.split("__")
    try:
        for part in parts[:-1]:
            model = model._meta.get_field(part).related_model
            if model is None:
                raise InvalidSort(name)
        last = None if parts[-1] == "pk" else model._meta.get_field(parts[-1])
    except FieldDoesNotExist as error:
        raise InvalidSort(name) from error
    if last is None or not last.is_relation or parts[-1] == getattr(last, "attname", None):
        return [f"{sign}{name}"]
    related = last.related_model
    if not related._meta.ordering:
        return [f"{sign}{name}__pk"]
    if depth >= _MAX_RELATION_DEPTH:
        raise InvalidSort(name)
    fields = []
    for item in related._meta.ordering:
        fields += _spelled_out(queryset, _as_text(item), f"{name}__", descending, depth + 1)
    return fields
