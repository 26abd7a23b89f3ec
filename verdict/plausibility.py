"""What a measured value can physically be, and the slip that looks like a fraction typed as a
percentage. Pure, like the rest of the engine.

A library indicator may state its possible range; when it states none, ``default_range`` derives
one from its unit: a one-sided percentage (a content, an efficiency, a rate) lies in 0–100 %; a
quantity with a dimension (a pressure, a mass, a length, a time, a flow) is never negative; a
temperature, a level in dB, a two-sided percentage (a dimensional change of −3 %…+3 %) and a bare
number are not bounded here.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import units
from .tolerance import at_limit
from .vocabulary import Direction

Bounds = tuple[float | None, float | None]

_PERCENT = frozenset({"%", "percent"})


def default_range(unit: str, direction: Direction | str, is_difference: bool = False) -> Bounds:
    direction = Direction(direction)
    normalised = units.normalise_unit(unit or "")
    if not normalised or direction is Direction.PASS_FAIL:
        return (None, None)
    if normalised in _PERCENT:
        return (0.0, 100.0) if direction.is_one_sided else (None, None)
    if is_difference or units.marks_difference(unit):
        return (None, None)
    return (0.0, None) if units.non_negative_quantity(normalised) else (None, None)


def bounds_in(bounds: Bounds, from_unit: str, to_unit: str, is_difference: bool = False) -> Bounds:
    """``bounds`` stated in ``from_unit`` (a library indicator's), in ``to_unit`` (a plan's)."""
    conversion = units.conversion(from_unit, to_unit or from_unit, is_difference)
    if not conversion.ok:
        return (None, None)
    return tuple(None if b is None else b * conversion.factor + conversion.offset for b in bounds)  # type: ignore


def outside(value: float, value_unit: str, indicator_unit: str, bounds: Bounds,
            is_difference: bool = False) -> tuple[str, float] | None:
    """("below", bound) or ("above", bound) when the value, converted to the indicator's unit,
    lies outside ``bounds``; None when it lies inside or cannot be converted (the verdict says so)."""
    low, high = bounds
    if low is None and high is None:
        return None
    conversion = units.conversion(value_unit or indicator_unit, indicator_unit, is_difference)
    if not conversion.ok:
        return None
    converted = value * conversion.factor + conversion.offset
    if low is not None and converted < low and not at_limit(converted, low):
        return ("below", low)
    if high is not None and converted > high and not at_limit(converted, high):
        return ("above", high)
    return None


def fraction_typed_as_percent(value: float, value_unit: str,
                              limits: Iterable[tuple[float | None, float | None, str]]) -> float | None:
    """The percentage meant (96.0) when ``value`` looks like a fraction typed into a % field
    (0.96 %) against a requirement of 50 % or more; None otherwise."""
    if units.normalise_unit(value_unit or "") not in _PERCENT or not 0 < value <= 1:
        return None
    for minimum, maximum, unit in limits:
        conversion = units.conversion(unit or "%", "%")
        if not conversion.ok:
            continue
        for limit in (minimum, maximum):
            if limit is not None and limit * conversion.factor + conversion.offset >= 50:
                return value * 100
    return None
