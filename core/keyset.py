"""Keyset pagination for the public pages, on a compound sort key.

A page is "the rows after (or before) this row" in the sort order: no OFFSET and no COUNT, so page
1,000 costs what page 1 costs. DRF's CursorPagination keys on the first ordering field only and
falls back to OFFSET among equal values (many results published the same second, activities held
the same day); here the whole key (…, primary key) is compared, so ties cost nothing either.

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
from django.db.models import DateTimeField, Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise

MAX_CURSOR_LENGTH = 2000
_INT_LIMIT = 2**63 - 1


class InvalidCursor(ValueError):
    """The cursor is not one this paginator wrote (or no longer fits the sort)."""


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


def _name(ordering: str) -> str:
    return ordering.lstrip("-")


def _output_field(queryset: QuerySet, name: str):
    if name in queryset.query.annotations:
        return queryset.query.annotations[name].output_field
    model, parts = queryset.model, name.split("__")
    try:
        for part in parts[:-1]:
            model = model._meta.get_field(part).related_model
        return model._meta.pk if parts[-1] == "pk" else model._meta.get_field(parts[-1])
    except (FieldDoesNotExist, AttributeError) as error:
        raise InvalidCursor(name) from error


def _value(row, name: str):
    value = row
    for part in name.split("__"):
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


def _decode(queryset: QuerySet, fields: tuple[str, ...], cursor: str) -> tuple[list, bool]:
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise InvalidCursor("too long")
    try:
        payload = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
        raw_values, reverse = payload["k"], payload["r"]
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError, KeyError) as error:
        raise InvalidCursor("unreadable") from error
    if not isinstance(raw_values, list) or len(raw_values) != len(fields) or reverse not in (0, 1):
        raise InvalidCursor("shape")
    values = []
    for ordering, raw in zip(fields, raw_values, strict=True):
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
        output_field = _output_field(queryset, _name(ordering))
        if isinstance(output_field, DateTimeField):
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
            values.append(output_field.to_python(raw))
        except (ValidationError, ValueError, TypeError, OverflowError) as error:
            raise InvalidCursor("value") from error
    return values, bool(reverse)


def _after(fields: tuple[str, ...], values: list, backwards: bool) -> Q:
    """Rows strictly after the key ``values`` in the order ``fields`` (before it if ``backwards``)."""
    condition = Q()
    equal = Q()
    for ordering, value in zip(fields, values, strict=True):
        descending = ordering.startswith("-") != backwards
        name = _name(ordering)
        condition |= equal & Q(**{f"{name}__{'lt' if descending else 'gt'}": value})
        equal &= Q(**{name: value})
    # The redundant bound on the first field lets the database use its index on it.
    first = _name(fields[0])
    first_descending = fields[0].startswith("-") != backwards
    return Q(**{f"{first}__{'lte' if first_descending else 'gte'}": values[0]}) & condition


def _flip(ordering: str) -> str:
    return ordering[1:] if ordering.startswith("-") else f"-{ordering}"


def paginate(queryset: QuerySet, fields: tuple[str, ...], cursor: str | None, page_size: int) -> KeysetPage:
    """One page of ``queryset`` in the order ``fields``, after/before the row ``cursor`` points at."""
    fields = tuple(fields)
    if not cursor:
        rows = list(queryset.order_by(*fields)[: page_size + 1])
        has_more = len(rows) > page_size
        rows = rows[:page_size]
        return KeysetPage(rows, _encode_row(rows[-1], fields, False) if has_more else None, None)
    values, backwards = _decode(queryset, fields, cursor)
    try:
        window = queryset.filter(_after(fields, values, backwards))
    except (ValidationError, ValueError, TypeError, OverflowError) as error:
        raise InvalidCursor("filter") from error
    order = tuple(_flip(f) for f in fields) if backwards else fields
    rows = list(window.order_by(*order)[: page_size + 1])
    has_more = len(rows) > page_size
    rows = rows[:page_size]
    if backwards:
        rows.reverse()
        next_cursor = _encode_row(rows[-1], fields, False) if rows else None
        previous_cursor = _encode_row(rows[0], fields, True) if has_more else None
    else:
        next_cursor = _encode_row(rows[-1], fields, False) if has_more else None
        previous_cursor = _encode_row(rows[0], fields, True) if rows else None
    return KeysetPage(rows, next_cursor, previous_cursor)


def _encode_row(row, fields: tuple[str, ...], reverse: bool) -> str:
    return _encode([_value(row, _name(f)) for f in fields], reverse)
