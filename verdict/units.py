"""Unit resolution for the verdict: the only module that imports pint.

Standards state the same limit in different units (GB 2626 in Pa, EN 149 in mbar, NIOSH in
mm H₂O), and enterprises type units by hand in Chinese, full-width or typographic variants.
This module turns a pair of unit strings into a `Conversion` (``to = from × factor + offset``)
once per pair; the verdict's hot path then only multiplies floats. pint costs ~45 µs per
conversion, a multiplication ~0.06 µs (docs: PERFORMANCE.md), and an import evaluates
100k results × 8 indicators × 3 standards.

Temperatures are ambiguous: "°C → K" is +273.15 for a temperature but ×1 for a temperature rise
(温升). Callers say which they mean with ``difference=True``; a unit spelt with Δ ("Δ°C", "ΔK")
is always a difference.
"""

from __future__ import annotations

import enum
import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pint is imported lazily: building its registry takes a fraction of a second
    import pint


class UnitProblem(enum.StrEnum):
    UNKNOWN_UNIT = "unknown_unit"  # the text is not a unit we can read
    INCOMPATIBLE_UNITS = "incompatible_units"  # both readable, but different physical quantities
    NONLINEAR_CONVERSION = "nonlinear_conversion"  # e.g. dB → ratio: not a factor and an offset


@dataclass(frozen=True, slots=True)
class Conversion:
    """How to express a value given in ``from_unit`` in ``to_unit``: ``value × factor + offset``.

    When ``problem`` is set the conversion is impossible; ``unknown_unit`` names the offending
    text (as the caller wrote it) and ``detail`` carries pint's explanation in English.
    """

    from_unit: str
    to_unit: str
    factor: float = 1.0
    offset: float = 0.0
    problem: UnitProblem | None = None
    unknown_unit: str = ""
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.problem is None

    def apply(self, value: float) -> float:
        return value * self.factor + self.offset


# Chinese unit names an enterprise may type instead of symbols. Matched longest first, so that
# "千帕" is read as kPa, not as "千" + Pa.
_CHINESE_UNIT_NAMES: dict[str, str] = {
    "帕斯卡": "Pa",
    "千帕": "kPa",
    "兆帕": "MPa",
    "帕": "Pa",
    "毫巴": "mbar",
    "毫米水柱": "mmH2O",
    "毫升": "mL",
    "升": "L",
    "分钟": "min",
    "小时": "h",
    "秒": "s",
    "摄氏度": "degC",
    "开尔文": "K",
    "分贝": "dB",
    "毫克": "mg",
    "微克": "ug",
    "千克": "kg",
    "公斤": "kg",
    "克": "g",
    "立方米": "m**3",
    "平方米": "m**2",
    "平方毫米": "mm**2",
    "毫米": "mm",
    "微米": "um",
    "厘米": "cm",
    "米": "m",
    "千瓦时": "kWh",
    "千瓦": "kW",
    "瓦": "W",
    "牛顿": "N",
    "牛": "N",
    "百分比": "%",
}
_CHINESE_NAME_PATTERN = re.compile(
    "|".join(re.escape(name) for name in sorted(_CHINESE_UNIT_NAMES, key=len, reverse=True))
)
# "mm H2O", "mm H₂O" (NFKC turns ₂ into 2), "mm水柱", any case of "h2o"
_WATER_COLUMN = re.compile(r"mm\s*(?:H2O|水柱)", re.IGNORECASE)
# NFKC turns m³ into m3, which pint reads as an unknown unit "m3"; make the exponent explicit.
_LENGTH_POWER = re.compile(r"(?<![A-Za-z])(km|dm|cm|mm|um|μm|m)([23])(?![0-9])")
_DELTA_TEMPERATURE = re.compile(r"(?:Δ|∆|delta_?)\s*(°C|°F|degC|degF|K)", re.IGNORECASE)
_CELSIUS = re.compile(r"(?<![A-Za-z_])(?:°C|degC)(?![A-Za-z])")
_FAHRENHEIT = re.compile(r"(?<![A-Za-z_])(?:°F|degF)(?![A-Za-z])")
_SOUND_LEVEL_A = re.compile(r"dB\s*\(?\s*A\s*\)?$")


@functools.lru_cache(maxsize=4096)
def normalise_unit(text: str) -> str:
    """A unit string in the spelling pint reads, with typographic and Chinese variants folded.

    "℃" → "degC", "％" → "%", "mm H₂O" → "mmH2O", "mg/m³" → "mg/m**3", "µm" → "μm", "千帕" → "kPa",
    "dB(A)" → "dBA", "Δ℃" → "delta_degC". Case is kept: mPa and MPa differ by 10⁹.
    """
    unit = unicodedata.normalize("NFKC", text).strip()  # full-width → ASCII, ℃ → °C, ³ → 3
    unit = _CHINESE_NAME_PATTERN.sub(lambda match: _CHINESE_UNIT_NAMES[match.group(0)], unit)
    unit = _WATER_COLUMN.sub("mmH2O", unit)
    unit = _SOUND_LEVEL_A.sub("dBA", unit)
    unit = _DELTA_TEMPERATURE.sub(lambda match: _delta_of(match.group(1)), unit)
    unit = _CELSIUS.sub("degC", unit)
    unit = _FAHRENHEIT.sub("degF", unit)
    unit = _LENGTH_POWER.sub(r"\1**\2", unit)
    unit = unit.replace("·", "*").replace("×", "*")
    unit = re.sub(r"\s+", " ", unit)
    return unit


def _delta_of(temperature_unit: str) -> str:
    if temperature_unit.upper() == "K":
        return "K"  # a kelvin is already an interval as well as a temperature
    return "delta_degF" if "F" in temperature_unit.upper() else "delta_degC"


def marks_difference(text: str) -> bool:
    """Whether a unit is spelt as a temperature difference (Δ℃, ΔK, delta_degC)."""
    return bool(_DELTA_TEMPERATURE.search(unicodedata.normalize("NFKC", text)))


def _as_difference(normalised_unit: str) -> str:
    unit = re.sub(r"(?<![A-Za-z_])degC(?![A-Za-z])", "delta_degC", normalised_unit)
    return re.sub(r"(?<![A-Za-z_])degF(?![A-Za-z])", "delta_degF", unit)


@functools.lru_cache(maxsize=4096)
def conversion(from_unit: str, to_unit: str, difference: bool = False) -> Conversion:
    """The conversion from one unit string to another; pint is asked once per normalised pair.

    ``difference=True`` reads °C and °F as intervals (a temperature rise): 10 K == 10 °C.
    Cached on the strings as written, so the verdict's hot path costs one dictionary look-up.
    The returned Conversion names the units as the caller wrote them, for messages.
    """
    normalised_from, normalised_to = normalise_unit(from_unit), normalise_unit(to_unit)
    if difference:
        normalised_from = _as_difference(normalised_from)
        normalised_to = _as_difference(normalised_to)
    resolved = _conversion_between_normalised(normalised_from, normalised_to)
    unknown = resolved.unknown_unit
    if unknown:  # report the text the user typed, not our spelling of it
        unknown = from_unit if unknown == normalised_from else to_unit
    return Conversion(
        from_unit, to_unit, resolved.factor, resolved.offset, resolved.problem, unknown,
        resolved.detail,
    )


def unit_problem(text: str) -> str:
    """'' when the unit is readable, else pint's explanation (for validating plans and forms)."""
    normalised = normalise_unit(text)
    resolved = _conversion_between_normalised(normalised, normalised)
    if resolved.problem is UnitProblem.UNKNOWN_UNIT:
        return resolved.detail
    return ""


@functools.lru_cache(maxsize=1024)
def non_negative_quantity(normalised_unit: str) -> bool:
    """Whether a quantity in this (normalised) unit has a dimension and cannot be negative: not a
    temperature, not a level (dB), not a bare number, not a unit pint does not read."""
    if not normalised_unit or "deg" in normalised_unit or "dB" in normalised_unit:
        return False
    try:
        dimensionality = _registry().parse_units(normalised_unit).dimensionality
    except Exception:  # pint's parser raises anything on hand-typed text
        return False
    return bool(dimensionality) and "[temperature]" not in dimensionality


@functools.lru_cache(maxsize=4096)
def _conversion_between_normalised(from_unit: str, to_unit: str) -> Conversion:
    """The only function that calls pint. Its cache_info().misses counts pint look-ups."""
    registry = _registry()
    for unit in (from_unit, to_unit):
        try:
            registry.parse_units(unit or "dimensionless")
        # pint's parser raises whatever its tokenizer hits on hand-typed text (AssertionError
        # for "kg/", TokenError for "(", ZeroDivisionError for "1/0"); it must not crash a worker.
        except Exception as error:
            return Conversion(
                from_unit, to_unit, problem=UnitProblem.UNKNOWN_UNIT, unknown_unit=unit,
                detail=str(error) or f"cannot read unit '{unit}'",
            )
    if from_unit == to_unit:
        # Also the only safe path for levels (dB): pint reads them logarithmically.
        return Conversion(from_unit, to_unit)
    try:
        target = to_unit or "dimensionless"
        at_zero, at_one, at_hundred = (
            registry.Quantity(value, from_unit or "dimensionless").to(target).magnitude
            for value in (0.0, 1.0, 100.0)
        )
    except Exception as error:  # DimensionalityError, OffsetUnitCalculusError, …
        return Conversion(
            from_unit, to_unit, problem=UnitProblem.INCOMPATIBLE_UNITS,
            detail=str(error) or f"cannot convert '{from_unit}' to '{to_unit}'",
        )
    factor, offset = float(at_one - at_zero), float(at_zero)
    if offset:
        # 274.15 − 273.15 is 0.9999999999999773 in floats; the true factors (1, 5/9, 9/5) survive
        # rounding to 12 digits, the float noise does not.
        factor = float(f"{factor:.12g}")
    # A factor and an offset describe only linear conversions; logarithmic ones (dB → ratio) fail.
    if not math.isclose(factor * 100.0 + offset, float(at_hundred), rel_tol=1e-9, abs_tol=1e-12):
        return Conversion(
            from_unit, to_unit, problem=UnitProblem.NONLINEAR_CONVERSION,
            detail=f"'{from_unit}' → '{to_unit}' is not a linear conversion",
        )
    return Conversion(from_unit, to_unit, factor, offset)


@functools.cache
def _registry() -> pint.UnitRegistry:
    import pint

    registry = pint.UnitRegistry()
    # A-weighted sound level is not convertible to an unweighted one: its own dimension says so.
    registry.define("A_weighted_decibel = [a_weighted_sound_level] = dBA")
    return registry


def pint_lookups() -> int:
    """How many unit pairs pint has resolved in this process (cache misses); for tests and bench."""
    return _conversion_between_normalised.cache_info().misses


def clear_caches() -> None:
    conversion.cache_clear()
    normalise_unit.cache_clear()
    _conversion_between_normalised.cache_clear()
