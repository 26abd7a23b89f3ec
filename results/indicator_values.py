"""A result's indicator values, stored on its row.

A value belongs to one result, per plan indicator and test condition, and is always read, written
and judged with the rest of its result's values: so they are one column of the result row, a
compact JSON array, not a row each (nine rows a result cost ~590 B with their key, and an import
of 100,000 results 900,000 rows and 1.8 million foreign-key checks; the column costs ~150 B).

The text is canonical, so that two equal sets of values are equal strings (an import tells a
changed result from an unchanged one by comparing them): sorted by plan indicator and condition,
each value ``[plan indicator id, declared, tested, passed, unit, condition]`` without its trailing
empty fields, whole numbers without a decimal point, no spaces. A value in its plan indicator's
own unit is stored without the unit ('' means the plan's unit; ``in_plan_units``): one spelling
of it, and ~45 B a result less, as nearly every value is given in the plan's unit."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True, slots=True)
class IndicatorValue:
    """One indicator's value at one test condition: the enterprise-standard (declared) value, the
    tested one, or a pass/fail, in ``unit`` ('' for the plan's)."""

    plan_indicator_id: int
    declared_value: float | None = None
    tested_value: float | None = None
    passed: bool | None = None
    unit: str = ""
    condition: str = ""

    @property
    def is_tested(self) -> bool:
        """A test gave it (a measured value or a pass/fail): a test report must cover it."""
        return self.tested_value is not None or self.passed is not None

    @property
    def is_given(self) -> bool:
        """Something was entered: a number or a pass/fail (a row left empty is not stored)."""
        return self.declared_value is not None or self.is_tested

    @property
    def number(self) -> float | None:
        """What the value is judged and ranked by: the tested value where a test gave one, else
        the declared (enterprise-standard) one."""
        return self.tested_value if self.tested_value is not None else self.declared_value

    @property
    def key(self) -> tuple[int, str]:
        """What a result has one value of."""
        return self.plan_indicator_id, self.condition

    def as_row(self) -> tuple:
        """(plan indicator id, declared, tested, passed, unit, condition): the import's order."""
        return (self.plan_indicator_id, self.declared_value, self.tested_value, self.passed, self.unit,
                self.condition)


_EMPTY_TAIL = (None, "")


def in_plan_units(values: Iterable[IndicatorValue], plan_units: Mapping[int, str]) -> tuple[IndicatorValue, ...]:
    """``values`` with the unit left blank where it is the plan indicator's own (by id in
    ``plan_units``): how every write path stores them."""
    return tuple(
        IndicatorValue(v.plan_indicator_id, v.declared_value, v.tested_value, v.passed, "", v.condition)
        if v.unit and v.unit == plan_units.get(v.plan_indicator_id) else v
        for v in values
    )


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    value = float(value)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def encode_values(values: Iterable[IndicatorValue | tuple], *, remembered: dict | None = None) -> str:
    """The canonical text of ``values`` (value objects or rows in ``as_row`` order): a JSON list
    of rows ordered by plan indicator and condition, each row without its empty tail.

    ``remembered`` (a dictionary the caller keeps, e.g. for one import) holds each row's text
    by the row: a measured value repeats across products, and a look-up costs a fraction of the
    encoding. Rows equal as tuples encode alike (1, 1.0 and True; 0.0 and -0.0), so sharing is
    safe."""
    rows = [value.as_row() if isinstance(value, IndicatorValue) else value for value in values]
    rows.sort(key=_canonical_order)
    if remembered is None:
        return "[" + ",".join(map(_row_text, rows)) + "]"
    texts = []
    for row in rows:
        text = remembered.get(row)
        if text is None:
            text = _row_text(row)
            if len(remembered) >= REMEMBERED_ROWS:
                remembered.clear()
            remembered[row] = text
        texts.append(text)
    return "[" + ",".join(texts) + "]"


REMEMBERED_ROWS = 200_000  # ~40 MB of rows and their texts at most


def _canonical_order(row: tuple) -> tuple:
    return int(row[0]), row[5] or ""


def _row_text(value: tuple) -> str:
    pi, declared, tested, passed, unit, condition = value
    row = [int(pi), _number(declared), _number(tested), None if passed is None else bool(passed), unit or "",
           condition or ""]
    while len(row) > 1 and row[-1] in _EMPTY_TAIL:
        row.pop()
    # NaN or infinity is no measurement: refused here rather than stored as invalid JSON.
    return json.dumps(row, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def decode_values(text: str | list) -> tuple[IndicatorValue, ...]:
    rows = json.loads(text) if isinstance(text, str) else text
    values = []
    for row in rows:
        pi, declared, tested, passed, unit, condition = (*row, *(None,) * (6 - len(row)))
        values.append(IndicatorValue(
            int(pi), None if declared is None else float(declared), None if tested is None else float(tested),
            passed, unit or "", condition or "",
        ))
    return tuple(values)


class IndicatorValuesField(models.Field):
    """The values as a tuple of ``IndicatorValue`` in Python, their canonical JSON text in the
    database (a text column: PostgreSQL's json type has no equality, which DISTINCT and the
    imports' comparison need)."""

    description = _("指标值")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", tuple)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def get_internal_type(self) -> str:
        return "TextField"

    def from_db_value(self, value, expression, connection):
        return () if value is None else decode_values(value)

    def to_python(self, value):
        if value is None:
            return ()
        if isinstance(value, str):
            try:
                return decode_values(value)
            except (ValueError, TypeError) as error:
                raise ValidationError(_("指标值格式有误。"), code="invalid") from error
        return tuple(v if isinstance(v, IndicatorValue) else IndicatorValue(*v) for v in value)

    def get_prep_value(self, value):
        return encode_values(self.to_python(value))

    def value_to_string(self, obj) -> str:
        return self.get_prep_value(self.value_from_object(obj))
